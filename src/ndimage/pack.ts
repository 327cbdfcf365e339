// Moving arrays between caller memory and dense f64 buffers in the Wasm heap.
// Dense runs are moved with TypedArray.set (native copy and float32 <-> float64
// conversion, through copyStrided); anything else goes element by element.
import { copyBox } from '../ndarray/copy-box.js';
import { copyStrided } from '../conv/strided-copy.js';
import { cStrides } from '../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { allocateUninitialized } from '../ndarray/create.js';

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
  copyStrided(v.shape, v.data, v.strides, v.offset, dst, dstStrides, dstOffset);
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
  const out = allocateUninitialized(dtype, src.length); // every element is set below
  out.set(src);
  return out;
}
