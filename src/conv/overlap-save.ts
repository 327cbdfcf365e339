// Overlap-save for one long convolved axis and a much shorter kernel shared by every
// line: fftconvolve's path for long 1-d signals. The kernel spectrum (length L) is
// computed once; the signal, zero-extended once into the heap, is read as overlapping
// segments of length L, `lanes` segments per SIMD group, and each segment's circular
// convolution yields `step` finished output values that are written straight into place
// (no overlap-add pass, no per-block spectra in memory). Work units are segment groups
// of every line in one job, so the worker pool splits them without changing any value.
//
// Segment s reads P[s * step .. s * step + L) of the padded line P[t] = x[start + t - shift]
// (zero outside x), shift = K - 1; its circular convolution at shift + u, u < step, is
// the full linear result at start + s * step + u (no wrap-around: it needs P at
// shift + u - K + 1 .. shift + u, all inside the segment).
import { copyBox } from '../ndarray/copy-box.js';
import { allocate } from '../ndarray/create.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { FloatArray } from '../ndarray/types.js';
import { HeapLayout, MAX_HEAP_BYTES, releaseIfLarge } from '../kernels/instance.js';
import { forwardItems, reservePlans, runFftJob, SpectrumLayout } from '../fft/real-nd.js';
import { ArgumentError } from '../errors.js';
import { batchMap, operandSource } from './batch-map.js';
import type { DirectProblem } from './direct.js';


/** Computes the geometry's output window by overlap-save with segments of length L. */
export function convolveOverlapSave(problem: DirectProblem, L: number): FloatArray {
  const { in1, in2, geometry: g, dtype, threads } = problem;
  const m = batchMap(g);
  const axis = g.convAxes[0]!;
  const n1 = g.shape1[axis]!, K = g.shape2[axis]!;
  const start = g.start[axis]!, outLen = g.outShape[axis]!;
  const shift = K - 1, step = L - shift;
  const segments = Math.ceil(outLen / step);
  const padLen = (segments - 1) * step + L;

  const layout = new SpectrumLayout([L], dtype);
  const heap = new HeapLayout();
  const { placed, write } = reservePlans(heap, layout, threads);
  const kernelPtr = heap.alloc(layout.itemBytes);
  // Every output line: its padded input line and its segments' results.
  const lines = m.outItems, outLine = segments * step;
  const padPtr = heap.alloc(lines * padLen * layout.bytesPer);
  const outPtr = heap.alloc(lines * outLine * layout.bytesPer);
  if (heap.bytes > MAX_HEAP_BYTES) {
    throw new ArgumentError('in1', `FFT convolution of these shapes needs about ${Math.round(heap.bytes / 2 ** 20)} MiB of working memory, more than WebAssembly's 4 GiB allows`);
  }
  heap.commit();
  write(heap.buffer);
  const buffer = heap.buffer as ArrayBuffer;
  const Typed = dtype === 'float32' ? Float32Array : Float64Array;

  // The kernel's spectrum, once.
  const kernelRow = new Typed(buffer, kernelPtr, layout.itemStride);
  kernelRow.fill(0);
  const src2 = operandSource(in2, g, m);
  copyBox([K], in2.data, [src2.strides[src2.strides.length - 1]!], src2.offset, kernelRow, [1], 0);
  forwardItems(layout, placed, kernelPtr, 1, [K]);

  const padded = new Typed(buffer, padPtr, lines * padLen);
  const result = new Typed(buffer, outPtr, lines * outLine);
  const out = allocate(dtype, sizeOf(g.outShape));
  const src1 = operandSource(in1, g, m);
  const batchStrides1 = src1.strides.slice(0, m.batchAxes.length);
  const stride1 = src1.strides[src1.strides.length - 1]!;
  const outStrides = cStrides(g.outShape);
  const outBatchStrides = m.batchAxes.map((b) => outStrides[b]!);
  // Offsets of line q in in1 and in the result.
  const lineOffsets = (q: number): [number, number] => {
    let rest = q, off1 = src1.offset, offOut = 0;
    for (let b = m.batchAxes.length - 1; b >= 0; b--) {
      const i = rest % m.outBatch[b]!;
      rest = Math.floor(rest / m.outBatch[b]!);
      off1 += i * batchStrides1[b]!;
      offOut += i * outBatchStrides[b]!;
    }
    return [off1, offOut];
  };
  // P[t] = x[start + t - shift] where that index lies in x.
  const tLo = Math.max(0, shift - start), tHi = Math.min(padLen, n1 + shift - start);
  for (let q = 0; q < lines; q++) {
    const base = q * padLen;
    padded.fill(0, base, base + tLo);
    padded.fill(0, base + Math.max(tLo, tHi), base + padLen);
    copyBox([tHi - tLo], in1.data, [stride1], lineOffsets(q)[0] + (start + tLo - shift) * stride1, padded, [1], base + tLo);
  }
  runFftJob(placed, dtype === 'float32' ? 'convolveSegmentsF32' : 'convolveSegmentsF64',
    [placed.axisPlans[0]!, padPtr, outPtr, step * layout.bytesPer, step * layout.bytesPer, segments, kernelPtr,
      layout.imOffset * layout.bytesPer, 1 / L, L, shift, step, padLen * layout.bytesPer, outLine * layout.bytesPer],
    lines * Math.ceil(segments / layout.lanes), 6 * lines * segments * L * Math.log2(L));
  for (let q = 0; q < lines; q++) {
    copyBox([outLen], result, [1], q * outLine, out, [outStrides[axis]!], lineOffsets(q)[1]);
  }
  releaseIfLarge();
  return out;
}
