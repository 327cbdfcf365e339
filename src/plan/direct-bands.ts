// Splits a large direct convolution into bands of its output, so the Wasm heap stays
// small and warm: each band packs only the input window it reads, runs the row kernel
// and copies its part of the result out before the next band reuses the same heap.
// Without bands a problem like (1000, 1000, 50) * (11, 11) f64 grows the heap to
// ~800 MB of fresh pages (faulted at ~18 us per 4 KiB page on the machines measured)
// for a result that must be copied out anyway. Pure planning, no Wasm.
//
// A band is a box of the output: every axis before the band axis has length 1, the
// band axis a run of indices, every later axis whole. Its geometry is the problem's
// with the output window moved (start) and shortened (outShape) along those axes,
// which packDirect already handles: the packed input window along a convolved axis is
// [start - (K - 1), start + length), along a batch axis [start, start + length).
import type { ConvGeometry } from './conv-geometry.js';
import { planDirectLayout } from './direct-layout.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';

export interface DirectBand {
  geometry: ConvGeometry;
  /** Element offset of the band's first output in the whole C-order result. */
  offset: number;
}

/**
 * Heap bytes above which a problem runs in bands, and the size each band aims at (two
 * bands are live at a time: one copied out while the next is computed).
 */
export const DEFAULT_BAND_HEAP_BYTES = 32 * 1024 * 1024;
let bandHeapBytes = DEFAULT_BAND_HEAP_BYTES;

/** Changes the band size (tests use a small one to get many bands from small problems). */
export function setBandHeapBytes(bytes: number): void {
  bandHeapBytes = bytes;
}

/** Heap bytes of one packed problem: packed in1, splatted kernel and packed output. */
export function directHeapBytes(g: ConvGeometry, elementBytes: number): number {
  const L = planDirectLayout(g);
  return (sizeOf(L.outerIn1) * L.in1ItemLength + sizeOf(L.outerOut) * L.outItemLength) * elementBytes
    + sizeOf(L.outerIn2) * L.kernelLength * 16;
}

/** The geometry of the output box [from, from + length) along `axis`, `fixed` before it. */
function bandGeometry(g: ConvGeometry, fixed: number[], axis: number, from: number, length: number): ConvGeometry {
  const start = [...g.start], outShape = [...g.outShape];
  fixed.forEach((index, a) => { start[a] = g.start[a]! + index; outShape[a] = 1; });
  start[axis] = g.start[axis]! + from;
  outShape[axis] = length;
  return { ...g, start, outShape };
}

/**
 * The bands of one problem, in output order; a single band (the problem itself) when
 * it fits in the band budget. Band boundaries depend only on the shapes and the
 * budget, never on the thread count, so results stay bit-identical across threads.
 */
export function planDirectBands(g: ConvGeometry, elementBytes: number): DirectBand[] {
  const outShape = g.outShape;
  if (sizeOf(outShape) === 0 || directHeapBytes(g, elementBytes) <= bandHeapBytes) return [{ geometry: g, offset: 0 }];
  // The band axis: the outermost one along which a single index fits the budget.
  const ndim = outShape.length;
  let axis = 0;
  while (axis < ndim - 1 && directHeapBytes(bandGeometry(g, new Array<number>(axis).fill(0), axis, 0, 1), elementBytes) > bandHeapBytes) axis++;
  const fixedShape = outShape.slice(0, axis);
  const length = bandLength(g, axis, fixedShape.length, elementBytes);
  const strides = cStrides(outShape);
  const bands: DirectBand[] = [];
  for (let outer = 0; outer < sizeOf(fixedShape); outer++) {
    const fixed = fixedShape.map((n, d) => Math.floor(outer / sizeOf(fixedShape.slice(d + 1))) % n);
    const base = fixed.reduce((sum, index, d) => sum + index * strides[d]!, 0);
    for (let from = 0; from < outShape[axis]!; from += length) {
      const n = Math.min(length, outShape[axis]! - from);
      bands.push({ geometry: bandGeometry(g, fixed, axis, from, n), offset: base + from * strides[axis]! });
    }
  }
  return bands;
}

/** Longest run along `axis` whose band fits the budget (at least 1), by bisection. */
function bandLength(g: ConvGeometry, axis: number, fixedCount: number, elementBytes: number): number {
  const fixed = new Array<number>(fixedCount).fill(0);
  const fits = (n: number) => directHeapBytes(bandGeometry(g, fixed, axis, 0, n), elementBytes) <= bandHeapBytes;
  let lo = 1, hi = g.outShape[axis]!;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid; else hi = mid - 1;
  }
  return lo;
}
