// Fills the halo of a padded dense f64 box from its core, axis by axis, following the
// boundary module's index rule. Axis d is extended for every index of the axes
// before it (already extended, so their full padded range) and copies whole
// contiguous blocks; values it copies from not-yet-extended halos of later axes are
// overwritten when those axes are extended, from the same block's correct core.
import { extendIndex, type Extension } from '../plan/boundary.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';

/**
 * `buf[base ...]` is a C-order box of shape n[d] + lo[d] + hi[d] whose core (offset lo,
 * extent n) holds the data. Fills every other element: position p along axis d takes
 * the element at lo[d] + extendIndex(p - lo[d], n[d], ext), or `cval` for 'constant'.
 */
export function extendHalo(
  buf: Float64Array, base: number, n: readonly number[], lo: readonly number[], hi: readonly number[],
  ext: Extension, cval: number,
): void {
  const rank = n.length;
  const padded = n.map((m, d) => m + lo[d]! + hi[d]!);
  const strides = cStrides(padded);
  for (let d = 0; d < rank; d++) {
    if (lo[d] === 0 && hi[d] === 0) continue;
    // Blocks along axis d: one per index of axes < d (full padded range); each block
    // spans padded[d] slabs of `slab` elements, of which the core part of the later
    // axes is what matters.
    const slab = strides[d]!;
    const blocks = sizeOf(padded.slice(0, d));
    const blockStride = d === 0 ? 0 : strides[d - 1]!;
    // Halo positions along axis d and the padded position each copies (-1: cval).
    const halo: number[] = [], sources: number[] = [];
    for (let p = 0; p < padded[d]!; p++) {
      if (p >= lo[d]! && p < lo[d]! + n[d]!) continue;
      const src = extendIndex(p - lo[d]!, n[d]!, ext);
      halo.push(p);
      sources.push(src < 0 ? -1 : src + lo[d]!);
    }
    for (let b = 0; b < blocks; b++) {
      const blockBase = base + b * blockStride;
      for (let h = 0; h < halo.length; h++) {
        const dst = blockBase + halo[h]! * slab;
        const src = sources[h]!;
        if (src < 0) buf.fill(cval, dst, dst + slab);
        else if (slab === 1) buf[dst] = buf[blockBase + src]!;
        else buf.copyWithin(dst, blockBase + src * slab, blockBase + src * slab + slab);
      }
    }
  }
}
