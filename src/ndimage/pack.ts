// Moving arrays between caller memory and dense f64 buffers in the Wasm heap.
// Dense rows are moved with TypedArray.set (native copy and float32 <-> float64
// conversion); anything else goes element by element through copyBox.
import { copyBox } from '../ndarray/copy-box.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { allocate } from '../ndarray/create.js';

function isFloatArray(x: ArrayLike<number>): x is FloatArray {
  return x instanceof Float64Array || x instanceof Float32Array;
}

/** True when `v` is a C-contiguous float32/float64 view (packed with one native copy). */
export function isDenseFloat(v: View): boolean {
  if (!isFloatArray(v.data)) return false;
  const dense = cStrides(v.shape);
  return v.shape.every((n, d) => n === 1 || v.strides[d] === dense[d]);
}

/**
 * Writes view `v` into `dst` (f64) at `dstOffset` with element strides `dstStrides`
 * (C-order strides of a possibly larger, padded box).
 */
export function packInto(v: View, dst: Float64Array, dstOffset: number, dstStrides: readonly number[]): void {
  const shape = v.shape;
  const rank = shape.length;
  if (sizeOf(shape) === 0) return;
  if (rank === 0) { dst[dstOffset] = v.data[v.offset]!; return; }
  const last = shape[rank - 1]!;
  if (!isFloatArray(v.data) || v.strides[rank - 1] !== 1 || dstStrides[rank - 1] !== 1) {
    copyBox(shape, v.data, v.strides, v.offset, dst, dstStrides, dstOffset);
    return;
  }
  const data = v.data;
  // Whole buffer at once when both sides are dense C order.
  const dense = cStrides(shape);
  if (shape.every((m, d) => m === 1 || (v.strides[d] === dense[d] && dstStrides[d] === dense[d]))) {
    dst.set(data.subarray(v.offset, v.offset + sizeOf(shape)), dstOffset);
    return;
  }
  // Row by row over the outer axes.
  const outer = shape.slice(0, rank - 1);
  const rows = sizeOf(outer);
  const index = new Array<number>(rank - 1).fill(0);
  let s = v.offset, d = dstOffset;
  for (let r = 0; r < rows; r++) {
    dst.set(data.subarray(s, s + last), d);
    for (let a = rank - 2; a >= 0; a--) {
      index[a]!++;
      s += v.strides[a]!;
      d += dstStrides[a]!;
      if (index[a]! < shape[a]!) break;
      s -= index[a]! * v.strides[a]!;
      d -= index[a]! * dstStrides[a]!;
      index[a] = 0;
    }
  }
}

/**
 * Copies dense C-order f64 heap values into a new array of the result dtype, or into
 * the caller's `target` (any strides; its dtype already checked) and returns its data.
 */
export function unpack(src: Float64Array, dtype: DType, target?: NDArray): FloatArray {
  if (target) {
    const dense = cStrides(target.shape);
    if (target.shape.every((n, d) => n === 1 || target.strides[d] === dense[d])) target.data.set(src, target.offset);
    else copyBox(target.shape, src, dense, 0, target.data, target.strides, target.offset);
    return target.data;
  }
  const out = allocate(dtype, src.length);
  out.set(src);
  return out;
}
