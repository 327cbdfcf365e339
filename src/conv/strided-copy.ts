// Fast box copy between strided buffers, used to pack inputs into the Wasm heap and to
// unpack results. Same contract as copyBox (src/ndarray/copy-box.ts), plus two speed-ups
// that matter for the one-copy-in / one-copy-out budget of the direct path:
// - unit axes are dropped and adjacent axes that are contiguous in both buffers are
//   merged, so a dense block becomes one long run;
// - a unit-stride run between typed arrays is moved with TypedArray#set (copyBox does
//   that for long runs).
import { copyBox, type NumberBuffer } from '../ndarray/copy-box.js';
import { copyTransposed, planTranspose } from './strided-transpose.js';

/** Drops unit axes and merges axes that are contiguous in both src and dst. */
export function mergeAxes(
  extent: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[],
): { extent: number[]; src: number[]; dst: number[] } {
  const e: number[] = [], s: number[] = [], d: number[] = [];
  for (let a = 0; a < extent.length; a++) {
    if (extent[a] === 1) continue;
    const n = e.length;
    if (n > 0 && s[n - 1] === extent[a]! * srcStrides[a]! && d[n - 1] === extent[a]! * dstStrides[a]!) {
      e[n - 1] = e[n - 1]! * extent[a]!;
      s[n - 1] = srcStrides[a]!;
      d[n - 1] = dstStrides[a]!;
    } else {
      e.push(extent[a]!);
      s.push(srcStrides[a]!);
      d.push(dstStrides[a]!);
    }
  }
  return { extent: e, src: s, dst: d };
}

/**
 * For every index i in the box `extent`:
 *   dst[dstOffset + sum(i[d] * dstStrides[d])] = src[srcOffset + sum(i[d] * srcStrides[d])]
 * copyBox after merging axes, so a dense block moves as one long TypedArray#set.
 */
export function copyStrided(
  extent: readonly number[],
  src: ArrayLike<number>, srcStrides: readonly number[], srcOffset: number,
  dst: NumberBuffer, dstStrides: readonly number[], dstOffset: number,
): void {
  for (const n of extent) if (n === 0) return;
  const m = mergeAxes(extent, srcStrides, dstStrides);
  const plan = planTranspose(m.extent, m.src, m.dst);
  if (plan && copyTransposed(m.extent, src, m.src, srcOffset, dst, m.dst, dstOffset, plan)) return;
  copyBox(m.extent, src, m.src, srcOffset, dst, m.dst, dstOffset);
}
