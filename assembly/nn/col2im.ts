// col2im scatter-add: the second half of a strided transposed convolution.

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
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) col2im<f32>(ind, skip, aOffset, first, count, ks, kc, cols, colsRowStride);
  else unreachable();
}

export function col2imF64(
  ind: usize, skip: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  cols: usize, colsRowStride: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) col2im<f64>(ind, skip, aOffset, first, count, ks, kc, cols, colsRowStride);
  else unreachable();
}
