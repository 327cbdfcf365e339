// Depthwise convolution (one input channel per output channel), channels last.
//
//   out[m, c] = bias[c] + sum_{s < ks} A_s[m][c] * W[s, c]
//
// Preconditions (checked by the TypeScript caller, not here):
// - `ind` holds u32 byte addresses, `ks` per output row m; each addresses `channels`
//   contiguous input elements (padding taps address a zero buffer of that length);
// - `w` is packed by src/nn/pack.ts: `cp` bias values then ks rows of `cp` weights,
//   where cp = channels rounded up to two vectors; extra entries are zero;
// - out rows are `channels` elements apart (dense NHWC output).
// Rows [first, first + count) are computed, so workers can split the rows.
// The channel loop runs 4 vectors at a time (16 f32 / 8 f64 channels), then one
// vector, then a scalar tail.
import { madd } from '../direct/simd';
import { storeBlock } from './igemm';

// @ts-ignore: decorator
@inline
function depthwise<T>(ind: usize, first: i32, count: i32, ks: i32, channels: i32, w: usize, out: usize): void {
  const size = <usize>sizeof<T>();
  const lanes = <i32>(16 / size);
  const nr = 2 * lanes;
  const cp = (channels + nr - 1) / nr * nr;
  const wRow = <usize>cp * size;
  for (let m = first; m < first + count; m++) {
    const row = ind + <usize>(m * ks) * 4;
    const o = out + <usize>m * <usize>channels * size;
    let c = 0;
    for (; c + 4 * lanes <= channels; c += 4 * lanes) {
      const cb = <usize>c * size;
      let acc0 = v128.load(w + cb), acc1 = v128.load(w + cb, 16);
      let acc2 = v128.load(w + cb, 32), acc3 = v128.load(w + cb, 48);
      let wp = w + wRow + cb;
      for (let s = 0; s < ks; s++) {
        const p = <usize>load<u32>(row + <usize>s * 4) + cb;
        acc0 = madd<T>(v128.load(p), v128.load(wp), acc0);
        acc1 = madd<T>(v128.load(p, 16), v128.load(wp, 16), acc1);
        acc2 = madd<T>(v128.load(p, 32), v128.load(wp, 32), acc2);
        acc3 = madd<T>(v128.load(p, 48), v128.load(wp, 48), acc3);
        wp += wRow;
      }
      v128.store(o + cb, acc0); v128.store(o + cb, acc1, 16);
      v128.store(o + cb, acc2, 32); v128.store(o + cb, acc3, 48);
    }
    for (; c + lanes <= channels; c += lanes) {
      const cb = <usize>c * size;
      let acc = v128.load(w + cb);
      let wp = w + wRow + cb;
      for (let s = 0; s < ks; s++) {
        acc = madd<T>(v128.load(<usize>load<u32>(row + <usize>s * 4) + cb), v128.load(wp), acc);
        wp += wRow;
      }
      v128.store(o + cb, acc);
    }
    for (; c < channels; c++) {
      const cb = <usize>c * size;
      let acc = load<T>(w + cb);
      let wp = w + wRow + cb;
      for (let s = 0; s < ks; s++) {
        acc += load<T>(<usize>load<u32>(row + <usize>s * 4) + cb) * load<T>(wp);
        wp += wRow;
      }
      store<T>(o + cb, acc);
    }
  }
}

export function depthwiseF32(ind: usize, first: i32, count: i32, ks: i32, channels: i32, w: usize, out: usize): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) depthwise<f32>(ind, first, count, ks, channels, w, out);
  else unreachable();
}

export function depthwiseF64(ind: usize, first: i32, count: i32, ks: i32, channels: i32, w: usize, out: usize): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) depthwise<f64>(ind, first, count, ks, channels, w, out);
  else unreachable();
}

/**
 * Depthwise convolution over an explicitly zero-padded input (as conv-direct.ts):
 * 4 output pixels of one output row x 2 vectors of channels per register tile, each
 * weight vector loaded once per tap for the 4 pixels, tap addresses computed from
 * `taps` (byte offsets from a window origin).
 *
 * Preconditions (checked by the TypeScript caller, not here):
 * - xp is [N, Dp, Hp, Wp, channels] (every tap of every output pixel inside it) and is
 *   followed by at least 2 vectors of slack (the last channel block may read past a
 *   pixel; those lanes are never stored);
 * - `geom` holds 10 i32: pixelBytes, Dp, Hp, Wp, oD, oH, oW, sD, sH, sW;
 * - w is packed by src/nn/pack.ts packDepthwise with cp a multiple of 2 vectors;
 * - out is dense [N, oD, oH, oW, channels].
 * Output rows (n, od, oh) [first, first + count) are computed.
 */
// @ts-ignore: decorator
@inline
function depthwiseDirect<T>(
  xp: usize, geom: usize, taps: usize, ks: i32, channels: i32, w: usize, first: i32, count: i32, out: usize,
): void {
  const size = <usize>sizeof<T>();
  const nr = <i32>(32 / size);
  const pixelBytes = <usize>load<i32>(geom);
  const Dp = load<i32>(geom, 4), Hp = load<i32>(geom, 8), Wp = load<i32>(geom, 12);
  const oD = load<i32>(geom, 16), oH = load<i32>(geom, 20), oW = load<i32>(geom, 24);
  const sD = load<i32>(geom, 28), sH = load<i32>(geom, 32), sW = load<i32>(geom, 36);
  const cp = (channels + nr - 1) / nr * nr;
  const wRow = <usize>cp * size;
  const step = <usize>sW * pixelBytes;
  const outPixel = <usize>channels * size;
  for (let row = first; row < first + count; row++) {
    const oh = row % oH, od = (row / oH) % oD, n = row / (oH * oD);
    const origin = xp + <usize>(((n * Dp + od * sD) * Hp + oh * sH) * Wp) * pixelBytes;
    const outRow = out + <usize>row * <usize>oW * outPixel;
    for (let ow = 0; ow < oW; ow += 4) {
      const last = oW - 1;
      const p0 = origin + <usize>ow * step;
      const p1 = origin + <usize>min(ow + 1, last) * step;
      const p2 = origin + <usize>min(ow + 2, last) * step;
      const p3 = origin + <usize>min(ow + 3, last) * step;
      for (let c = 0; c < channels; c += nr) {
        const cb = <usize>c * size;
        let c00 = v128.load(w + cb), c01 = v128.load(w + cb, 16);
        let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
        let wp = w + wRow + cb;
        for (let s = 0; s < ks; s++) {
          const t = <usize>load<i32>(taps + <usize>s * 4) + cb;
          const w0 = v128.load(wp), w1 = v128.load(wp, 16);
          c00 = madd<T>(v128.load(p0 + t), w0, c00); c01 = madd<T>(v128.load(p0 + t, 16), w1, c01);
          c10 = madd<T>(v128.load(p1 + t), w0, c10); c11 = madd<T>(v128.load(p1 + t, 16), w1, c11);
          c20 = madd<T>(v128.load(p2 + t), w0, c20); c21 = madd<T>(v128.load(p2 + t, 16), w1, c21);
          c30 = madd<T>(v128.load(p3 + t), w0, c30); c31 = madd<T>(v128.load(p3 + t, 16), w1, c31);
          wp += wRow;
        }
        const cols = min(nr, channels - c);
        const o = outRow + <usize>ow * outPixel + cb;
        storeBlock<T>(o, c00, c01, cols, 0);
        if (ow + 1 < oW) storeBlock<T>(o + outPixel, c10, c11, cols, 0);
        if (ow + 2 < oW) storeBlock<T>(o + 2 * outPixel, c20, c21, cols, 0);
        if (ow + 3 < oW) storeBlock<T>(o + 3 * outPixel, c30, c31, cols, 0);
      }
    }
  }
}

export function depthwiseDirectF32(
  xp: usize, geom: usize, taps: usize, ks: i32, channels: i32, w: usize, first: i32, count: i32, out: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) depthwiseDirect<f32>(xp, geom, taps, ks, channels, w, first, count, out);
  else unreachable();
}

export function depthwiseDirectF64(
  xp: usize, geom: usize, taps: usize, ks: i32, channels: i32, w: usize, first: i32, count: i32, out: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) depthwiseDirect<f64>(xp, geom, taps, ks, channels, w, first, count, out);
  else unreachable();
}
