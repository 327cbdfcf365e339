// How the batch (non-convolved) axes of a ConvGeometry map output items to operand
// items: an operand of length 1 along a batch axis broadcasts; otherwise output index
// i along batch axis a reads operand index start[a] + i (SciPy's centred window).
import type { ConvGeometry } from '../plan/conv-geometry.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { View } from '../ndarray/types.js';

export interface BatchMap {
  convAxes: number[];
  batchAxes: number[];
  /** Output item grid over the batch axes, and the items each operand contributes. */
  outBatch: number[];
  in1Batch: number[];
  in2Batch: number[];
  outItems: number;
  in1Items: number;
  in2Items: number;
  /** Operand item read by each output item (C order over the batch axes). */
  in1ItemOf: Int32Array;
  in2ItemOf: Int32Array;
}

export function batchMap(g: ConvGeometry): BatchMap {
  const ndim = g.shape1.length;
  const convAxes = g.convAxes;
  const batchAxes: number[] = [];
  for (let a = 0; a < ndim; a++) if (!convAxes.includes(a)) batchAxes.push(a);
  const outBatch = batchAxes.map((a) => g.outShape[a]!);
  const in1Batch = batchAxes.map((a, i) => (g.shape1[a] === 1 ? 1 : outBatch[i]!));
  const in2Batch = batchAxes.map((a, i) => (g.shape2[a] === 1 ? 1 : outBatch[i]!));
  const outItems = sizeOf(outBatch);
  const in1ItemOf = new Int32Array(outItems), in2ItemOf = new Int32Array(outItems);
  const outStrides = cStrides(outBatch), s1 = cStrides(in1Batch), s2 = cStrides(in2Batch);
  for (let item = 0; item < outItems; item++) {
    let i1 = 0, i2 = 0;
    for (let b = 0; b < batchAxes.length; b++) {
      const index = Math.floor(item / outStrides[b]!) % outBatch[b]!;
      if (in1Batch[b] !== 1) i1 += index * s1[b]!;
      if (in2Batch[b] !== 1) i2 += index * s2[b]!;
    }
    in1ItemOf[item] = i1;
    in2ItemOf[item] = i2;
  }
  return {
    convAxes, batchAxes, outBatch, in1Batch, in2Batch, outItems,
    in1Items: sizeOf(in1Batch), in2Items: sizeOf(in2Batch), in1ItemOf, in2ItemOf,
  };
}

/**
 * Strides and offset that read an operand's items as the box
 * [...itemBatch, ...convolved axes] (batch axes first, then the convolved axes in order).
 */
export function operandSource(v: View, g: ConvGeometry, m: BatchMap): { strides: number[]; offset: number } {
  let offset = v.offset;
  const strides: number[] = [];
  for (const a of m.batchAxes) {
    if (v.shape[a] !== 1) offset += g.start[a]! * v.strides[a]!;
    strides.push(v.shape[a] === 1 ? 0 : v.strides[a]!);
  }
  for (const a of m.convAxes) strides.push(v.strides[a]!);
  return { strides, offset };
}
