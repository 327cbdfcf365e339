// Dense N-d correlation over the boundary-extended box, run by the signal functions'
// direct row kernel in bands along the first axis, pipelined: while the pool computes
// band i, the calling thread builds band i + 1's part of the box (input rows plus
// halo) and copies band i - 1's outputs out. The copies in and out, which only the
// calling thread can do (the caller's arrays are not shared with workers), then
// overlap the kernel instead of running before and after it.
//
// Each band is a 'valid' correlation of rows [r0, r0 + rows + k0 - 1) of the box (the
// k0 - 1 rows between bands are built twice). Every output's taps are summed in the
// same order whatever the band or thread split, so the bits do not depend on either.
import { HeapLayout } from '../kernels/instance.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { View } from '../ndarray/types.js';
import { extendIndex, type Extension } from '../plan/boundary.js';
import { convGeometry } from '../plan/conv-geometry.js';
import { packDirect, type PackedDirect } from '../conv/direct.js';
import { runJob } from '../threads/pool.js';
import { MIN_PARALLEL_WORK } from '../threads/control.js';
import { extendHalo } from './extend.js';
import { packInto } from './pack.js';

/** The box of a dense correlation: input, its placement and extension. */
export interface ExtendedBox {
  input: View;
  /** Shape of the whole extended box (outShape + wshape - 1). */
  padded: readonly number[];
  /** Halo before / after the input per axis (lo + n + hi = padded). */
  lo: readonly number[];
  hi: readonly number[];
  ext: Extension;
  cval: number;
}

/**
 * Writes rows [p0, p0 + rows) (along axis 0) of the extended box into `dst`, C order,
 * as the whole-box extendHalo would have them: each row is its input row (through the
 * boundary rule along axis 0, or all `cval`) with the halo of the later axes extended.
 */
export function fillBoxRows(box: ExtendedBox, dst: Float64Array, p0: number, rows: number): void {
  const { input, padded, lo, hi, ext, cval } = box;
  const n = input.shape;
  const strides = cStrides(padded);
  const rowLen = sizeOf(padded.slice(1));
  const coreOffset = lo.reduce((s, l, d) => (d === 0 ? s : s + l * strides[d]!), 0);
  const rowView = (from: number, count: number): View => ({
    ...input, shape: [count, ...n.slice(1)], offset: input.offset + from * input.strides[0]!,
  });
  // Rows inside the input: one strided copy.
  const from = Math.max(p0, lo[0]!), to = Math.min(p0 + rows, lo[0]! + n[0]!);
  if (to > from) packInto(rowView(from - lo[0]!, to - from), dst, (from - p0) * rowLen + coreOffset, strides);
  // Halo rows along axis 0: the row the boundary rule names, or the fill value.
  for (let p = p0; p < p0 + rows; p++) {
    if (p >= from && p < to) continue;
    const src = extendIndex(p - lo[0]!, n[0]!, ext);
    if (src < 0) dst.fill(cval, (p - p0) * rowLen, (p - p0 + 1) * rowLen);
    else packInto(rowView(src, 1), dst, (p - p0) * rowLen + coreOffset, strides);
  }
  extendHalo(dst, 0, [rows, ...n.slice(1)], [0, ...lo.slice(1)], [0, ...hi.slice(1)], ext, cval);
}

/**
 * Least multiply-adds per band: twice the pool's threshold, so every band of a problem
 * the pool would split is split too (and a job per band stays cheap next to its work).
 */
const MIN_BAND_WORK = 2 * MIN_PARALLEL_WORK;
let minBandWork = MIN_BAND_WORK;

/** Test hook: least work per band (null: the default), so small problems run in many bands. */
export function setMinBandWork(work: number | null): void {
  minBandWork = work ?? MIN_BAND_WORK;
}
/** Most bands: enough that the first fill and the last copy-out are small. */
const MAX_BANDS = 8;

/**
 * Output rows (axis 0) per band: up to MAX_BANDS bands, none with less than
 * MIN_BAND_WORK multiply-adds or fewer than 2 (k0 - 1) rows (each band rebuilds
 * k0 - 1 rows). Depends on the shapes only, never on the thread count.
 */
export function bandRows(outShape: readonly number[], wshape: readonly number[]): number {
  const rows = outShape[0]!;
  const rowWork = sizeOf(outShape.slice(1)) * sizeOf(wshape);
  const minRows = Math.max(1, 2 * (wshape[0]! - 1), Math.ceil(minBandWork / Math.max(1, rowWork)));
  const bands = Math.max(1, Math.min(MAX_BANDS, Math.floor(rows / minRows)));
  return Math.ceil(rows / bands);
}

/**
 * Correlates the extended box with `flipped` (the weights reversed, as the direct
 * kernel convolves) over `convAxes`, writing the dense C-order f64 result into `out`.
 */
export function correlateBoxBands(
  box: ExtendedBox, flipped: View, wshape: readonly number[], convAxes: readonly number[],
  outShape: readonly number[], out: Float64Array, threads: number | undefined,
): void {
  const step = bandRows(outShape, wshape);
  const outRow = sizeOf(outShape.slice(1));
  const pack = (r0: number, heapFrom: number | undefined): PackedDirect => {
    const rows = Math.min(step, outShape[0]! - r0);
    const inRows = rows + wshape[0]! - 1;
    const geometry = convGeometry([inRows, ...box.padded.slice(1)], wshape, 'valid', convAxes, 'convolve');
    return packDirect(
      { in1: box.input, in2: flipped, geometry, dtype: 'float64', fillIn1: (dst) => fillBoxRows(box, dst as Float64Array, r0, inRows) },
      { out, shape: [...outShape], offset: r0 * outRow }, heapFrom,
    );
  };
  const starts: number[] = [];
  for (let r0 = 0; r0 < outShape[0]!; r0 += step) starts.push(r0);
  // Bands alternate between two heap regions; the first band is a largest one, so the
  // second region starts at its end. Grow for both now, not while workers run.
  const first = pack(0, undefined);
  const secondRegion = first.heapEnd;
  if (starts.length > 1) {
    const reserve = new HeapLayout(secondRegion);
    reserve.alloc(secondRegion - new HeapLayout().bytes);
    reserve.commit();
  }
  const packed: PackedDirect[] = [first];
  starts.forEach((_, i) => {
    const current = packed[i]!;
    const meanwhile = (): void => {
      // Band i - 1's region is free once copied out; band i + 1 goes there.
      if (i > 0) packed[i - 1]!.finish();
      if (i + 1 < starts.length) packed.push(pack(starts[i + 1]!, (i + 1) % 2 === 1 ? secondRegion : undefined));
    };
    if (current.units > 0) {
      runJob({ kernel: current.kernel, args: [current.descriptor, 0, 0], rangeArg: 1, total: current.units, work: current.multiplyAdds, meanwhile }, threads);
    } else {
      meanwhile();
    }
  });
  packed[starts.length - 1]!.finish();
}
