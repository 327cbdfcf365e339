// Accumulates an N-d box of elements from one strided buffer into another: the
// overlap-add step of block convolution.
import { forEachRow } from './box-walk.js';
import type { NumberBuffer } from './copy-box.js';

/**
 * For every index i in the box `extent`:
 *   dst[dstOffset + sum(i[d] * dstStrides[d])] += src[srcOffset + sum(i[d] * srcStrides[d])]
 */
export function addBox(
  extent: readonly number[],
  src: ArrayLike<number>, srcStrides: readonly number[], srcOffset: number,
  dst: NumberBuffer, dstStrides: readonly number[], dstOffset: number,
): void {
  const rank = extent.length;
  for (const n of extent) if (n <= 0) return;
  if (rank === 0) { dst[dstOffset] = dst[dstOffset]! + src[srcOffset]!; return; }
  const inner = extent[rank - 1]!, si = srcStrides[rank - 1]!, di = dstStrides[rank - 1]!;
  forEachRow(extent, srcStrides, srcOffset, dstStrides, dstOffset, (s, d) => addRun(src, s, si, dst, d, di, inner));
}

/**
 * dst[d + k * di] += src[s + k * si] for k < n. A function of its own, with everything
 * in parameters: the same loop inside a closure ran about 3x slower in V8.
 */
export function addRun(src: ArrayLike<number>, s: number, si: number, dst: NumberBuffer, d: number, di: number, n: number): void {
  for (let k = 0; k < n; k++, s += si, d += di) dst[d] = dst[d]! + src[s]!;
}
