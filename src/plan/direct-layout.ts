// How a direct convolution is laid out for the row kernel (assembly/direct/correlate-rows.ts):
// pure planning, no Wasm.
//
// Packed in1 (one item per outer batch index): [outer batch..., padded conv axes..., inner batch...]
// Packed out:                                  [outer batch..., output conv axes..., inner batch...]
// Packed in2 (flipped, pre-splatted):          [outer batch..., kernel conv axes...]
//
// "Inner" batch axes are the batch axes after the last convolved axis along which in2 has
// length 1 (one filter for all of them): they stay innermost, so a row of the kernel is
// the flattened (last conv axis, inner batch) pair read with dilation = inner batch size,
// and (S, S, N) minibatches need no transpose. Every other batch axis is "outer": packed
// outermost, one table item each (a transpose when it sits between conv axes).
import type { ConvGeometry } from './conv-geometry.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';

export interface DirectLayout {
  convAxes: number[];
  /** Batch axes packed outermost, in axis order. */
  outerAxes: number[];
  /** Batch axes kept innermost (vectorised across), in axis order. */
  innerAxes: number[];
  /** Per outer axis: output length, and how many items in1 / in2 contribute (1 = broadcast). */
  outerOut: number[];
  outerIn1: number[];
  outerIn2: number[];
  /** Product of the inner batch lengths. */
  inner: number;
  /** Per convolved axis: output, kernel and padded-input lengths. */
  outConv: number[];
  kConv: number[];
  padConv: number[];
  /** Elements of one packed in1 item, of one kernel, of one packed output item. */
  in1ItemLength: number;
  kernelLength: number;
  outItemLength: number;
  /** Row kernel geometry; lengths and strides in elements. */
  rows: RowGeometry;
}

export interface RowGeometry {
  /** Table items: outer batch items x output positions over the outer conv axes. */
  items: number;
  /** When true the whole batch is one item whose rows are the batch items (1-D, shared filter). */
  batchAsRows: boolean;
  oh: number;
  width: number;
  kh: number;
  kw: number;
  inRow: number;
  outRow: number;
  dilation: number;
  /** Shape of the outer conv axes (all but the last two): output and kernel. */
  outPlanes: number[];
  kPlanes: number[];
  /** Packed in1 strides (elements, within an item) of the outer conv axes. */
  planeStrides: number[];
}

/** Inner batch length from which a 1-D problem runs positions as rows (one f32 block). */
const INNER_AS_ROW = 16;

/** Plans the packed layouts and the row kernel geometry for one direct convolution. */
export function planDirectLayout(g: ConvGeometry): DirectLayout {
  const ndim = g.outShape.length;
  const convAxes = g.convAxes;
  // No convolved axis at all happens under fftconvolve's rules when every requested
  // axis has length 1 in one input: an elementwise product, planned as 1-D with K = 1.
  const lastConv = convAxes.length > 0 ? convAxes[convAxes.length - 1]! : -1;
  const innerAxes: number[] = [], outerAxes: number[] = [];
  for (let a = 0; a < ndim; a++) {
    if (convAxes.includes(a)) continue;
    if (a > lastConv && g.shape2[a] === 1) innerAxes.push(a); else outerAxes.push(a);
  }
  // A trailing inner axis cannot follow an outer one: keep only the contiguous tail.
  while (innerAxes.length > 0 && outerAxes.some((o) => o > innerAxes[0]!)) outerAxes.push(innerAxes.shift()!);
  outerAxes.sort((x, y) => x - y);

  const outerOut = outerAxes.map((a) => g.outShape[a]!);
  const outerIn1 = outerAxes.map((a, i) => (g.shape1[a] === 1 ? 1 : outerOut[i]!));
  const outerIn2 = outerAxes.map((a, i) => (g.shape2[a] === 1 ? 1 : outerOut[i]!));
  const inner = sizeOf(innerAxes.map((a) => g.outShape[a]!));
  const outConv = convAxes.map((a) => g.outShape[a]!);
  const kConv = convAxes.map((a) => g.shape2[a]!);
  const padConv = convAxes.map((_, i) => outConv[i]! + kConv[i]! - 1);
  const m = convAxes.length;

  const inStrides = cStrides([...padConv, inner]);
  const outStrides = cStrides([...outConv, inner]);
  let rows: RowGeometry;
  const outerItems = sizeOf(outerOut);
  if (m === 1 && inner >= INNER_AS_ROW) {
    // Batch innermost in 1-D, e.g. (S, N): each output position is a row of `inner`
    // lanes and the filter runs down the rows (kh = K, kw = 1), so the paired kernel
    // feeds two output positions from every input load, as in 2-D.
    rows = {
      items: outerItems, batchAsRows: false, oh: outConv[0]!, width: inner,
      kh: kConv[0]!, kw: 1, inRow: inner, outRow: inner, dilation: inner,
      outPlanes: [], kPlanes: [], planeStrides: [],
    };
  } else if (m <= 1) {
    const shared = sizeOf(outerIn2) === 1 && sizeOf(outerIn1) === outerItems;
    const width = (outConv[0] ?? 1) * inner;
    rows = {
      items: shared ? 1 : outerItems, batchAsRows: shared, oh: shared ? outerItems : 1, width,
      kh: 1, kw: kConv[0] ?? 1, inRow: (padConv[0] ?? 1) * inner, outRow: width, dilation: inner,
      outPlanes: [], kPlanes: [], planeStrides: [],
    };
    // With one filter tap row, any split of a row into equal rows is exact: a long
    // single row becomes segments, an even number when possible so the paired kernel
    // keeps eight accumulators busy, and enough of them for threads to share.
    if (rows.oh === 1) {
      const segments = rowSegments(width);
      rows.oh = segments;
      rows.width = rows.inRow = rows.outRow = width / segments;
    }
  } else {
    rows = {
      items: outerItems * sizeOf(outConv.slice(0, m - 2)), batchAsRows: false,
      oh: outConv[m - 2]!, width: outConv[m - 1]! * inner,
      kh: kConv[m - 2]!, kw: kConv[m - 1]!,
      inRow: inStrides[m - 2]!, outRow: outStrides[m - 2]!, dilation: inner,
      outPlanes: outConv.slice(0, m - 2), kPlanes: kConv.slice(0, m - 2),
      planeStrides: inStrides.slice(0, m - 2),
    };
  }
  return {
    convAxes, outerAxes, innerAxes, outerOut, outerIn1, outerIn2, inner, outConv, kConv, padConv,
    in1ItemLength: sizeOf(padConv) * inner,
    kernelLength: sizeOf(kConv),
    outItemLength: sizeOf(outConv) * inner,
    rows,
  };
}

/** Shortest segment a long 1-D row is split into, and the most segments. */
const MIN_SEGMENT = 32;
const MAX_SEGMENTS = 64;

/** Segments for one long row: the most (even preferred) that divide it into >= MIN_SEGMENT. */
function rowSegments(width: number): number {
  let best = 1;
  for (let r = Math.min(MAX_SEGMENTS, Math.floor(width / MIN_SEGMENT)); r >= 2; r--) {
    if (width % r !== 0) continue;
    if (r % 2 === 0) return r;
    if (best === 1) best = r;
  }
  return best;
}
