// Direct channels-last convolution over an explicitly zero-padded input: the igemm
// microkernel with its row pointers computed instead of loaded. Four consecutive
// output pixels of one output row read the input at a fixed stride, and every kernel
// tap is a fixed byte offset from a pixel's window origin, so no indirection table is
// built or read (which matters most with few channels per tap, e.g. a greyscale or
// RGB first layer).
//
//   out[m, n] = bias[n] + sum_{s < ks, c < kc} xp[origin(m) + tapOffset[s] + aOffset + c] * W[s, c, n]
//
// Preconditions (checked by the TypeScript caller, not here):
// - xp is the input padded by the caller: [N, Dp, Hp, Wp, C] with pixels pixelBytes
//   apart, so every tap of every output pixel is inside it;
// - `geom` holds 10 i32: pixelBytes, Dp, Hp, Wp, oD, oH, oW, sD, sH, sW;
// - `taps` holds ks i32 byte offsets of the taps from a window origin;
// - w is packed as for igemm (src/nn/pack.ts), out rows are outRowStride bytes apart.
// Output rows (n, od, oh) [first, first + count) are computed, each of oW pixels, so
// workers can split the rows.
import { madd } from '../direct/simd';
import { storeBlock } from './igemm';

// @ts-ignore: decorator
@inline
function convDirect<T>(
  xp: usize, geom: usize, taps: usize, ks: i32, kc: i32, aOffset: usize,
  first: i32, count: i32, w: usize, nc: i32, out: usize, outRowStride: usize,
): void {
  const size = <usize>sizeof<T>();
  const nr = <i32>(32 / size);
  const pixelBytes = <usize>load<i32>(geom);
  const Dp = load<i32>(geom, 4), Hp = load<i32>(geom, 8), Wp = load<i32>(geom, 12);
  const oD = load<i32>(geom, 16), oH = load<i32>(geom, 20), oW = load<i32>(geom, 24);
  const sD = load<i32>(geom, 28), sH = load<i32>(geom, 32), sW = load<i32>(geom, 36);
  const blockBytes = <usize>(nr + ks * kc * nr) * size;
  const step = <usize>sW * pixelBytes;
  const kcBytes = <usize>kc * size;
  for (let row = first; row < first + count; row++) {
    const oh = row % oH, od = (row / oH) % oD, n = row / (oH * oD);
    const origin = xp + aOffset + <usize>(((n * Dp + od * sD) * Hp + oh * sH) * Wp) * pixelBytes;
    const outRow = out + <usize>row * <usize>oW * outRowStride;
    for (let ow = 0; ow < oW; ow += 4) {
      // Pixels past the row end repeat the last one; their results are not stored.
      const last = oW - 1;
      const p0 = origin + <usize>ow * step;
      const p1 = origin + <usize>min(ow + 1, last) * step;
      const p2 = origin + <usize>min(ow + 2, last) * step;
      const p3 = origin + <usize>min(ow + 3, last) * step;
      let wb = w;
      for (let n0 = 0; n0 < nc; n0 += nr) {
        let c00 = v128.load(wb), c01 = v128.load(wb, 16);
        let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
        let wp = wb + <usize>nr * size;
        if (kc == 1) {
          // One channel per tap (greyscale first layers): no channel loop.
          for (let s = 0; s < ks; s++) {
            const t = <usize>load<i32>(taps + <usize>s * 4);
            const b0 = v128.load(wp), b1 = v128.load(wp, 16);
            const v0 = v128.load_splat<T>(p0 + t), v1 = v128.load_splat<T>(p1 + t);
            const v2 = v128.load_splat<T>(p2 + t), v3 = v128.load_splat<T>(p3 + t);
            c00 = madd<T>(v0, b0, c00); c01 = madd<T>(v0, b1, c01);
            c10 = madd<T>(v1, b0, c10); c11 = madd<T>(v1, b1, c11);
            c20 = madd<T>(v2, b0, c20); c21 = madd<T>(v2, b1, c21);
            c30 = madd<T>(v3, b0, c30); c31 = madd<T>(v3, b1, c31);
            wp += 32;
          }
        } else for (let s = 0; s < ks; s++) {
          const t = <usize>load<i32>(taps + <usize>s * 4);
          let a0 = p0 + t, a1 = p1 + t, a2 = p2 + t, a3 = p3 + t;
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
        const cols = min(nr, nc - n0);
        const o = outRow + <usize>ow * outRowStride + <usize>n0 * size;
        storeBlock<T>(o, c00, c01, cols, 0);
        if (ow + 1 < oW) storeBlock<T>(o + outRowStride, c10, c11, cols, 0);
        if (ow + 2 < oW) storeBlock<T>(o + 2 * outRowStride, c20, c21, cols, 0);
        if (ow + 3 < oW) storeBlock<T>(o + 3 * outRowStride, c30, c31, cols, 0);
        wb += blockBytes;
      }
    }
  }
}

export function convDirectF32(
  xp: usize, geom: usize, taps: usize, ks: i32, kc: i32, aOffset: usize,
  first: i32, count: i32, w: usize, nc: i32, out: usize, outRowStride: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) convDirect<f32>(xp, geom, taps, ks, kc, aOffset, first, count, w, nc, out, outRowStride);
  else unreachable();
}

export function convDirectF64(
  xp: usize, geom: usize, taps: usize, ks: i32, kc: i32, aOffset: usize,
  first: i32, count: i32, w: usize, nc: i32, out: usize, outRowStride: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) convDirect<f64>(xp, geom, taps, ks, kc, aOffset, first, count, w, nc, out, outRowStride);
  else unreachable();
}
