// Direct (sliding-window) convolution in WebAssembly SIMD for any number of axes.
//
// The problem is packed into the Wasm heap once: every input item (one per batch
// index) as a dense block over the convolved axes, zero-padded so that the mode's
// output window becomes a plain `valid` correlation; the kernel flipped (convolution =
// correlation with the reversed kernel). The kernel runs one table entry per output
// item, and the result is copied out once, back into the caller's axis order.
import type { ConvGeometry } from '../plan/conv-geometry.js';
import { copyBox } from '../ndarray/copy-box.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, View } from '../ndarray/types.js';
import { HeapLayout, releaseIfLarge } from '../kernels/instance.js';
import { runJob } from '../threads/pool.js';

export interface DirectProblem {
  /** Inputs in the geometry's (post-swap) order. */
  in1: View;
  in2: View;
  geometry: ConvGeometry;
  dtype: DType;
  /** Thread count; undefined = every core. */
  threads?: number | undefined;
}

/** Computes the geometry's output window of in1 (*) in2 and returns it, C-order. */
export function convolveDirect({ in1, in2, geometry: g, dtype, threads }: DirectProblem): FloatArray {
  const ndim = g.shape1.length;
  const convAxes = g.convAxes;
  const batchAxes: number[] = [];
  for (let a = 0; a < ndim; a++) if (!convAxes.includes(a)) batchAxes.push(a);

  // Per convolved axis: output length, kernel length, padded input length.
  const outConv = convAxes.map((a) => g.outShape[a]!);
  const kConv = convAxes.map((a) => g.shape2[a]!);
  const padConv = convAxes.map((_, i) => outConv[i]! + kConv[i]! - 1);
  // Per batch axis: how many distinct items each operand contributes.
  const outBatch = batchAxes.map((a) => g.outShape[a]!);
  const in1Batch = batchAxes.map((a, i) => (g.shape1[a] === 1 ? 1 : outBatch[i]!));
  const in2Batch = batchAxes.map((a, i) => (g.shape2[a] === 1 ? 1 : outBatch[i]!));

  const out = dtype === 'float32' ? new Float32Array(sizeOf(g.outShape)) : new Float64Array(sizeOf(g.outShape));
  if (out.length === 0) return out;

  // The Wasm kernel wants rank >= 2: prepend unit axes.
  const rank = Math.max(2, convAxes.length);
  const lead = rank - convAxes.length;
  const ones = new Array<number>(lead).fill(1);
  const dims = [...ones, ...padConv, ...ones, ...kConv, ...ones, ...outConv];

  const bytesPer = dtype === 'float32' ? 4 : 8;
  const in1ItemLen = sizeOf(padConv), in2ItemLen = sizeOf(kConv), outItemLen = sizeOf(outConv);
  const in1Items = sizeOf(in1Batch), in2Items = sizeOf(in2Batch), outItems = sizeOf(outBatch);

  const heap = new HeapLayout();
  const in1Ptr = heap.alloc(in1Items * in1ItemLen * bytesPer);
  const in2Ptr = heap.alloc(in2Items * in2ItemLen * bytesPer);
  const outPtr = heap.alloc(outItems * outItemLen * bytesPer);
  const tablePtr = heap.alloc(outItems * 12);
  const dimsPtr = heap.alloc(dims.length * 4);
  heap.commit();

  const buffer = heap.buffer as ArrayBuffer;
  const Typed = dtype === 'float32' ? Float32Array : Float64Array;
  const in1Packed = new Typed(buffer, in1Ptr, in1Items * in1ItemLen);
  const in2Packed = new Typed(buffer, in2Ptr, in2Items * in2ItemLen);
  const outPacked = new Typed(buffer, outPtr, outItems * outItemLen);
  in1Packed.fill(0);
  outPacked.fill(0);

  packInput(in1, g, convAxes, batchAxes, in1Batch, padConv, in1Packed);
  packKernel(in2, g, convAxes, batchAxes, in2Batch, in2Packed);

  // One table entry (in1 item, kernel item, output item) per output item.
  const table = new Uint32Array(buffer, tablePtr, outItems * 3);
  const outBatchStrides = cStrides(outBatch);
  const in1BatchStrides = cStrides(in1Batch);
  const in2BatchStrides = cStrides(in2Batch);
  for (let item = 0; item < outItems; item++) {
    let i1 = 0, i2 = 0;
    for (let b = 0; b < batchAxes.length; b++) {
      const index = Math.floor(item / outBatchStrides[b]!) % outBatch[b]!;
      if (in1Batch[b] !== 1) i1 += index * in1BatchStrides[b]!;
      if (in2Batch[b] !== 1) i2 += index * in2BatchStrides[b]!;
    }
    table[3 * item] = in1Ptr + i1 * in1ItemLen * bytesPer;
    table[3 * item + 1] = in2Ptr + i2 * in2ItemLen * bytesPer;
    table[3 * item + 2] = outPtr + item * outItemLen * bytesPer;
  }
  new Int32Array(buffer, dimsPtr, dims.length).set(dims);

  runJob({
    kernel: dtype === 'float32' ? 'correlateValidBatchF32' : 'correlateValidBatchF64',
    args: [tablePtr, 0, 0, rank, dimsPtr],
    rangeArg: 1,
    total: outItems,
    work: outItems * outItemLen * in2ItemLen,
  }, threads);

  // Unpack: packed layout is [batch axes..., conv axes...]; the result is C-order in
  // the original axis order.
  const packedStrides = cStrides([...outBatch, ...outConv]);
  const srcStrides = new Array<number>(ndim);
  batchAxes.forEach((a, i) => { srcStrides[a] = packedStrides[i]!; });
  convAxes.forEach((a, i) => { srcStrides[a] = packedStrides[batchAxes.length + i]!; });
  copyBox(g.outShape, outPacked, srcStrides, 0, out, cStrides(g.outShape), 0);
  releaseIfLarge();
  return out;
}

/**
 * Packs in1 for every batch item it contributes: the window of padded positions
 * [start - (n2 - 1), start + outLen) along each convolved axis, zeros outside in1.
 */
function packInput(
  v: View, g: ConvGeometry, convAxes: number[], batchAxes: number[],
  itemBatch: number[], padConv: number[], dst: FloatArray,
): void {
  const padStrides = cStrides(padConv);
  const itemLen = sizeOf(padConv);
  // Intersection of the padded window with in1, per convolved axis.
  const lo: number[] = [], extent: number[] = [], dstStart: number[] = [];
  convAxes.forEach((a, i) => {
    const first = g.start[a]! - (g.shape2[a]! - 1);
    const from = Math.max(0, first);
    const to = Math.min(g.shape1[a]!, first + padConv[i]!);
    lo.push(from);
    extent.push(Math.max(0, to - from));
    dstStart.push(from - first);
  });
  const srcStrides = convAxes.map((a) => v.strides[a]!);
  let base = v.offset, dstBase = 0;
  convAxes.forEach((a, i) => { base += lo[i]! * v.strides[a]!; dstBase += dstStart[i]! * padStrides[i]!; });
  forEachBatchItem(v, g, batchAxes, itemBatch, (item, offset) => {
    copyBox(extent, v.data, srcStrides, base + offset, dst, padStrides, item * itemLen + dstBase);
  });
}

/** Packs in2 for every batch item it contributes, reversed along the convolved axes. */
function packKernel(
  v: View, g: ConvGeometry, convAxes: number[], batchAxes: number[], itemBatch: number[], dst: FloatArray,
): void {
  const extent = convAxes.map((a) => g.shape2[a]!);
  const itemLen = sizeOf(extent);
  // Reading with negated strides from the last element flips the kernel.
  const srcStrides = convAxes.map((a) => -v.strides[a]!);
  let base = v.offset;
  convAxes.forEach((a) => { base += (g.shape2[a]! - 1) * v.strides[a]!; });
  forEachBatchItem(v, g, batchAxes, itemBatch, (item, offset) => {
    copyBox(extent, v.data, srcStrides, base + offset, dst, cStrides(extent), item * itemLen);
  });
}

/**
 * Calls fn(item, offset) for every batch item an operand contributes, where offset is
 * the element offset of that item's batch index in the operand (relative to its base).
 * Output batch index i along batch axis a maps to full index start[a] + i; an operand
 * of length 1 along that axis broadcasts.
 */
function forEachBatchItem(
  v: View, g: ConvGeometry, batchAxes: number[], itemBatch: number[],
  fn: (item: number, offset: number) => void,
): void {
  const count = sizeOf(itemBatch);
  const strides = cStrides(itemBatch);
  for (let item = 0; item < count; item++) {
    let offset = 0;
    batchAxes.forEach((a, b) => {
      if (v.shape[a] === 1) return; // broadcast
      const index = Math.floor(item / strides[b]!) % itemBatch[b]!;
      offset += (g.start[a]! + index) * v.strides[a]!;
    });
    fn(item, offset);
  }
}
