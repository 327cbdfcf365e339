// Accumulates an N-d box of elements from one strided buffer into another: the
// overlap-add step of block convolution. Same walk as copyBox.
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
  const index = new Array<number>(rank).fill(0);
  let s = srcOffset, d = dstOffset;
  for (;;) {
    for (let k = 0, sk = s, dk = d; k < inner; k++, sk += si, dk += di) dst[dk] = dst[dk]! + src[sk]!;
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
