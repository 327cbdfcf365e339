// Copies an N-d box of elements between two strided buffers: the one routine behind
// packing inputs into the Wasm heap (with padding and transposition) and unpacking
// results. Row-major walk; the innermost axis is a tight loop.

import { forEachRow } from './box-walk.js';

export type NumberBuffer = { [index: number]: number; readonly length: number };

/** Rows shorter than this are copied by a loop: subarray() costs an allocation. */
const BULK_MIN = 32;

function isTyped(x: unknown): boolean {
  return ArrayBuffer.isView(x);
}

/**
 * For every index i in the box `extent`:
 *   dst[dstOffset + sum(i[d] * dstStrides[d])] = src[srcOffset + sum(i[d] * srcStrides[d])]
 */
export function copyBox(
  extent: readonly number[],
  src: ArrayLike<number>, srcStrides: readonly number[], srcOffset: number,
  dst: NumberBuffer, dstStrides: readonly number[], dstOffset: number,
): void {
  const rank = extent.length;
  for (const n of extent) if (n === 0) return;
  if (rank === 0) { dst[dstOffset] = src[srcOffset]!; return; }
  const inner = extent[rank - 1]!, si = srcStrides[rank - 1]!, di = dstStrides[rank - 1]!;
  forEachRow(extent, srcStrides, srcOffset, dstStrides, dstOffset, (s, d) => {
    if (si === 1 && di === 1) copyRun(src, s, dst, d, inner);
    else copyStridedRun(src, s, si, dst, d, di, inner);
  });
}

/**
 * dst[d + k * di] = src[s + k * si] for k < n. A function of its own, with everything
 * in parameters: V8 ran the same loop about 3x slower inside a closure (see addRun).
 */
function copyStridedRun(src: ArrayLike<number>, s: number, si: number, dst: NumberBuffer, d: number, di: number, n: number): void {
  for (let k = 0; k < n; k++, s += si, d += di) dst[d] = src[s]!;
}

/**
 * dst[d + k] = src[s + k] for k < n. Long runs between typed arrays go through
 * TypedArray.set: a native copy (or native conversion, e.g. Int16 -> Float64), far
 * faster than an element loop whose element accesses see many array types across call
 * sites.
 */
export function copyRun(src: ArrayLike<number>, s: number, dst: NumberBuffer, d: number, n: number): void {
  if (n >= BULK_MIN && isTyped(src) && isTyped(dst)) (dst as Float64Array).set((src as Float64Array).subarray(s, s + n), d);
  else for (let k = 0; k < n; k++) dst[d + k] = src[s + k]!;
}
