// copyBox / addBox for float typed arrays on both sides: the hot copies between the
// Wasm heap and result arrays. Contiguous inner rows of real length use
// TypedArray.set (a memcpy); everything else takes a plain loop. Kept apart from the
// generic copyBox so that these call sites stay monomorphic.
import type { FloatArray } from './types.js';
import { copyBox } from './copy-box.js';
import { addBox } from './add-box.js';

/** Inner rows at least this long are copied with TypedArray.set. */
const SET_MIN = 16;

function sameKind(a: ArrayLike<number>, b: FloatArray): a is FloatArray {
  return (a instanceof Float64Array && b instanceof Float64Array) || (a instanceof Float32Array && b instanceof Float32Array);
}

/**
 * copyBox specialised for typed arrays of one element type: same semantics
 * (dst[dstOffset + i . dstStrides] = src[srcOffset + i . srcStrides] over the box).
 */
export function copyBoxTyped(
  extent: readonly number[], src: ArrayLike<number>, srcStrides: readonly number[], srcOffset: number,
  dst: FloatArray, dstStrides: readonly number[], dstOffset: number,
): void {
  const rank = extent.length;
  if (rank === 0 || !sameKind(src, dst) || srcStrides[rank - 1] !== 1 || dstStrides[rank - 1] !== 1 || extent[rank - 1]! < SET_MIN) {
    copyBox(extent, src, srcStrides, srcOffset, dst, dstStrides, dstOffset);
    return;
  }
  for (const n of extent) if (n === 0) return;
  const inner = extent[rank - 1]!;
  const index = new Array<number>(rank).fill(0);
  let s = srcOffset, d = dstOffset;
  for (;;) {
    dst.set((src as Float64Array).subarray(s, s + inner), d);
    let axis = rank - 2;
    for (; axis >= 0; axis--) {
      index[axis]!++;
      s += srcStrides[axis]!;
      d += dstStrides[axis]!;
      if (index[axis]! < extent[axis]!) break;
      s -= index[axis]! * srcStrides[axis]!;
      d -= index[axis]! * dstStrides[axis]!;
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}

/** addBox specialised for float typed arrays (the overlap-add accumulation). */
export function addBoxTyped(
  extent: readonly number[], src: FloatArray, srcStrides: readonly number[], srcOffset: number,
  dst: FloatArray, dstStrides: readonly number[], dstOffset: number,
): void {
  const rank = extent.length;
  if (rank === 0 || srcStrides[rank - 1] !== 1 || dstStrides[rank - 1] !== 1) {
    addBox(extent, src, srcStrides, srcOffset, dst, dstStrides, dstOffset);
    return;
  }
  for (const n of extent) if (n <= 0) return;
  const inner = extent[rank - 1]!;
  const index = new Array<number>(rank).fill(0);
  let s = srcOffset, d = dstOffset;
  for (;;) {
    for (let k = 0; k < inner; k++) dst[d + k] = dst[d + k]! + src[s + k]!;
    let axis = rank - 2;
    for (; axis >= 0; axis--) {
      index[axis]!++;
      s += srcStrides[axis]!;
      d += dstStrides[axis]!;
      if (index[axis]! < extent[axis]!) break;
      s -= index[axis]! * srcStrides[axis]!;
      d -= index[axis]! * dstStrides[axis]!;
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}
