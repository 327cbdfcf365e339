// 1-norm, 2-norm and max-abs of a view (for the FFT precision rule).
import type { Norms } from '../plan/fft-precision.js';
import { forEachRow } from './box-walk.js';
import type { View } from './types.js';

interface Sums { norm1: number; sumSquares: number; maxAbs: number }

/** Adds the run data[start], data[start + stride], ... (length elements) to `sums`. */
function accumulate(data: ArrayLike<number>, start: number, length: number, stride: number, sums: Sums): void {
  let { norm1, sumSquares, maxAbs } = sums;
  for (let i = 0, o = start; i < length; i++, o += stride) {
    const a = Math.abs(data[o]!);
    norm1 += a;
    sumSquares += a * a;
    if (!(a <= maxAbs)) maxAbs = a; // NaN propagates into maxAbs
  }
  sums.norm1 = norm1;
  sums.sumSquares = sumSquares;
  sums.maxAbs = maxAbs;
}

/**
 * The same sums over a contiguous float run: a separate loop so that its element
 * accesses only ever see float typed arrays (the common case, and the hot one).
 */
function accumulateDense(data: Float64Array | Float32Array, start: number, length: number, sums: Sums): void {
  let { norm1, sumSquares, maxAbs } = sums;
  for (let i = start; i < start + length; i++) {
    const a = Math.abs(data[i]!);
    norm1 += a;
    sumSquares += a * a;
    if (!(a <= maxAbs)) maxAbs = a;
  }
  sums.norm1 = norm1;
  sums.sumSquares = sumSquares;
  sums.maxAbs = maxAbs;
}

function isDense(v: View): boolean {
  let stride = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] !== 1 && v.strides[d] !== stride) return false;
    stride *= v.shape[d]!;
  }
  return true;
}

/**
 * Norms of every element of `v`. A sum of squares near 1e308 overflows to Infinity,
 * which then refuses the FFT: the safe outcome for such rare data.
 */
export function viewNorms(v: View): Norms {
  const sums: Sums = { norm1: 0, sumSquares: 0, maxAbs: 0 };
  const { data, shape, strides } = v;
  const rank = shape.length;
  if ((data instanceof Float64Array || data instanceof Float32Array) && isDense(v)) {
    accumulateDense(data, v.offset, shape.reduce((p, n) => p * n, 1), sums);
  } else {
    const inner = shape[rank - 1]!, innerStride = strides[rank - 1]!;
    forEachRow(shape, strides, v.offset, strides, 0, (start) => accumulate(data, start, inner, innerStride, sums));
  }
  return { norm1: sums.norm1, norm2: Math.sqrt(sums.sumSquares), maxAbs: sums.maxAbs };
}
