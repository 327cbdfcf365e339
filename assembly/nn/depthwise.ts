// Depthwise convolution (one input channel per output channel), channels last.
//
//   out[m, c] = bias[c] + sum_{s < ks} A_s[m][c] * W[s, c]
//
// Preconditions (checked by the TypeScript caller, not here):
// - `ind` holds u32 byte addresses, `ks` per output row m; each addresses `channels`
//   contiguous input elements (padding taps address a zero buffer of that length);
// - `w` is packed by src/nn/pack.ts: `cp` bias values then ks rows of `cp` weights,
//   where cp = channels rounded up to a whole vector; extra entries are zero;
// - out rows are `channels` elements apart (dense NHWC output).
// Rows [first, first + count) are computed, so workers can split the rows.
// The channel loop runs 4 vectors at a time (16 f32 / 8 f64 channels), then one
// vector, then a scalar tail.
import { madd } from '../direct/simd';

// @ts-ignore: decorator
@inline
function depthwise<T>(ind: usize, first: i32, count: i32, ks: i32, channels: i32, w: usize, out: usize): void {
  const size = <usize>sizeof<T>();
  const lanes = <i32>(16 / size);
  const cp = (channels + lanes - 1) / lanes * lanes;
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
  depthwise<f32>(ind, first, count, ks, channels, w, out);
}

export function depthwiseF64(ind: usize, first: i32, count: i32, ks: i32, channels: i32, w: usize, out: usize): void {
  depthwise<f64>(ind, first, count, ks, channels, w, out);
}
