// Generic N-d direct "valid" cross-correlation, the kernel behind method 'direct'.
//
// Preconditions (checked by the TypeScript caller, not here):
// - every array is dense, C-order, element type T (f32 or f64), 16-byte aligned;
// - rank >= 2 (callers prepend unit axes); for each axis d,
//   out[d] = in[d] - k[d] + 1 >= 1;
// - the output is zeroed by the caller: kernels accumulate into it;
// - the weights are already flipped when the caller wants a convolution.
// The loop nest vectorises along the last axis (output columns) with four
// accumulator vectors, i.e. 8 f64 or 16 f32 outputs per inner block.
import { madd } from './simd';

/** out[y, x] += sum_{ky < kh, kx < kw} in[y + ky, x + kx] * w[ky, kx] on one 2-D plane. */
// @ts-ignore: decorator
@inline
function correlatePlane<T>(
  inp: usize, inRowLength: i32, w: usize, kh: i32, kw: i32,
  out: usize, oh: i32, ow: i32,
): void {
  const size = <usize>sizeof<T>();
  const lanes = <i32>(16 / size);
  const block = 4 * lanes;
  const inRowBytes = <usize>inRowLength * size;
  for (let y = 0; y < oh; y++) {
    const outRow = out + <usize>(y * ow) * size;
    const inRow = inp + <usize>y * inRowBytes;
    let x = 0;
    for (; x + block <= ow; x += block) {
      const o = outRow + <usize>x * size;
      let a0 = v128.load(o), a1 = v128.load(o, 16), a2 = v128.load(o, 32), a3 = v128.load(o, 48);
      for (let ky = 0; ky < kh; ky++) {
        const ip = inRow + <usize>ky * inRowBytes + <usize>x * size;
        const wp = w + <usize>(ky * kw) * size;
        for (let kx = 0; kx < kw; kx++) {
          const wv = v128.splat<T>(load<T>(wp + <usize>kx * size));
          const p = ip + <usize>kx * size;
          a0 = madd<T>(wv, v128.load(p), a0);
          a1 = madd<T>(wv, v128.load(p, 16), a1);
          a2 = madd<T>(wv, v128.load(p, 32), a2);
          a3 = madd<T>(wv, v128.load(p, 48), a3);
        }
      }
      v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
    }
    for (; x + lanes <= ow; x += lanes) {
      const o = outRow + <usize>x * size;
      let a0 = v128.load(o);
      for (let ky = 0; ky < kh; ky++) {
        const ip = inRow + <usize>ky * inRowBytes + <usize>x * size;
        const wp = w + <usize>(ky * kw) * size;
        for (let kx = 0; kx < kw; kx++) {
          a0 = madd<T>(v128.splat<T>(load<T>(wp + <usize>kx * size)), v128.load(ip + <usize>kx * size), a0);
        }
      }
      v128.store(o, a0);
    }
    for (; x < ow; x++) {
      const o = outRow + <usize>x * size;
      let acc = load<T>(o);
      for (let ky = 0; ky < kh; ky++) {
        const ip = inRow + <usize>ky * inRowBytes + <usize>x * size;
        const wp = w + <usize>(ky * kw) * size;
        for (let kx = 0; kx < kw; kx++) {
          acc += load<T>(ip + <usize>kx * size) * load<T>(wp + <usize>kx * size);
        }
      }
      store<T>(o, acc);
    }
  }
}

/**
 * Valid correlation of one N-d item: loops over the outer axes of the output and of
 * the kernel and runs the plane kernel on the last two axes.
 * `dims` holds 3 * rank i32: input shape, kernel shape, output shape.
 */
// @ts-ignore: decorator
@inline
function correlateItem<T>(inp: usize, w: usize, out: usize, rank: i32, dims: usize): void {
  const size = <usize>sizeof<T>();
  const inShape = dims, kShape = dims + <usize>rank * 4, outShape = dims + <usize>rank * 8;
  const ih = load<i32>(inShape + <usize>(rank - 2) * 4), iw = load<i32>(inShape + <usize>(rank - 1) * 4);
  const kh = load<i32>(kShape + <usize>(rank - 2) * 4), kw = load<i32>(kShape + <usize>(rank - 1) * 4);
  const oh = load<i32>(outShape + <usize>(rank - 2) * 4), ow = load<i32>(outShape + <usize>(rank - 1) * 4);
  let outerOut = 1, outerK = 1;
  for (let d = 0; d < rank - 2; d++) {
    outerOut *= load<i32>(outShape + <usize>d * 4);
    outerK *= load<i32>(kShape + <usize>d * 4);
  }
  const inPlane = ih * iw, kPlane = kh * kw, outPlane = oh * ow;
  for (let o = 0; o < outerOut; o++) {
    for (let k = 0; k < outerK; k++) {
      // Offset (in planes) of input plane o + k along the outer axes, last outer axis fastest.
      let oRest = o, kRest = k, inPlaneIndex = 0, stride = 1;
      for (let d = rank - 3; d >= 0; d--) {
        const on = load<i32>(outShape + <usize>d * 4), kn = load<i32>(kShape + <usize>d * 4);
        const oi = oRest % on, ki = kRest % kn;
        oRest /= on; kRest /= kn;
        inPlaneIndex += (oi + ki) * stride;
        stride *= load<i32>(inShape + <usize>d * 4);
      }
      correlatePlane<T>(
        inp + <usize>inPlaneIndex * <usize>inPlane * size, iw,
        w + <usize>k * <usize>kPlane * size, kh, kw,
        out + <usize>o * <usize>outPlane * size, oh, ow,
      );
    }
  }
}

/**
 * A batch of valid correlations that share one geometry. `table` holds `count`
 * triples of u32 byte addresses (input, weights, output); several items may share
 * weights (broadcast kernel). Items [first, first + count) of the table are run, so
 * workers can split one table.
 */
export function correlateValidBatchF64(table: usize, first: i32, count: i32, rank: i32, dims: usize): void {
  for (let i = first; i < first + count; i++) {
    const t = table + <usize>i * 12;
    correlateItem<f64>(load<u32>(t), load<u32>(t, 4), load<u32>(t, 8), rank, dims);
  }
}

export function correlateValidBatchF32(table: usize, first: i32, count: i32, rank: i32, dims: usize): void {
  for (let i = first; i < first + count; i++) {
    const t = table + <usize>i * 12;
    correlateItem<f32>(load<u32>(t), load<u32>(t, 4), load<u32>(t, 8), rank, dims);
  }
}
