// N-d correlation with boundary extension, general (non-separable) kernels:
// pack the input into a padded f64 box in the Wasm heap, extend its halo (extend.ts),
// then run a row kernel over every output row.
//
// Dense kernels (every weight summed) run the signal functions' register-blocked
// direct kernel (src/conv/direct.ts) over the padded box as a 'valid' correlation:
// it sums the taps in the same C order from 0, so results are SciPy's (or, for large
// kernels, the FFT engine on the same box). Kernels with weights SciPy skips
// (|w| <= DBL_EPSILON) run the tap-offset kernel, which sums the nonzero taps only
// (0 * Inf would otherwise reach outputs SciPy leaves finite).
//
// Tap-offset "rows" span every trailing axis that needs no padding (kernel length 1 there), so
// an 11x11x1 kernel on a (100, 100, 50) stack runs 100 rows of 5000 outputs rather
// than 10000 rows of 50.
import { HeapLayout, kernels, releaseIfLarge } from '../kernels/instance.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { extendIndex, type Extension } from '../plan/boundary.js';
import { DBL_EPSILON, nonzeroTaps } from '../plan/kernel1d.js';
import { extendHalo } from './extend.js';
import { isDenseFloat, packInto, unpack } from './pack.js';
import { allocate } from '../ndarray/create.js';
import { viewNorms } from '../ndarray/norms.js';
import { convolveDirect, type In1Filler } from '../conv/direct.js';
import { convolveFft } from '../conv/fft-convolve.js';
import { convolveOverlapAdd } from '../conv/overlap-add.js';
import { convGeometry } from '../plan/conv-geometry.js';
import { chooseMethod } from '../plan/method-choice.js';
import { defaultThreads, runJob } from '../threads/pool.js';

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
  /** Caller's output array (shape outShape, dtype checked), written instead of a new one. */
  target?: NDArray;
  /** Threads for the tap kernel (undefined: every core); rows are split, bits unchanged. */
  threads?: number;
}

/**
 * First axis of the trailing group whose rows are contiguous in both layouts:
 * every axis after it has the same length in `a` and `b`.
 */
function rowGroupStart(a: readonly number[], b: readonly number[]): number {
  let m = a.length - 1;
  while (m > 0 && a[m] === b[m]) m--;
  return m;
}

/**
 * Fills `table` (u32 pairs) with the byte addresses of the rows of a box `shape`
 * grouped from axis m: (aBase + offset in `aStrides`, bBase + offset in `bStrides`).
 */
function rowTable(table: Uint32Array, shape: readonly number[], m: number, aBase: number, aStrides: readonly number[], bBase: number, bStrides: readonly number[]): void {
  const outer = shape.slice(0, m);
  const rows = sizeOf(outer);
  const index = new Array<number>(m).fill(0);
  let a = aBase, b = bBase;
  for (let r = 0; r < rows; r++) {
    table[2 * r] = a;
    table[2 * r + 1] = b;
    for (let d = m - 1; d >= 0; d--) {
      index[d]!++;
      a += aStrides[d]! * 8;
      b += bStrides[d]! * 8;
      if (index[d]! < outer[d]!) break;
      a -= index[d]! * aStrides[d]! * 8;
      b -= index[d]! * bStrides[d]! * 8;
      index[d] = 0;
    }
  }
}

/** Correlates input with weights over the extended input; returns outShape, C order. */
export function correlateNd(c: NdCorrelation): FloatArray {
  const { input, weights, wshape, outShape, lo, ext, cval, dtype, dropZeros, target, threads } = c;
  const n = input.shape;
  const size = sizeOf(outShape);
  if (size === 0) return allocate(dtype, 0);
  const padded = outShape.map((m, d) => m + wshape[d]! - 1);
  if (directApplies(weights, wshape, dropZeros)) return correlateDense(c, padded, boxFiller(c, padded));
  // The tap-offset kernel's own box: built whole before the job.
  const hi = n.map((m, d) => padded[d]! - m - lo[d]!);
  const pStrides = cStrides(padded);
  const coreOffset = lo.reduce((s, l, d) => s + l * pStrides[d]!, 0);
  const { offsets: tapIndex, weights: tapWeights } = nonzeroTaps(weights, wshape, pStrides, dropZeros);
  const taps = tapWeights.length;

  // Output rows and input rows (for packing), each spanning its contiguous trailing axes.
  const mOut = rowGroupStart(padded, outShape);
  const outRows = sizeOf(outShape.slice(0, mOut));
  const width = sizeOf(outShape.slice(mOut));
  const mIn = rowGroupStart(padded, n);
  const inRows = sizeOf(n.slice(0, mIn));
  const staged = isDenseFloat(input);

  const k = kernels();
  const heap = new HeapLayout();
  const padPtr = heap.alloc(sizeOf(padded) * 8);
  const outPtr = heap.alloc(size * 8);
  const stagePtr = staged ? heap.alloc(sizeOf(n) * 8) : 0;
  const wPtr = heap.alloc(taps * 8);
  const offPtr = heap.alloc(taps * 4);
  const rowsPtr = heap.alloc(Math.max(outRows, staged ? inRows : 0) * 8);
  heap.commit();
  const buffer = heap.buffer;
  const pad = new Float64Array(buffer, padPtr, sizeOf(padded));
  if (staged) {
    // One bulk copy into the heap, then row copies into the padded box in Wasm.
    packInto(input, new Float64Array(buffer, stagePtr, sizeOf(n)), 0, cStrides(n));
    rowTable(new Uint32Array(buffer, rowsPtr, inRows * 2), n, mIn, stagePtr, cStrides(n), padPtr + coreOffset * 8, pStrides);
    k.copyRowsF64(rowsPtr, 0, inRows, sizeOf(n.slice(mIn)));
  } else {
    packInto(input, pad, coreOffset, pStrides);
  }
  extendHalo(pad, 0, n, lo, hi, ext, cval);
  new Float64Array(buffer, wPtr, taps).set(tapWeights);
  const off = new Uint32Array(buffer, offPtr, taps);
  for (let t = 0; t < taps; t++) off[t] = tapIndex[t]! * 8;

  // One table row per output row: (padded address of tap offset 0, output address).
  rowTable(new Uint32Array(buffer, rowsPtr, outRows * 2), outShape, mOut, padPtr, pStrides, outPtr, cStrides(outShape));
  // Output rows are independent: the worker pool may split them (each output's sum
  // is the same whatever the split).
  runJob({
    kernel: 'correlateOffsetsF64', args: [rowsPtr, 0, 0, width, wPtr, offPtr, taps], rangeArg: 1,
    total: outRows, work: size * taps,
  }, threads);
  const out = unpack(new Float64Array(buffer, outPtr, size), dtype, target);
  releaseIfLarge();
  return out;
}

/**
 * Builds the boundary-extended box in slabs along axis 0, so the direct kernel can start
 * on the first rows while the rest is copied in: padded slab p holds input slab
 * extendIndex(p - lo) (cval for none) with its later axes extended. The same values as
 * extending the whole box axis by axis. A 1-D box is one slab.
 */
function boxFiller({ input, lo, ext, cval }: NdCorrelation, padded: number[]): In1Filler {
  const n = input.shape;
  const pStrides = cStrides(padded);
  const hi = n.map((m, d) => padded[d]! - m - lo[d]!);
  if (n.length === 1) {
    return {
      slabs: 1, slabElements: padded[0]!,
      fill(box) {
        // Packed as float64 (dtype 'float64' in correlateDense).
        packInto(input, box as Float64Array, lo[0]!, pStrides);
        extendHalo(box as Float64Array, 0, n, lo, hi, ext, cval);
      },
    };
  }
  const slabElements = pStrides[0]!;
  const restShape = n.slice(1);
  const coreOffset = lo.reduce((s, l, d) => (d === 0 ? s : s + l * pStrides[d]!), 0);
  // Halo sizes of a run of slabs: none along axis 0 (its halo is whole slabs), the box's
  // along the others.
  const slabLo = [0, ...lo.slice(1)], slabHi = [0, ...hi.slice(1)];
  /** Input slabs [q0, q1) into padded slabs from p, later axes extended: one copy. */
  const copySlabs = (box: Float64Array, p: number, q0: number, q1: number): void => {
    const slabs: View = { ...input, shape: [q1 - q0, ...restShape], offset: input.offset + q0 * input.strides[0]! };
    packInto(slabs, box, p * slabElements + coreOffset, pStrides);
    extendHalo(box, p * slabElements, slabs.shape, slabLo, slabHi, ext, cval);
  };
  return {
    slabs: padded[0]!, slabElements,
    fill(box, first, end) {
      const f64 = box as Float64Array;
      // The core slabs of [first, end) in one copy; halo slabs one by one.
      const c0 = Math.max(first, lo[0]!), c1 = Math.min(end, lo[0]! + n[0]!);
      if (c1 > c0) copySlabs(f64, c0, c0 - lo[0]!, c1 - lo[0]!);
      for (let p = first; p < end; p++) {
        if (p >= c0 && p < c1) continue;
        const q = extendIndex(p - lo[0]!, n[0]!, ext);
        if (q < 0) f64.fill(cval, p * slabElements, (p + 1) * slabElements);
        else copySlabs(f64, p, q, q + 1);
      }
    },
  };
}

/** correlateDense sums every weight: right when SciPy skips none, and some axis is filtered. */
function directApplies(weights: Float64Array, wshape: readonly number[], dropZeros: boolean): boolean {
  if (!wshape.some((k) => k > 1)) return false;
  return !dropZeros || weights.every((w) => Math.abs(w) > DBL_EPSILON);
}

/**
 * The padded box as a 'valid' correlation for the direct kernel. Convolved axes run
 * from the first to the last axis with a kernel longer than 1; the axes outside
 * (kernel length 1) become batch axes, leading ones outermost and trailing ones
 * innermost, so the direct kernel's packed layout is exactly the box's C order and
 * `fill` can build it in place. Large kernels go to the FFT engine instead when the
 * signal functions' cost model says it is faster and accurate enough (its result
 * then equals SciPy's within float error rather than bit for bit).
 */
function correlateDense(c: NdCorrelation, padded: number[], filler: In1Filler): FloatArray {
  const { input, weights, wshape, outShape, dtype, target, threads } = c;
  const firstAxis = wshape.findIndex((k) => k > 1);
  let lastAxis = wshape.length - 1;
  while (wshape[lastAxis] === 1) lastAxis--;
  const convAxes = wshape.map((_, d) => d).filter((d) => d >= firstAxis && d <= lastAxis);
  const geometry = convGeometry(padded, wshape, 'valid', convAxes, 'convolve');
  // The direct kernel convolves (flips in2): hand it the weights reversed.
  const flipped = { data: weights, shape: [...wshape], strides: cStrides(wshape).map((s) => -s), offset: weights.length - 1, dtype: 'float64' as const };

  // The FFT engine reads the box from an ordinary array, built only if it is asked for norms.
  let box: View | null = null;
  const boxView = (): View => {
    if (!box) {
      const data = new Float64Array(sizeOf(padded));
      filler.fill(data, 0, filler.slabs);
      box = { data, shape: padded, strides: cStrides(padded), offset: 0, dtype: 'float64' };
    }
    return box;
  };
  // Costed for the machine's threads, not `threads`, so the result does not depend on it.
  const choice = chooseMethod(geometry, 'float64', defaultThreads(), () => [viewNorms(boxView()), viewNorms(flipped)]);
  if (choice.method !== 'direct') {
    const problem = { in1: boxView(), in2: flipped, geometry, dtype: 'float64' as const, threads };
    const sums = choice.method === 'fft' ? convolveFft(problem) : convolveOverlapAdd(problem);
    return dtype === 'float64' && !target ? sums : unpack(sums as Float64Array, dtype, target);
  }

  // f64 results go straight into the caller's dense `out`; float32 ones are rounded
  // from the f64 sums (as SciPy's are) by unpack.
  const inPlace = dtype === 'float64' && target !== undefined && isDenseFloat(target);
  const size = sizeOf(outShape);
  const out = inPlace ? (target.data as Float64Array).subarray(target.offset, target.offset + size) : undefined;
  const sums = convolveDirect({ in1: input, in2: flipped, geometry, dtype: 'float64', threads, fillIn1: filler, out });
  if (inPlace) return target.data;
  return dtype === 'float64' && !target ? sums : unpack(sums as Float64Array, dtype, target);
}
