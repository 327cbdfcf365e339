// Fast box copy between strided buffers, used to pack inputs into the Wasm heap and to
// unpack results. Same contract as copyBox (src/ndarray/copy-box.ts), plus two speed-ups
// that matter for the one-copy-in / one-copy-out budget of the direct path:
// - unit axes are dropped and adjacent axes that are contiguous in both buffers are
//   merged, so a dense block becomes one long run;
// - a unit-stride run between typed arrays is moved with TypedArray#set (a memcpy when
//   the element types match) instead of an element loop.
import { copyBox, type NumberBuffer } from '../ndarray/copy-box.js';

type TypedFloat = Float32Array | Float64Array;

function isTyped(x: unknown): x is TypedFloat {
  return x instanceof Float64Array || x instanceof Float32Array;
}

/** Runs shorter than this are copied by the element loop (set() has a call overhead). */
const MIN_SET_RUN = 16;

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
 */
export function copyStrided(
  extent: readonly number[],
  src: ArrayLike<number>, srcStrides: readonly number[], srcOffset: number,
  dst: NumberBuffer, dstStrides: readonly number[], dstOffset: number,
): void {
  for (const n of extent) if (n === 0) return;
  const m = mergeAxes(extent, srcStrides, dstStrides);
  const rank = m.extent.length;
  if (rank === 0) { dst[dstOffset] = src[srcOffset]!; return; }
  const inner = m.extent[rank - 1]!;
  const useSet = isTyped(src) && isTyped(dst) && m.src[rank - 1] === 1 && m.dst[rank - 1] === 1 && inner >= MIN_SET_RUN;
  if (!useSet) {
    copyBox(m.extent, src, m.src, srcOffset, dst, m.dst, dstOffset);
    return;
  }
  const s = src as TypedFloat, d = dst as TypedFloat;
  // Odometer over the outer axes; each step moves one contiguous run.
  const index = new Array<number>(rank).fill(0);
  let so = srcOffset, dO = dstOffset;
  for (;;) {
    d.set(s.subarray(so, so + inner), dO);
    let axis = rank - 2;
    for (; axis >= 0; axis--) {
      index[axis]!++;
      so += m.src[axis]!;
      dO += m.dst[axis]!;
      if (index[axis]! < m.extent[axis]!) break;
      so -= index[axis]! * m.src[axis]!;
      dO -= index[axis]! * m.dst[axis]!;
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}
