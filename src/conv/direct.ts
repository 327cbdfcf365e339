// Direct (sliding-window) convolution in WebAssembly SIMD for any number of axes.
//
// One copy in, one copy out: in1 is packed into the Wasm heap once (zero-padded so that
// the mode's output window becomes a plain `valid` correlation, batch axes arranged as
// src/plan/direct-layout.ts decides), the kernel flipped once and pre-splatted into
// SIMD vectors (convolution = correlation with the reversed kernel), the row kernel
// runs over every output row, and the result is copied out once into the caller's
// axis order. The heap is a per-call bump allocation over the one instance's memory.
// Large problems run in bands of the output through two heap regions of ~32 MB (see
// src/plan/direct-bands.ts): still one copy out, and one copy in apart from the K - 1
// halo rows that neighbouring bands along a convolved axis both read.
import type { ConvGeometry } from '../plan/conv-geometry.js';
import { planDirectLayout, type DirectLayout } from '../plan/direct-layout.js';
import { planDirectBands } from '../plan/direct-bands.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, View } from '../ndarray/types.js';
import { HeapLayout, kernels, releaseIfLarge, type KernelExports } from '../kernels/instance.js';
import { runJob } from '../threads/pool.js';
import { FEED_STEP_BYTES, feedInSteps } from '../threads/feed.js';
import { copyStrided } from './strided-copy.js';
import { allocateUninitialized } from '../ndarray/create.js';

export interface DirectProblem {
  /** Inputs in the geometry's (post-swap) order. */
  in1: View;
  in2: View;
  geometry: ConvGeometry;
  dtype: DType;
  /** Thread count; undefined = every core. */
  threads?: number | undefined;
  /**
   * Writes the packed in1 itself instead of copying `in1` into it (ndimage: the
   * boundary-extended box, built in place so the input is copied once).
   */
  fillIn1?: In1Filler;
  /** Dense C-order array of the output's size and dtype to write; a new one otherwise. */
  out?: FloatArray;
}

/**
 * Writes the packed in1 (dense, C order) in slabs along its first axis: fill(packed, a, b)
 * writes elements [a * slabElements, b * slabElements) and nothing else, so the copy can
 * run in steps while the kernel already works on the rows that are in.
 */
export interface In1Filler {
  slabs: number;
  slabElements: number;
  fill(packed: FloatArray, first: number, end: number): void;
}

/** Which build of the row kernel to run: SIMD (default) or its scalar twin (tests). */
export type RowKernelVariant = 'simd' | 'scalar';

/** Descriptor words, in the order assembly/direct/correlate-rows.ts reads them. */
const DESC_WORDS = 13;
/** Chunks per thread of the pool's row-pair jobs (finer than the pool's default). */
const PAIR_CHUNKS_PER_THREAD = 8;

/**
 * Computes the geometry's output window of in1 (*) in2 and returns it, C-order. A large
 * problem runs in bands of its output (src/plan/direct-bands.ts) through one small heap.
 */
export function convolveDirect(problem: DirectProblem, variant: RowKernelVariant = 'simd'): FloatArray {
  const g = problem.geometry;
  // A new result is allocated while the pool computes the first band, so faulting in
  // its pages (slow for fresh pages) overlaps the workers' share. Every element is
  // written by one band's copy-out: no zero fill needed.
  let out = problem.out;
  const result = (): FloatArray => (out ??= allocateUninitialized(problem.dtype, sizeOf(g.outShape)));
  // A caller-built in1 (fillIn1) fills the whole packed input, so it runs as one band.
  const bands = problem.fillIn1 ? [{ geometry: g, offset: 0 }] : planDirectBands(g, problem.dtype === 'float32' ? 4 : 8);
  // Bands alternate between two heap regions, so the calling thread can copy band i - 1
  // out (page-faulting the fresh result) while workers compute band i. The first band is
  // a largest one (only the last along the band axis is shorter), so every band fits.
  let previous: PackedDirect | null = null;
  let secondRegion = 0;
  // One band on the pool: the workers start while the calling thread copies in1 in.
  const feed = bands.length === 1 && variant === 'simd' && problem.threads !== 1;
  bands.forEach((band, i) => {
    const target = { get out() { return result(); }, shape: g.outShape, offset: band.offset };
    const packed = packDirect({ ...problem, geometry: band.geometry }, target, i % 2 === 1 ? secondRegion : undefined, feed);
    if (i === 0) secondRegion = packed.heapEnd;
    const done: PackedDirect | null = previous;
    runPacked(packed, problem.threads, variant, done ? () => done.finish() : (alongsideWorkers) => {
      // One band: map the new result's pages while workers compute, not at copy-out.
      out ??= allocateUninitialized(problem.dtype, sizeOf(g.outShape), alongsideWorkers && bands.length === 1);
    }, bands.length === 1);
    previous = packed;
  });
  (previous as PackedDirect | null)?.finish();
  return result();
}

/**
 * Runs every row unit of a packed problem, over the worker pool unless threads is 1;
 * `meanwhile` runs on the calling thread while workers compute (or after, alone).
 */
function runPacked(packed: PackedDirect, threads: number | undefined, variant: RowKernelVariant, meanwhile?: (alongsideWorkers: boolean) => void, copyOutEarly = false): void {
  if (variant === 'simd' && threads !== 1 && packed.units > 0) {
    // The pool splits the row pairs over threads (bit-identical for any split: each
    // output's summation order does not depend on how rows are paired). Whole pairs
    // keep every chunk in two-row blocks, so chunks can be small enough for the last
    // ones to even out the threads' finishing times.
    runJob({
      kernel: packed.pairKernel, args: [packed.descriptor, 0, 0], rangeArg: 1,
      total: Math.ceil(packed.units / 2), work: packed.multiplyAdds, meanwhile, feed: packed.feed,
      chunksPerThread: PAIR_CHUNKS_PER_THREAD, drain: copyOutEarly ? packed.drain : undefined,
    }, threads);
    return;
  }
  packed.feed?.();
  // One thread: slices of about CHUNK_FLOPS each, so a first call that starts in
  // V8's baseline tier picks up the optimised kernel as soon as the background
  // tier-up finishes instead of spending the whole call in baseline code.
  const step = packed.chunkUnits;
  for (let first = 0; first < packed.units; first += step) {
    packed.run(first, Math.min(step, packed.units - first), variant);
  }
  meanwhile?.(false);
}

/** Where a packed problem's result goes: a box of a larger C-order array (bands). */
export interface DirectTarget {
  out: FloatArray;
  /** Shape of `out`; the problem's output is the box of outShape at element `offset`. */
  shape: number[];
  offset: number;
}

/** Work per kernel call when a problem is run in slices (floating-point operations). */
const CHUNK_FLOPS = 1 << 21;

/** A direct convolution packed into the Wasm heap, ready to run (see packDirect). */
export interface PackedDirect {
  /** Row work units; run() may be called on any split of [0, units). */
  units: number;
  /** A good slice of units: even (whole row pairs) and about CHUNK_FLOPS of work. */
  chunkUnits: number;
  /**
   * For workers sharing this memory: call `exports[kernel](descriptor, first, count)`
   * on any split of [0, units); the descriptor and tables live in the heap.
   */
  kernel: 'correlateRowsF64' | 'correlateRowsF32';
  /** The same kernel over row pairs (pair p = units 2p, 2p + 1), for the pool. */
  pairKernel: 'correlatePairsF64' | 'correlatePairsF32';
  descriptor: number;
  /** First heap address above everything this problem uses (for a second, live layout). */
  heapEnd: number;
  /** Multiply-adds of the whole problem (padding included), for the pool's cost rule. */
  multiplyAdds: number;
  /** Runs units [first, first + count) with the SIMD kernel or its scalar twin. */
  run(first: number, count: number, variant?: RowKernelVariant): void;
  /** Copies the result out (once) and applies the heap's shrink policy. */
  finish(): FloatArray;
  /** Copies out the rows of the first `pairs` finished row pairs (see KernelJob.drain). */
  drain?: (pairs: number) => void;
  /**
   * Set when packDirect was asked to feed: copies in1 in, publishing progress to the
   * kernel; must run (once) before or alongside the first run() of every unit.
   */
  feed?: () => void;
}

/**
 * Packs one direct convolution into the heap: the copy in, the flipped pre-splatted
 * kernel, the item table and the descriptor, at `heapFrom` (default the heap base) and
 * up. Nothing else may use that memory until finish() is called. Exposed separately so benchmarks can time the kernel alone and
 * a worker pool can split run() by rows.
 */
export function packDirect({ in1, in2, geometry: g, dtype, fillIn1 }: DirectProblem, target?: DirectTarget, heapFrom?: number, feed = false): PackedDirect {
  // target.out is read when the result is copied out (the caller may allocate it meanwhile).
  let own: FloatArray | undefined;
  const dest = (): FloatArray => target?.out ?? (own ??= allocateUninitialized(dtype, sizeOf(g.outShape)));
  const outStrides = cStrides(target?.shape ?? g.outShape);
  const outOffset = target?.offset ?? 0;
  const kernel = dtype === 'float32' ? 'correlateRowsF32' : 'correlateRowsF64';
  const pairKernel = dtype === 'float32' ? 'correlatePairsF32' : 'correlatePairsF64';
  if (sizeOf(g.outShape) === 0) return { units: 0, chunkUnits: 2, kernel, pairKernel, descriptor: 0, multiplyAdds: 0, heapEnd: heapFrom ?? 0, run: () => {}, finish: dest };
  const L = planDirectLayout(g);
  const r = L.rows;
  const bytes = dtype === 'float32' ? 4 : 8;
  const lanes = 16 / bytes;
  const in1Items = sizeOf(L.outerIn1), in2Items = sizeOf(L.outerIn2), outItems = sizeOf(L.outerOut);
  const planes = Math.max(1, sizeOf(r.kPlanes));

  const k = kernels();
  const heap = new HeapLayout(heapFrom);
  const in1Ptr = heap.alloc(in1Items * L.in1ItemLength * bytes);
  const wPtr = heap.alloc(in2Items * L.kernelLength * 16);
  const outPtr = heap.alloc(outItems * L.outItemLength * bytes);
  const tablePtr = heap.alloc(r.items * 12);
  const planePtr = heap.alloc(planes * 4);
  const descPtr = heap.alloc(DESC_WORDS * 4);
  const filler = fillIn1 ?? inputFiller(in1, g, L);
  // Feeding pays off when the copy takes several steps.
  const fed = feed && filler.slabs > 1 && filler.slabs * filler.slabElements * bytes > 2 * FEED_STEP_BYTES;
  const readyPtr = fed ? heap.alloc(4) : 0;
  heap.commit();

  const buffer = heap.buffer as ArrayBuffer;
  const Typed = dtype === 'float32' ? Float32Array : Float64Array;
  const in1Packed = new Typed(buffer, in1Ptr, in1Items * L.in1ItemLength);
  const ready = fed ? new Int32Array(buffer, readyPtr, 1) : null;
  if (ready) Atomics.store(ready, 0, 0);
  else filler.fill(in1Packed, 0, filler.slabs);
  packKernel(in2, g, L, new Typed(buffer, wPtr, in2Items * L.kernelLength * lanes), lanes);
  writeTable(new Uint32Array(buffer, tablePtr, r.items * 3), L, in1Ptr, wPtr, outPtr, bytes);
  writePlaneOffsets(new Int32Array(buffer, planePtr, planes), L, bytes);
  new Int32Array(buffer, descPtr, DESC_WORDS).set([
    tablePtr, r.oh, r.width, planes, planePtr, r.kh, r.kw,
    r.inRow * bytes, r.dilation * bytes, r.outRow * bytes, readyPtr, in1Ptr, r.items * r.oh,
  ]);

  // Unpack: the packed layout is [outer batch..., conv..., inner batch...]. When that is
  // the result's own order and rows are dense, finished rows can be copied out while
  // the pool still computes the others (drain), a contiguous run each.
  const packedShape = [...L.outerOut, ...L.outConv, ...L.innerAxes.map((a) => g.outShape[a]!)];
  const unpackStrides = [...L.outerAxes, ...L.convAxes, ...L.innerAxes].map((a) => outStrides[a]!);
  const packedStrides = cStrides(packedShape);
  const rowsInOrder = r.outRow === r.width && packedShape.every((n, i) => n === 1 || unpackStrides[i] === packedStrides[i]);
  const units = r.items * r.oh;
  let copiedUnits = 0;
  const copyRows = (end: number): void => {
    if (end <= copiedUnits) return;
    const from = copiedUnits * r.width, to = end * r.width;
    dest().set(new Typed(heap.buffer as ArrayBuffer, outPtr + from * bytes, to - from), outOffset + from);
    copiedUnits = end;
  };
  return {
    heapEnd: heap.bytes,
    units,
    kernel,
    pairKernel,
    descriptor: descPtr,
    multiplyAdds: r.items * r.oh * r.width * r.kh * r.kw * planes,
    chunkUnits: 2 * Math.max(1, Math.round(CHUNK_FLOPS / (4 * r.width * r.kh * r.kw * planes))),
    run: (first, count, variant = 'simd') => runRows(k, dtype, variant, descPtr, first, count),
    feed: ready ? () => feedInSteps(filler.slabs, filler.slabElements * bytes, (a, b) => filler.fill(in1Packed, a, b), ready) : undefined,
    drain: rowsInOrder ? (pairs) => copyRows(Math.min(2 * pairs, units)) : undefined,
    finish: () => {
      const out = dest();
      if (rowsInOrder) copyRows(units);
      else {
        copyStrided(
          packedShape, new Typed(heap.buffer as ArrayBuffer, outPtr, outItems * L.outItemLength), packedStrides, 0,
          out, unpackStrides, outOffset,
        );
      }
      releaseIfLarge();
      return out;
    },
  };
}

/** Runs row units [first, first + count) of a described problem. */
export function runRows(
  k: KernelExports, dtype: DType, variant: RowKernelVariant, desc: number, first: number, count: number,
): void {
  if (dtype === 'float32') {
    if (variant === 'simd') k.correlateRowsF32(desc, first, count); else k.correlateRowsScalarF32(desc, first, count);
  } else if (variant === 'simd') k.correlateRowsF64(desc, first, count);
  else k.correlateRowsScalarF64(desc, first, count);
}

/**
 * Packs in1 by strided copies: for every item the window of padded positions
 * [start - (n2 - 1), start + outLen) along each convolved axis, zeros outside in1.
 * Slabs are the packed layout's first axis.
 */
function inputFiller(v: View, g: ConvGeometry, L: DirectLayout): In1Filler {
  const extent: number[] = [], src: number[] = [];
  let srcOffset = v.offset, dstOffset = 0, padded = false;
  const dims = [...L.outerIn1, ...L.padConv, L.inner];
  const dstStrides = cStrides(dims);
  // Packed index along the first axis where the copied box starts.
  let firstAt = 0;
  L.outerAxes.forEach((a, i) => {
    extent.push(L.outerIn1[i]!);
    src.push(v.strides[a]!);
    if (v.shape[a] !== 1) srcOffset += g.start[a]! * v.strides[a]!;
  });
  const nOuter = L.outerAxes.length;
  L.convAxes.forEach((a, i) => {
    const first = g.start[a]! - (g.shape2[a]! - 1);
    const from = Math.max(0, first);
    const to = Math.min(g.shape1[a]!, first + L.padConv[i]!);
    extent.push(Math.max(0, to - from));
    src.push(v.strides[a]!);
    srcOffset += from * v.strides[a]!;
    dstOffset += (from - first) * dstStrides[nOuter + i]!;
    if (nOuter + i === 0) firstAt = from - first;
    if (from !== first || to - from !== L.padConv[i]) padded = true;
  });
  const innerStrides = cStrides(L.innerAxes.map((a) => g.outShape[a]!));
  L.innerAxes.forEach((a) => {
    extent.push(g.outShape[a]!);
    src.push(v.strides[a]!);
    srcOffset += g.start[a]! * v.strides[a]!;
  });
  const dstFull = [...dstStrides.slice(0, nOuter + L.convAxes.length), ...innerStrides];
  const slabElements = dstStrides[0]!;
  return {
    slabs: dims[0]!,
    slabElements,
    fill(dst, a, b) {
      if (padded) dst.fill(0, a * slabElements, b * slabElements);
      // The part of the copied box that lands in slabs [a, b).
      const lo = Math.max(0, a - firstAt), hi = Math.min(extent[0]!, b - firstAt);
      if (hi <= lo) return;
      copyStrided(
        [hi - lo, ...extent.slice(1)], v.data, src, srcOffset + lo * src[0]!,
        dst, dstFull, dstOffset + lo * dstFull[0]!,
      );
    },
  };
}

/**
 * Packs in2 for every outer item it contributes, reversed along the convolved axes
 * (reading with negated strides from the last element), each value splat into
 * `lanes` consecutive elements (one SIMD vector per tap).
 */
function packKernel(v: View, g: ConvGeometry, L: DirectLayout, dst: FloatArray, lanes: number): void {
  const extent = [...L.outerIn2, ...L.kConv];
  const src: number[] = [];
  let offset = v.offset;
  L.outerAxes.forEach((a, i) => {
    src.push(v.strides[a]!);
    if (v.shape[a] !== 1) offset += g.start[a]! * v.strides[a]!;
  });
  L.convAxes.forEach((a) => {
    src.push(-v.strides[a]!);
    offset += (g.shape2[a]! - 1) * v.strides[a]!;
  });
  const dense = new Float64Array(sizeOf(extent));
  copyStrided(extent, v.data, src, offset, dense, cStrides(extent), 0);
  for (let t = 0; t < dense.length; t++) dst.fill(dense[t]!, t * lanes, (t + 1) * lanes);
}

/**
 * One table entry (in1 address, kernel address, output address) per item: outer batch
 * index (major) x output position over the outer conv axes.
 */
function writeTable(
  table: Uint32Array, L: DirectLayout, in1Ptr: number, wPtr: number, outPtr: number, bytes: number,
): void {
  const r = L.rows;
  const outerStrides = cStrides(L.outerOut);
  const in1Strides = cStrides(L.outerIn1), in2Strides = cStrides(L.outerIn2);
  const planeItems = sizeOf(r.outPlanes);
  const planeStrides = cStrides(r.outPlanes);
  const itemOutBytes = r.oh * r.outRow * bytes;
  for (let item = 0; item < r.items; item++) {
    const outer = Math.floor(item / planeItems), plane = item % planeItems;
    let i1 = 0, i2 = 0;
    for (let b = 0; b < L.outerOut.length; b++) {
      const index = Math.floor(outer / outerStrides[b]!) % L.outerOut[b]!;
      if (L.outerIn1[b] !== 1) i1 += index * in1Strides[b]!;
      if (L.outerIn2[b] !== 1) i2 += index * in2Strides[b]!;
    }
    let inOffset = 0;
    for (let d = 0; d < r.outPlanes.length; d++) {
      inOffset += (Math.floor(plane / planeStrides[d]!) % r.outPlanes[d]!) * r.planeStrides[d]!;
    }
    table[3 * item] = in1Ptr + (i1 * L.in1ItemLength + inOffset) * bytes;
    table[3 * item + 1] = wPtr + i2 * L.kernelLength * 16;
    table[3 * item + 2] = outPtr + item * itemOutBytes;
  }
}

/** Byte offset of every kernel position over the outer conv axes, first axis slowest. */
function writePlaneOffsets(offsets: Int32Array, L: DirectLayout, bytes: number): void {
  const r = L.rows;
  const strides = cStrides(r.kPlanes);
  for (let p = 0; p < offsets.length; p++) {
    let offset = 0;
    for (let d = 0; d < r.kPlanes.length; d++) offset += (Math.floor(p / strides[d]!) % r.kPlanes[d]!) * r.planeStrides[d]!;
    offsets[p] = offset * bytes;
  }
}
