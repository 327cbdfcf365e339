// Indirect GEMM: the microkernel behind every dense nn convolution (forward, the
// stride-1 transposed convolution, and the weight gradient).
//
//   out[m, n] (+)= bias[n] + sum_{s < ks, c < kc} A_s[m][c] * W[s, c, n]
//
// where row m of A is given by `ks` pointers (the indirection table): pointer s of row m
// addresses kc contiguous elements (e.g. the input channels of one kernel tap).
// A plain GEMM is the special case ks = 1.
//
// Preconditions (checked by the TypeScript caller, not here):
// - `ind` holds u32 byte addresses, `ks` per row, rows [0, M); pointers equal to `zero`
//   address a zero-filled buffer of at least kc elements and are NOT shifted by aOffset;
//   all other pointers are shifted by aOffset bytes (the group's channel offset);
// - `w` is packed by src/nn/pack.ts: per block of NR = 8 / sizeof(T) * 4 output columns,
//   NR bias values, then ks * kc rows of NR weights (columns past nc zero-filled);
// - out rows are outRowStride bytes apart; columns [0, nc) of each row are written;
// - if accumulate != 0 the result is added to what out already holds.
// Rows [first, first + count) are computed, so workers can split the rows.
// Register blocking: MR = 4 rows x 2 vectors (8 f32 / 4 f64 columns), 8 accumulators.
import { madd } from '../direct/simd';

/** Scratch for partial stores of the last column block. */
const scratch = memory.data(64, 16);

// @ts-ignore: decorator
@inline
export function storeBlock<T>(dst: usize, v0: v128, v1: v128, cols: i32, accumulate: i32): void {
  const size = <usize>sizeof<T>();
  const nr = <i32>(32 / size);
  if (cols == nr) {
    if (accumulate) {
      v0 = v128.add<T>(v0, v128.load(dst));
      v1 = v128.add<T>(v1, v128.load(dst, 16));
    }
    v128.store(dst, v0);
    v128.store(dst, v1, 16);
  } else {
    v128.store(scratch, v0);
    v128.store(scratch, v1, 16);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j * size;
      const value = load<T>(scratch + o);
      store<T>(dst + o, accumulate ? load<T>(dst + o) + value : value);
    }
  }
}

// @ts-ignore: decorator
@inline
function igemm<T>(
  ind: usize, zero: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  w: usize, nc: i32, out: usize, outRowStride: usize, accumulate: i32,
): void {
  const size = <usize>sizeof<T>();
  const nr = <i32>(32 / size);
  const blockBytes = <usize>(nr + ks * kc * nr) * size;
  const end = first + count;
  const kcBytes = <usize>kc * size;
  for (let m = first; m < end; m += 4) {
    // Rows past the end repeat the last row; their results are not stored.
    const last = end - 1;
    const r1 = min(m + 1, last), r2 = min(m + 2, last), r3 = min(m + 3, last);
    const i0 = ind + <usize>(m * ks) * 4, i1 = ind + <usize>(r1 * ks) * 4;
    const i2 = ind + <usize>(r2 * ks) * 4, i3 = ind + <usize>(r3 * ks) * 4;
    let wb = w;
    for (let n = 0; n < nc; n += nr) {
      let c00 = v128.load(wb), c01 = v128.load(wb, 16);
      let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
      let wp = wb + <usize>nr * size;
      for (let s = 0; s < ks; s++) {
        const so = <usize>s * 4;
        let a0 = <usize>load<u32>(i0 + so), a1 = <usize>load<u32>(i1 + so);
        let a2 = <usize>load<u32>(i2 + so), a3 = <usize>load<u32>(i3 + so);
        if (a0 != zero) a0 += aOffset;
        if (a1 != zero) a1 += aOffset;
        if (a2 != zero) a2 += aOffset;
        if (a3 != zero) a3 += aOffset;
        const aEnd = a0 + kcBytes;
        while (a0 < aEnd) {
          const b0 = v128.load(wp), b1 = v128.load(wp, 16);
          const v0 = v128.load_splat<T>(a0), v1 = v128.load_splat<T>(a1);
          const v2 = v128.load_splat<T>(a2), v3 = v128.load_splat<T>(a3);
          c00 = madd<T>(v0, b0, c00); c01 = madd<T>(v0, b1, c01);
          c10 = madd<T>(v1, b0, c10); c11 = madd<T>(v1, b1, c11);
          c20 = madd<T>(v2, b0, c20); c21 = madd<T>(v2, b1, c21);
          c30 = madd<T>(v3, b0, c30); c31 = madd<T>(v3, b1, c31);
          a0 += size; a1 += size; a2 += size; a3 += size;
          wp += 32;
        }
      }
      const cols = min(nr, nc - n);
      const o = out + <usize>n * size;
      storeBlock<T>(o + <usize>m * outRowStride, c00, c01, cols, accumulate);
      if (m + 1 < end) storeBlock<T>(o + <usize>(m + 1) * outRowStride, c10, c11, cols, accumulate);
      if (m + 2 < end) storeBlock<T>(o + <usize>(m + 2) * outRowStride, c20, c21, cols, accumulate);
      if (m + 3 < end) storeBlock<T>(o + <usize>(m + 3) * outRowStride, c30, c31, cols, accumulate);
      wb += blockBytes;
    }
  }
}

export function igemmF32(
  ind: usize, zero: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  w: usize, nc: i32, out: usize, outRowStride: usize, accumulate: i32,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) igemm<f32>(ind, zero, aOffset, first, count, ks, kc, w, nc, out, outRowStride, accumulate);
  else unreachable();
}

export function igemmF64(
  ind: usize, zero: usize, aOffset: usize, first: i32, count: i32, ks: i32, kc: i32,
  w: usize, nc: i32, out: usize, outRowStride: usize, accumulate: i32,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) igemm<f64>(ind, zero, aOffset, first, count, ks, kc, w, nc, out, outRowStride, accumulate);
  else unreachable();
}
