// N-d correlation with boundary extension, general (non-separable) kernels:
// pack the input into a padded f64 box in the Wasm heap, extend its halo (extend.ts),
// then run the tap-offset kernel over every output row.
import { HeapLayout, kernels, releaseIfLarge } from '../kernels/instance.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, View } from '../ndarray/types.js';
import type { Extension } from '../plan/boundary.js';
import { nonzeroTaps } from '../plan/kernel1d.js';
import { extendHalo } from './extend.js';
import { packInto, unpack } from './pack.js';

export interface NdCorrelation {
  input: View;
  /** Dense C-order weights of the same rank as the input. */
  weights: Float64Array;
  wshape: number[];
  /** Output shape; the input's for ndimage. */
  outShape: number[];
  /**
   * Per axis: output i reads input positions i - lo + t for taps t. The whole input
   * must lie in the padded window: 0 <= lo and n <= outShape + wshape - 1 - lo.
   */
  lo: number[];
  ext: Extension;
  cval: number;
  dtype: DType;
  /** Skip weights with |w| <= DBL_EPSILON as scipy.ndimage does (not convolve2d: 0 * Inf is NaN there). */
  dropZeros: boolean;
}

/** Correlates input with weights over the extended input; returns outShape, C order. */
export function correlateNd(c: NdCorrelation): FloatArray {
  const { input, weights, wshape, outShape, lo, ext, cval, dtype, dropZeros } = c;
  const n = input.shape;
  const rank = n.length;
  const size = sizeOf(outShape);
  if (size === 0) return dtype === 'float32' ? new Float32Array(0) : new Float64Array(0);
  const padded = outShape.map((m, d) => m + wshape[d]! - 1);
  const hi = n.map((m, d) => padded[d]! - m - lo[d]!);
  const pStrides = cStrides(padded);
  const { offsets: tapIndex, weights: tapWeights } = nonzeroTaps(weights, wshape, pStrides, dropZeros);
  const taps = tapWeights.length;

  const width = outShape[rank - 1]!;
  const rows = size / width;
  const k = kernels();
  const heap = new HeapLayout(k);
  const padPtr = heap.alloc(sizeOf(padded) * 8);
  const outPtr = heap.alloc(size * 8);
  const wPtr = heap.alloc(taps * 8);
  const offPtr = heap.alloc(taps * 4);
  const rowsPtr = heap.alloc(rows * 8);
  heap.commit();
  const buffer = k.memory.buffer;
  const pad = new Float64Array(buffer, padPtr, sizeOf(padded));
  packInto(input, pad, lo.reduce((s, l, d) => s + l * pStrides[d]!, 0), pStrides);
  extendHalo(pad, 0, n, lo, hi, ext, cval);
  new Float64Array(buffer, wPtr, taps).set(tapWeights);
  const off = new Uint32Array(buffer, offPtr, taps);
  for (let t = 0; t < taps; t++) off[t] = tapIndex[t]! * 8;

  // One table row per output row: (padded address of tap offset 0, output address).
  const table = new Uint32Array(buffer, rowsPtr, rows * 2);
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  let inAddr = padPtr;
  for (let r = 0; r < rows; r++) {
    table[2 * r] = inAddr;
    table[2 * r + 1] = outPtr + r * width * 8;
    for (let a = rank - 2; a >= 0; a--) {
      index[a]!++;
      inAddr += pStrides[a]! * 8;
      if (index[a]! < outShape[a]!) break;
      inAddr -= index[a]! * pStrides[a]! * 8;
      index[a] = 0;
    }
  }
  k.correlateOffsetsF64(rowsPtr, 0, rows, width, wPtr, offPtr, taps);
  const out = unpack(new Float64Array(buffer, outPtr, size), dtype);
  releaseIfLarge();
  return out;
}
