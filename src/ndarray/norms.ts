// 1-norm, 2-norm and max-abs of a view (for the FFT precision rule).
import type { Norms } from '../plan/fft-precision.js';
import type { View } from './types.js';

/** Norms of a contiguous run of a float typed array (the common, fast case). */
function denseNorms(data: Float64Array | Float32Array, start: number, length: number): Norms {
  let norm1 = 0, sumSquares = 0, maxAbs = 0;
  for (let i = start; i < start + length; i++) {
    const a = Math.abs(data[i]!);
    norm1 += a;
    sumSquares += a * a;
    if (!(a <= maxAbs)) maxAbs = a; // NaN propagates into maxAbs
  }
  return { norm1, norm2: Math.sqrt(sumSquares), maxAbs };
}

function isDense(v: View): boolean {
  let stride = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] !== 1 && v.strides[d] !== stride) return false;
    stride *= v.shape[d]!;
  }
  return true;
}

export function viewNorms(v: View): Norms {
  if ((v.data instanceof Float64Array || v.data instanceof Float32Array) && isDense(v)) {
    return denseNorms(v.data, v.offset, v.shape.reduce((p, n) => p * n, 1));
  }
  let norm1 = 0, sumSquares = 0, maxAbs = 0;
  const { data, shape, strides } = v;
  const rank = shape.length;
  const total = shape.reduce((p, n) => p * n, 1);
  if (total === 0) return { norm1: 0, norm2: 0, maxAbs: 0 };
  // Scaled sum of squares would avoid overflow; values near 1e154 are rare enough that
  // an overflow to Infinity (which then refuses the FFT) is the safe outcome.
  const accumulate = (x: number) => {
    const a = Math.abs(x);
    norm1 += a;
    sumSquares += a * a;
    if (!(a <= maxAbs)) maxAbs = a; // NaN propagates into maxAbs
  };
  const index = new Array<number>(rank).fill(0);
  let offset = v.offset;
  const inner = rank === 0 ? 1 : shape[rank - 1]!, innerStride = rank === 0 ? 0 : strides[rank - 1]!;
  for (let done = 0; done < total; done += inner) {
    for (let i = 0, o = offset; i < inner; i++, o += innerStride) accumulate(data[o]!);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      offset += strides[d]!;
      if (index[d]! < shape[d]!) break;
      offset -= index[d]! * strides[d]!;
      index[d] = 0;
    }
  }
  return { norm1, norm2: Math.sqrt(sumSquares), maxAbs };
}
