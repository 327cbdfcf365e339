// Data movement around the GEMM: column panels of an implicit im2col matrix (for the
// weight gradient), col2im scatter-add (transposed convolution), and a transpose.

/**
 * Packs rows [first, first + count) of the im2col matrix X (row m = the ks * kc values
 * its indirection pointers address) as GEMM weight panels for igemm with
 * K = count: per block of NR columns j = s * kc + c, NR zeros (the bias slot), then
 * `count` rows of NR values; columns past ks * kc are zero.
 *
 * Preconditions: `ind` as for igemm (pointers equal to `zero` are not shifted by
 * aOffset and address at least kc zeros); `dst` holds
 * ceil(ks * kc / NR) * (NR + count * NR) elements. Threads may split the column blocks
 * with [blockFirst, blockFirst + blockCount).
 */
// @ts-ignore: decorator
@inline
function packIm2colPanels<T>(
  ind: usize, zero: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  blockFirst: i32, blockCount: i32, dst: usize,
): void {
  const size = <usize>sizeof<T>();
  const nr = <i32>(32 / size);
  const columns = ks * kc;
  const blockBytes = <usize>(nr + count * nr) * size;
  for (let b = blockFirst; b < blockFirst + blockCount; b++) {
    const block = dst + <usize>b * blockBytes;
    v128.store(block, v128.splat<i32>(0));
    v128.store(block, v128.splat<i32>(0), 16);
    const j0 = b * nr;
    const width = min(nr, columns - j0);
    for (let r = 0; r < count; r++) {
      const rowInd = ind + <usize>((first + r) * ks) * 4;
      const d = block + <usize>((r + 1) * nr) * size;
      v128.store(d, v128.splat<i32>(0));
      v128.store(d, v128.splat<i32>(0), 16);
      // Walk the NR columns of this block: tap s, channel c.
      let s = j0 / kc, c = j0 - (j0 / kc) * kc;
      let p = <usize>load<u32>(rowInd + <usize>s * 4);
      if (p != zero) p += aOffset;
      for (let jj = 0; jj < width; jj++) {
        store<T>(d + <usize>jj * size, load<T>(p + <usize>c * size));
        if (++c == kc && jj + 1 < width) {
          c = 0; s++;
          p = <usize>load<u32>(rowInd + <usize>s * 4);
          if (p != zero) p += aOffset;
        }
      }
    }
  }
}

export function packIm2colPanelsF32(
  ind: usize, zero: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  blockFirst: i32, blockCount: i32, dst: usize,
): void {
  packIm2colPanels<f32>(ind, zero, aOffset, first, count, ks, kc, blockFirst, blockCount, dst);
}

export function packIm2colPanelsF64(
  ind: usize, zero: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  blockFirst: i32, blockCount: i32, dst: usize,
): void {
  packIm2colPanels<f64>(ind, zero, aOffset, first, count, ks, kc, blockFirst, blockCount, dst);
}

/**
 * col2im: for rows m in [first, first + count) and taps s < ks,
 *   dest_s(m)[c] += cols[m, s, c]   (c < kc)
 * where dest_s(m) = ind[m * ks + s] + aOffset, skipped when the pointer equals `skip`
 * (taps that fall in the padding). `cols` rows are colsRowStride bytes apart.
 * Preconditions: two rows that may hit the same destination must not be run by
 * different threads at once: split by whole images.
 */
// @ts-ignore: decorator
@inline
function col2im<T>(
  ind: usize, skip: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  cols: usize, colsRowStride: usize,
): void {
  const size = <usize>sizeof<T>();
  const lanes = <i32>(16 / size);
  for (let m = first; m < first + count; m++) {
    const rowInd = ind + <usize>(m * ks) * 4;
    let src = cols + <usize>m * colsRowStride;
    for (let s = 0; s < ks; s++) {
      let d = <usize>load<u32>(rowInd + <usize>s * 4);
      if (d != skip) {
        d += aOffset;
        let c = 0;
        for (; c + lanes <= kc; c += lanes) {
          const o = <usize>c * size;
          v128.store(d + o, v128.add<T>(v128.load(d + o), v128.load(src + o)));
        }
        for (; c < kc; c++) {
          const o = <usize>c * size;
          store<T>(d + o, load<T>(d + o) + load<T>(src + o));
        }
      }
      src += <usize>kc * size;
    }
  }
}

export function col2imF32(
  ind: usize, skip: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  cols: usize, colsRowStride: usize,
): void {
  col2im<f32>(ind, skip, aOffset, first, count, ks, kc, cols, colsRowStride);
}

export function col2imF64(
  ind: usize, skip: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  cols: usize, colsRowStride: usize,
): void {
  col2im<f64>(ind, skip, aOffset, first, count, ks, kc, cols, colsRowStride);
}

/**
 * dst[c, r] = src[r * srcRowStride + c] for r < rows (from `first`), c < cols; dst rows
 * are dstRowStride bytes apart. Blocked 8x8 for cache reuse. Rows of src may be split
 * between threads.
 */
// @ts-ignore: decorator
@inline
function transpose<T>(src: usize, srcRowStride: usize, first: i32, rows: i32, cols: i32, dst: usize, dstRowStride: usize): void {
  const size = <usize>sizeof<T>();
  for (let r0 = first; r0 < first + rows; r0 += 8) {
    const r1 = min(r0 + 8, first + rows);
    for (let c0 = 0; c0 < cols; c0 += 8) {
      const c1 = min(c0 + 8, cols);
      for (let r = r0; r < r1; r++) {
        const s = src + <usize>r * srcRowStride;
        for (let c = c0; c < c1; c++) {
          store<T>(dst + <usize>c * dstRowStride + <usize>r * size, load<T>(s + <usize>c * size));
        }
      }
    }
  }
}

export function transposeF32(src: usize, srcRowStride: usize, first: i32, rows: i32, cols: i32, dst: usize, dstRowStride: usize): void {
  transpose<f32>(src, srcRowStride, first, rows, cols, dst, dstRowStride);
}

export function transposeF64(src: usize, srcRowStride: usize, first: i32, rows: i32, cols: i32, dst: usize, dstRowStride: usize): void {
  transpose<f64>(src, srcRowStride, first, rows, cols, dst, dstRowStride);
}
