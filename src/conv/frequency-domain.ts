// The frequency-domain step shared by fftconvolve and oaconvolve (SciPy's
// `_freq_domain_conv`): transform two batches of zero-padded items, multiply pairs of
// spectra, transform the products back.
//
// Memory: buffers A (in1 items) and B (in2 items) in the row layout of
// src/fft/real-nd.ts; products go into A or B in place when every product owns a
// distinct item of that buffer, else into a third buffer C. Each buffer holds at most
// as many items as there are products, so peak working memory is at most 3 (usually
// 2) times the padded product size, plus plans and two lane buffers. Dense staging of
// the input and output (FrequencyProblem.dense) is used only when products go into A:
// then A, B and one staging buffer (the input, then the output window; at most a
// padded product per item) stay within the same bound.
import { ArgumentError } from '../errors.js';
import { HeapLayout, MAX_HEAP_BYTES, releaseIfLarge } from '../kernels/instance.js';
import type { DType, FloatArray } from '../ndarray/types.js';
import { convolveAxis0, forwardItems, inverseItems, reservePlans, runFftJob, SpectrumLayout, zeroInputRows, type DenseItems } from '../fft/real-nd.js';
import { sizeOf } from '../ndarray/shape.js';
import { runJob } from '../threads/pool.js';
import type { HeapScratch } from './heap-transpose.js';

export interface FrequencyProblem {
  dtype: DType;
  /** FFT length per transformed axis (the last is the real axis). */
  lengths: number[];
  in1Items: number;
  in2Items: number;
  /** Product p multiplies in1 item pairs[2p] by in2 item pairs[2p + 1]. */
  pairs: Int32Array;
  /** Data extents (zero beyond) of every in1 / in2 item, per axis. */
  extent1: number[];
  extent2: number[];
  /** Worker threads (undefined = every core). */
  threads: number | undefined;
  /** Only the region [lo, hi) of each product is read back. */
  lo: number[];
  hi: number[];
  /**
   * Writes the in1 / in2 items into their buffer (item i at i * layout.itemStride),
   * whose rows inside extent1 / extent2 are zeroed (nothing else is read).
   */
  pack1(dst: FloatArray, layout: SpectrumLayout): void;
  pack2(dst: FloatArray, layout: SpectrumLayout): void;
  /** Reads the products back; product p starts at productOffset(p) in src. */
  unpack(src: FloatArray, layout: SpectrumLayout, productOffset: (p: number) => number): void;
  /**
   * Optional dense staging, used instead of pack1 and unpack when products go into A:
   * `stage1` writes the in1 items densely (C order, shape [in1Items, ...extent1]; every
   * item fills its extents) into the heap, where the row transforms read them, and
   * `unpack` reads the products' windows from a dense heap array of shape
   * [products, ...(hi - lo)] the inverse row transforms wrote. Dense inputs and outputs
   * then move with one native copy each instead of one per row.
   */
  dense?: {
    stage1(dst: FloatArray, heap: HeapPlace): void;
    unpack(src: FloatArray, heap: HeapPlace): void;
  };
}

/**
 * Where a dense staging array lives in the heap (byte address) and a region that is
 * free meanwhile (buffer A, before the forward transform reads the staged input and
 * after the inverse has written the staged output), for transposing copies through
 * the heap (heap-transpose.ts); null where there is none.
 */
export interface HeapPlace {
  ptr: number;
  scratch: HeapScratch | null;
}

/** Where the products are written. */
function productTarget(pairs: Int32Array, in1Items: number, in2Items: number): 'a' | 'b' | 'c' {
  const products = pairs.length / 2;
  const identity = (which: 0 | 1) => {
    for (let p = 0; p < products; p++) if (pairs[2 * p + which] !== p) return false;
    return true;
  };
  if (products === in1Items && identity(0)) return 'a';
  if (products === in2Items && identity(1)) return 'b';
  return 'c';
}

/** Whether no in2 item serves more than one product. */
function kernelsUsedOnce(pairs: Int32Array): boolean {
  const seen = new Set<number>();
  for (let q = 1; q < pairs.length; q += 2) {
    if (seen.has(pairs[q]!)) return false;
    seen.add(pairs[q]!);
  }
  return true;
}

/** Runs the problem: pack, forward FFTs, spectrum products, inverse FFTs, unpack. */
export function convolveInFrequency(p: FrequencyProblem): void {
  const layout = new SpectrumLayout(p.lengths, p.dtype);
  const products = p.pairs.length / 2;
  const target = productTarget(p.pairs, p.in1Items, p.in2Items);
  // 1-d, one kernel spectrum for every row: forward, product and inverse fused per
  // group of rows (the rows of a 1-d layout are consecutive).
  const fused1d = target === 'a' && layout.k === 1 && p.in2Items === 1;
  const dense = target === 'a' ? p.dense : undefined;
  const window = p.lo.map((l, d) => p.hi[d]! - l);
  const inElems = p.in1Items * sizeOf(p.extent1), outElems = products * sizeOf(window);
  const heap = new HeapLayout();
  const { placed, write } = reservePlans(heap, layout, p.threads);
  const itemBytes = layout.itemBytes, bytesPer = layout.bytesPer;
  // The fused 1-d path with dense staging never touches A: rows go from the staged
  // input straight to the staged output.
  const aPtr = fused1d && dense ? 0 : heap.alloc(p.in1Items * itemBytes);
  const bPtr = heap.alloc(p.in2Items * itemBytes);
  const cPtr = target === 'c' ? heap.alloc(products * itemBytes) : 0;
  const tablePtr = heap.alloc(products * 12);
  // The staged input is dead once A's rows are transformed, so the output window
  // reuses its buffer, except in the fused 1-d path, where both are in use at once.
  const stagePtr = dense ? heap.alloc((fused1d ? inElems : Math.max(inElems, outElems)) * bytesPer) : 0;
  const outStagePtr = !dense ? 0 : fused1d ? heap.alloc(outElems * bytesPer) : stagePtr;
  if (heap.bytes > MAX_HEAP_BYTES) {
    // Checked here because only the FFT plan knows its padded sizes; the message names
    // the argument like the API layer's own size check does.
    throw new ArgumentError('in1', `FFT convolution of these shapes needs about ${Math.round(heap.bytes / 2 ** 20)} MiB of working memory, more than WebAssembly's 4 GiB allows`);
  }
  heap.commit();
  write(heap.buffer);

  const buffer = heap.buffer as ArrayBuffer;
  const Typed = p.dtype === 'float32' ? Float32Array : Float64Array;
  const b = new Typed(buffer, bPtr, p.in2Items * layout.itemStride);
  zeroInputRows(bPtr, layout, p.in2Items, p.extent2);
  p.pack2(b, layout);
  // Buffer A while it holds nothing (see HeapPlace); the fused 1-d path has no A.
  const freeA: HeapScratch | null = aPtr === 0 ? null : { ptr: aPtr, length: p.in1Items * layout.itemStride };
  let source: DenseItems | undefined;
  if (dense) {
    dense.stage1(new Typed(buffer, stagePtr, inElems), { ptr: stagePtr, scratch: freeA });
    source = { ptr: stagePtr, shape: p.extent1 };
  } else {
    const a = new Typed(buffer, aPtr, p.in1Items * layout.itemStride);
    zeroInputRows(aPtr, layout, p.in1Items, p.extent1);
    p.pack1(a, layout);
  }
  const dest: DenseItems | undefined = dense ? { ptr: outStagePtr, shape: window } : undefined;
  // Normalisation of the unnormalised inverse, folded into the product.
  let scale = 1;
  for (const n of p.lengths) scale /= n;
  // When every product owns its in1 item and its kernel, each kernel spectrum is used
  // once: its axis-0 transform is then fused into convolveAxis0 (no spectrum stored).
  const fusedKernels = target === 'a' && layout.k >= 2 && !fused1d && kernelsUsedOnce(p.pairs);
  forwardItems(layout, placed, bPtr, p.in2Items, p.extent2, fusedKernels);
  const outPtr = target === 'a' ? aPtr : target === 'b' ? bPtr : cPtr;
  if (fused1d) {
    const rowBytes = layout.rowStride * bytesPer, n = p.lengths[0]!;
    const e1 = p.extent1[0]!, w = window[0]!;
    const rows = dense ? [stagePtr, outStagePtr, e1 * bytesPer, w * bytesPer] : [aPtr, aPtr, rowBytes, rowBytes];
    runFftJob(placed, p.dtype === 'float32' ? 'convolveSegmentsF32' : 'convolveSegmentsF64',
      [placed.axisPlans[0]!, ...rows, products, bPtr, layout.imOffset * bytesPer, scale, e1,
        dense ? p.lo[0]! : 0, dense ? w : n, 0, 0],
      Math.ceil(products / layout.lanes), 6 * products * n * Math.log2(n));
  } else if (target === 'a' && layout.k >= 2) {
    // Each product owns its in1 item: fuse axis 0's forward FFT, the product and axis
    // 0's inverse FFT line group by line group.
    forwardItems(layout, placed, aPtr, p.in1Items, p.extent1, true, source);
    const kernelTable = new Uint32Array(buffer, tablePtr, products);
    for (let q = 0; q < products; q++) kernelTable[q] = bPtr + p.pairs[2 * q + 1]! * itemBytes;
    convolveAxis0(layout, placed, aPtr, products, tablePtr, scale, p.extent1[0]!, fusedKernels ? p.extent2[0]! : 0);
    inverseItems(layout, placed, outPtr, products, p.lo, p.hi, true, dest);
  } else {
    forwardItems(layout, placed, aPtr, p.in1Items, p.extent1, false, source);
    const table = new Uint32Array(buffer, tablePtr, products * 3);
    for (let q = 0; q < products; q++) {
      table[3 * q] = aPtr + p.pairs[2 * q]! * itemBytes;
      table[3 * q + 1] = bPtr + p.pairs[2 * q + 1]! * itemBytes;
      table[3 * q + 2] = outPtr + q * itemBytes;
    }
    runJob({
      kernel: p.dtype === 'float32' ? 'multiplySpectraF32' : 'multiplySpectraF64',
      args: [tablePtr, 0, products, layout.rowsPerItem, layout.rowStride * bytesPer,
        layout.groups, layout.imOffset * bytesPer, scale],
      rangeArg: 1, total: products, work: products * layout.itemStride,
    }, placed.threads);
    inverseItems(layout, placed, outPtr, products, p.lo, p.hi, false, dest);
  }

  if (dense) dense.unpack(new Typed(buffer, outStagePtr, outElems), { ptr: outStagePtr, scratch: freeA });
  else p.unpack(new Typed(buffer, outPtr, products * layout.itemStride), layout, (q) => q * layout.itemStride);
  releaseIfLarge();
}
