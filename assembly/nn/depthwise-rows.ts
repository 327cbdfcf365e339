// Depthwise convolution with a kernel 3 wide, stride 1 and dilation 1 along W (the
// MobileNet 3x3 case), channels last, over an explicitly zero-padded input. Register
// tile: 8 (then 4, then 1) consecutive output pixels of one output row x one vector of
// channels. Along W the 8 pixels read 10 input vectors per kernel row, and each input
// vector is loaded once and feeds the (up to) 3 accumulators it belongs to, so a kernel
// row costs 10 input + 3 weight loads for 24 multiply-adds (the indirect kernel needs 2
// loads per multiply-add). The channel loop is inside the pixel tile so the 10 x rows
// input pixels and the weights stay in L1 while the tile runs over the channels.
//
//   out[n, od, oh, ow, c] = bias[c] + sum_{r < rows, kw < 3} xp[origin(n, od, oh) + rowTap[r] + (ow + kw) * pixel + c] * W[3 r + kw, c]
//
// Preconditions (checked by the TypeScript caller, not here):
// - xp is [N, Dp, Hp, Wp, channels] (every tap of every output pixel inside it), pixels
//   pixelBytes = channels * sizeof(T) apart, followed by at least one vector of slack
//   (the last, partial channel vector reads past a pixel; those lanes are never stored);
// - `geom` holds 10 i32: pixelBytes, Dp, Hp, Wp, oD, oH, oW, sD, sH, sW (sW = 1 here);
// - `rowTaps` holds `rows` i32 byte offsets from a window origin, one per kernel row
//   (kd, kh), the offset of its kw = 0 tap;
// - w is packed by src/nn/pack.ts packDepthwise (taps = 3 * rows in (kd, kh, kw) order),
//   cp = its row length in elements (channels rounded up; extra entries zero);
// - out is dense [N, oD, oH, oW, channels].
// Output rows (n, od, oh) [first, first + count) are computed, each the same way for any
// split, so workers can split the rows. Every output element sums bias, then the taps in
// (kd, kh, kw) order, in all three pixel tiles.
import { madd } from '../direct/simd';

/** Stores the first `lanes` lanes of v at dst (a partial last channel vector). */
// @ts-ignore: decorator
@inline
function storeLanes<T>(dst: usize, v: v128, lanes: i32): void {
  if (sizeof<T>() == 4) {
    store<f32>(dst, f32x4.extract_lane(v, 0));
    if (lanes > 1) store<f32>(dst, f32x4.extract_lane(v, 1), 4);
    if (lanes > 2) store<f32>(dst, f32x4.extract_lane(v, 2), 8);
  } else {
    store<f64>(dst, f64x2.extract_lane(v, 0));
  }
}

// @ts-ignore: decorator
@inline
function storeVector<T>(dst: usize, v: v128, lanes: i32, full: i32): void {
  if (lanes == full) v128.store(dst, v);
  else storeLanes<T>(dst, v, lanes);
}

// @ts-ignore: decorator
@inline
function depthwiseRows<T>(
  xp: usize, geom: usize, rowTaps: usize, rows: i32, channels: i32, w: usize, cp: i32, first: i32, count: i32, out: usize,
): void {
  const size = <usize>sizeof<T>();
  const full = <i32>(16 / size);
  const pb = <usize>load<i32>(geom);
  const Dp = load<i32>(geom, 4), Hp = load<i32>(geom, 8), Wp = load<i32>(geom, 12);
  const oD = load<i32>(geom, 16), oH = load<i32>(geom, 20), oW = load<i32>(geom, 24);
  const sD = load<i32>(geom, 28), sH = load<i32>(geom, 32);
  const wRow = <usize>cp * size;
  const w3 = 3 * wRow;
  const outPixel = <usize>channels * size;
  for (let row = first; row < first + count; row++) {
    const oh = row % oH, od = (row / oH) % oD, n = row / (oH * oD);
    const origin = xp + <usize>(((n * Dp + od * sD) * Hp + oh * sH) * Wp) * pb;
    const outRow = out + <usize>row * <usize>oW * outPixel;
    let ow = 0;
    for (; ow + 8 <= oW; ow += 8) {
      const x0 = origin + <usize>ow * pb;
      const o = outRow + <usize>ow * outPixel;
      for (let c = 0; c < channels; c += full) {
        const cb = <usize>c * size;
        const bias = v128.load(w + cb);
        let a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias;
        let wp = w + wRow + cb;
        for (let r = 0; r < rows; r++) {
          const p = x0 + <usize>load<i32>(rowTaps + <usize>r * 4) + cb;
          const w0 = v128.load(wp), w1 = v128.load(wp + wRow), w2 = v128.load(wp + 2 * wRow);
          let x = v128.load(p);
          a0 = madd<T>(x, w0, a0);
          x = v128.load(p + pb);
          a0 = madd<T>(x, w1, a0); a1 = madd<T>(x, w0, a1);
          x = v128.load(p + 2 * pb);
          a0 = madd<T>(x, w2, a0); a1 = madd<T>(x, w1, a1); a2 = madd<T>(x, w0, a2);
          x = v128.load(p + 3 * pb);
          a1 = madd<T>(x, w2, a1); a2 = madd<T>(x, w1, a2); a3 = madd<T>(x, w0, a3);
          x = v128.load(p + 4 * pb);
          a2 = madd<T>(x, w2, a2); a3 = madd<T>(x, w1, a3); a4 = madd<T>(x, w0, a4);
          x = v128.load(p + 5 * pb);
          a3 = madd<T>(x, w2, a3); a4 = madd<T>(x, w1, a4); a5 = madd<T>(x, w0, a5);
          x = v128.load(p + 6 * pb);
          a4 = madd<T>(x, w2, a4); a5 = madd<T>(x, w1, a5); a6 = madd<T>(x, w0, a6);
          x = v128.load(p + 7 * pb);
          a5 = madd<T>(x, w2, a5); a6 = madd<T>(x, w1, a6); a7 = madd<T>(x, w0, a7);
          x = v128.load(p + 8 * pb);
          a6 = madd<T>(x, w2, a6); a7 = madd<T>(x, w1, a7);
          x = v128.load(p + 9 * pb);
          a7 = madd<T>(x, w2, a7);
          wp += w3;
        }
        const lanes = min(full, channels - c);
        const q = o + cb;
        storeVector<T>(q, a0, lanes, full); storeVector<T>(q + outPixel, a1, lanes, full);
        storeVector<T>(q + 2 * outPixel, a2, lanes, full); storeVector<T>(q + 3 * outPixel, a3, lanes, full);
        storeVector<T>(q + 4 * outPixel, a4, lanes, full); storeVector<T>(q + 5 * outPixel, a5, lanes, full);
        storeVector<T>(q + 6 * outPixel, a6, lanes, full); storeVector<T>(q + 7 * outPixel, a7, lanes, full);
      }
    }
    for (; ow + 4 <= oW; ow += 4) {
      const x0 = origin + <usize>ow * pb;
      const o = outRow + <usize>ow * outPixel;
      for (let c = 0; c < channels; c += full) {
        const cb = <usize>c * size;
        const bias = v128.load(w + cb);
        let a0 = bias, a1 = bias, a2 = bias, a3 = bias;
        let wp = w + wRow + cb;
        for (let r = 0; r < rows; r++) {
          const p = x0 + <usize>load<i32>(rowTaps + <usize>r * 4) + cb;
          const w0 = v128.load(wp), w1 = v128.load(wp + wRow), w2 = v128.load(wp + 2 * wRow);
          let x = v128.load(p);
          a0 = madd<T>(x, w0, a0);
          x = v128.load(p + pb);
          a0 = madd<T>(x, w1, a0); a1 = madd<T>(x, w0, a1);
          x = v128.load(p + 2 * pb);
          a0 = madd<T>(x, w2, a0); a1 = madd<T>(x, w1, a1); a2 = madd<T>(x, w0, a2);
          x = v128.load(p + 3 * pb);
          a1 = madd<T>(x, w2, a1); a2 = madd<T>(x, w1, a2); a3 = madd<T>(x, w0, a3);
          x = v128.load(p + 4 * pb);
          a2 = madd<T>(x, w2, a2); a3 = madd<T>(x, w1, a3);
          x = v128.load(p + 5 * pb);
          a3 = madd<T>(x, w2, a3);
          wp += w3;
        }
        const lanes = min(full, channels - c);
        const q = o + cb;
        storeVector<T>(q, a0, lanes, full); storeVector<T>(q + outPixel, a1, lanes, full);
        storeVector<T>(q + 2 * outPixel, a2, lanes, full); storeVector<T>(q + 3 * outPixel, a3, lanes, full);
      }
    }
    for (; ow < oW; ow++) {
      const x0 = origin + <usize>ow * pb;
      const o = outRow + <usize>ow * outPixel;
      for (let c = 0; c < channels; c += full) {
        const cb = <usize>c * size;
        let a0 = v128.load(w + cb);
        let wp = w + wRow + cb;
        for (let r = 0; r < rows; r++) {
          const p = x0 + <usize>load<i32>(rowTaps + <usize>r * 4) + cb;
          a0 = madd<T>(v128.load(p), v128.load(wp), a0);
          a0 = madd<T>(v128.load(p + pb), v128.load(wp + wRow), a0);
          a0 = madd<T>(v128.load(p + 2 * pb), v128.load(wp + 2 * wRow), a0);
          wp += w3;
        }
        storeVector<T>(o + cb, a0, min(full, channels - c), full);
      }
    }
  }
}

export function depthwiseRowsF32(
  xp: usize, geom: usize, rowTaps: usize, rows: i32, channels: i32, w: usize, cp: i32, first: i32, count: i32, out: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) depthwiseRows<f32>(xp, geom, rowTaps, rows, channels, w, cp, first, count, out);
  else unreachable();
}

export function depthwiseRowsF64(
  xp: usize, geom: usize, rowTaps: usize, rows: i32, channels: i32, w: usize, cp: i32, first: i32, count: i32, out: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) depthwiseRows<f64>(xp, geom, rowTaps, rows, channels, w, cp, first, count, out);
  else unreachable();
}
