// Owns the calling thread's Wasm instance, its memory and the per-call heap layout.
//
// Memory policy: each call lays out its buffers from the heap base upwards (a bump
// allocator reset per call), so the heap is reused across calls. After a call that left
// the memory above the shrink threshold (256 MiB by default) the runtime is dropped once
// the caller has been idle for RELEASE_DELAY_MS, so the next call gets a fresh, small
// memory instead of keeping the peak forever, while a run of large calls reuses the
// large heap instead of paying for fresh pages every time. Each new runtime has a new
// generation number, which tells the worker pool to re-initialise its workers.
import { canShareMemory, detectFlavour, kernelBytes, type KernelFlavour } from './binary.js';

export interface KernelExports {
  heapBase(): number;
  /** Row kernels of assembly/direct/correlate-rows.ts: descriptor address, first row unit, count. */
  correlateRowsF64(desc: number, first: number, count: number): void;
  correlateRowsF32(desc: number, first: number, count: number): void;
  correlateRowsScalarF64(desc: number, first: number, count: number): void;
  correlateRowsScalarF32(desc: number, first: number, count: number): void;
  correlatePairsF64(desc: number, firstPair: number, pairCount: number): void;
  correlatePairsF32(desc: number, firstPair: number, pairCount: number): void;
  rfftRowsF64: ForwardRowsKernel;
  rfftRowsF32: ForwardRowsKernel;
  irfftRowsF64: InverseRowsKernel;
  irfftRowsF32: InverseRowsKernel;
  cfftColumnsF64: ColumnsKernel;
  cfftColumnsF32: ColumnsKernel;
  multiplySpectraF64: SpectraKernel;
  multiplySpectraF32: SpectraKernel;
  convolveColumnsF64: ConvolveColumnsKernel;
  convolveColumnsF32: ConvolveColumnsKernel;
  convolveSegmentsF64: ConvolveSegmentsKernel;
  convolveSegmentsF32: ConvolveSegmentsKernel;
  /** assembly/fft/index.ts: rfftRows then forward cfftColumns (lines = 1), block by block. */
  rfftRowsColumnsF64: RowsColumnsKernel;
  rfftRowsColumnsF32: RowsColumnsKernel;
  /** assembly/fft/index.ts: inverse cfftColumns (lines = 1) then irfftRows, block by block. */
  irfftColumnsRowsF64: ColumnsRowsKernel;
  irfftColumnsRowsF32: ColumnsRowsKernel;
  /** assembly/copy/zero-bytes.ts: memory.fill(ptr, 0, bytes). */
  zeroBytes(ptr: number, bytes: number): void;
  // Separable passes (assembly/separable/passes.ts); f64 only.
  correlate1dSlabF64(src: number, dst: number, nIn: number, nOut: number, inner: number,
    w: number, k: number, symmetry: number, map: number, cvalRow: number, scratch: number, first: number, count: number): void;
  uniform1dSlabF64(src: number, dst: number, nIn: number, nOut: number, inner: number,
    size: number, map: number, cvalRow: number, scratch: number, chunk: number, first: number, count: number): void;
  correlate1dFusedF64(src: number, dst: number, nIn: number, nOut: number, inner: number,
    w: number, k: number, symmetry: number, map: number, cvalRow: number,
    lineIn: number, lineOut: number, w2: number, k2: number, symmetry2: number, map2: number, cval2: number,
    roundF32: number, blockRows: number, scratch: number, first: number, count: number): void;
  uniformSlabScratchBytes(size: number, chunk: number): number;
  fusedScratchBytes(blockRows: number, inner: number, k: number, lineOut: number, k2: number): number;
  correlate1dLinesF64(src: number, dst: number, lines: number, nIn: number, nOut: number,
    w: number, k: number, symmetry: number, map: number, cval: number, scratch: number, first: number, count: number): void;
  uniform1dLinesF64(src: number, dst: number, lines: number, nIn: number, nOut: number,
    size: number, map: number, cval: number, scratch: number, first: number, count: number): void;
  linesScratchBytes(nOut: number, k: number): number;
  /** assembly/separable/uniform-fused.ts: a uniform slab pass and a uniform lines pass, fused. */
  uniformFusedF64(src: number, dst: number, nIn: number, nOut: number, inner: number, size: number, map: number, cvalRow: number,
    nOut2: number, size2: number, map2: number, cval2: number, roundF32: number, bands: number, firstBand: number, ready: number,
    scratch: number, first: number, count: number): void;
  uniformFusedScratchBytes(inner: number, nOut2: number, size2: number, first2: number): number;
  roundToF32(ptr: number, n: number): void;
  // N-d correlation through a tap-offset table (assembly/ndimage/correlate-offsets.ts).
  correlateOffsetsF64(rows: number, first: number, count: number, width: number, w: number, offsets: number, taps: number): void;
  copyRowsF64(rows: number, first: number, count: number, width: number): void;
  sumIntoF64(sum: number, src: number, n: number, mode: number, block: number, first: number, count: number): void;
  /** assembly/copy/transpose.ts: dst[i + j * dstStride] = src[i * srcStride + j] per slab. */
  transposeSlabsF64: TransposeSlabsKernel;
  transposeSlabsF32: TransposeSlabsKernel;
  igemmF32: IgemmKernel;
  igemmF64: IgemmKernel;
  convDirectF32: ConvDirectKernel;
  convDirectF64: ConvDirectKernel;
  depthwiseF32: DepthwiseKernel;
  depthwiseF64: DepthwiseKernel;
  depthwiseDirectF32: DepthwiseDirectKernel;
  depthwiseDirectF64: DepthwiseDirectKernel;
  depthwiseRowsF32: DepthwiseRowsKernel;
  depthwiseRowsF64: DepthwiseRowsKernel;
  col2imF32: Col2imKernel;
  col2imF64: Col2imKernel;
  buildIndirection(geom: number, first: number, count: number, dst: number): void;
  weightGradF32: WeightGradKernel;
  weightGradF64: WeightGradKernel;
  winogradF32: WinogradKernel;
  winogradF64: WinogradKernel;
}

/** assembly/fft/real-rows.ts convolveSegments: rows of lines (lane groups [first, first + count)) times one kernel spectrum. */
export type ConvolveSegmentsKernel = (
  plan: number, src: number, dst: number, srcRowStride: number, dstRowStride: number, rows: number,
  kernel: number, kernelIm: number, scale: number, srcWidth: number, skip: number, width: number,
  srcLine: number, dstLine: number, first: number, count: number, scratch: number,
) => void;

/**
 * assembly/fft/real-rows.ts rfftRows: row groups [first, first + count) of blocks of
 * `rows` rows (see groupRow0), read from src (first `width` values) into spectrum rows.
 */
export type ForwardRowsKernel = (
  plan: number, data: number, rowStride: number, imOffset: number, rows: number,
  n0: number, stride0: number, stride1: number,
  src: number, srcRowStride: number, srcStride0: number, srcStride1: number, width: number,
  first: number, count: number, scratch: number,
) => void;
/** assembly/fft/real-rows.ts irfftRows: as rfftRows, writing elements [skip, skip + width) to dst. */
export type InverseRowsKernel = (
  plan: number, data: number, rowStride: number, imOffset: number, rows: number,
  n0: number, stride0: number, stride1: number,
  dst: number, dstRowStride: number, dstStride0: number, dstStride1: number, skip: number, width: number,
  first: number, count: number, scratch: number,
) => void;
/** assembly/fft/complex-columns.ts: units (rows of line groups) [first, first + count). */
export type ColumnsKernel = (
  plan: number, data: number, elemStride: number, imOffset: number, outerStride: number,
  lines: number, groups: number, n0: number, stride0: number, stride1: number,
  inverse: number, extentIn: number, first: number, count: number, scratch: number,
) => void;
/** assembly/fft/complex-columns.ts convolveColumns: forward, product, inverse of line groups. */
export type ConvolveColumnsKernel = (
  plan: number, data: number, kernels: number, elemStride: number, imOffset: number, outerStride: number,
  lines: number, groups: number, itemStride: number, scale: number, extentIn: number,
  kernelExtent: number, groupBlocks: number, first: number, count: number, scratch: number,
) => void;
/** assembly/fft/index.ts rfftRowsColumns: blocks [first, first + count). */
export type RowsColumnsKernel = (
  rowPlan: number, data: number, rowStride: number, imOffset: number, rows: number, n0: number, stride0: number, stride1: number,
  src: number, srcRowStride: number, srcStride0: number, srcStride1: number, width: number,
  colPlan: number, colData: number, elemStride: number, groups: number, extentIn: number,
  first: number, count: number, scratch: number,
) => void;
/** assembly/fft/index.ts irfftColumnsRows: blocks [first, first + count). */
export type ColumnsRowsKernel = (
  colPlan: number, colData: number, elemStride: number, groups: number, n0: number, colStride0: number, colStride1: number,
  rowPlan: number, data: number, rowStride: number, imOffset: number, rows: number, stride0: number, stride1: number,
  dst: number, dstRowStride: number, dstStride0: number, dstStride1: number, skip: number, width: number,
  first: number, count: number, scratch: number,
) => void;
/** assembly/fft/spectrum-product.ts: table entries [first, first + count). */
export type SpectraKernel = (table: number, first: number, count: number, rows: number, rowStride: number, groups: number, imOffset: number, scale: number) => void;


// nn kernels (assembly/nn/); all addresses and strides in bytes.
/** assembly/nn/igemm.ts */
export type IgemmKernel = (
  ind: number, zero: number, aOffset: number, first: number, count: number, ks: number, kc: number,
  w: number, nc: number, out: number, outRowStride: number, accumulate: number,
) => void;
/** assembly/nn/conv-direct.ts */
export type ConvDirectKernel = (
  xp: number, geom: number, taps: number, ks: number, kc: number, aOffset: number,
  first: number, count: number, w: number, nc: number, out: number, outRowStride: number,
) => void;
/** assembly/nn/depthwise.ts */
export type DepthwiseKernel = (
  ind: number, first: number, count: number, ks: number, channels: number, w: number, out: number,
) => void;
export type DepthwiseDirectKernel = (
  xp: number, geom: number, taps: number, ks: number, channels: number, w: number, first: number, count: number, out: number,
) => void;
/** assembly/copy/transpose.ts */
export type TransposeSlabsKernel = (
  src: number, srcStride: number, dst: number, dstStride: number, n: number, m: number, slabs: number, srcSlab: number, dstSlab: number,
) => void;
/** assembly/nn/depthwise-rows.ts */
export type DepthwiseRowsKernel = (
  xp: number, geom: number, rowTaps: number, rows: number, channels: number, w: number, cp: number, first: number, count: number, out: number,
) => void;
/** assembly/nn/weight-grad.ts */
export type WeightGradKernel = (
  ind: number, zero: number, aOffset: number, gradOut: number, goRowStride: number, goOffset: number,
  rows: number, chunkRows: number, ks: number, kc: number, coutG: number, itemFirst: number, itemCount: number, gradW: number,
) => void;
/** assembly/nn/winograd.ts */
export type WinogradKernel = (
  xp: number, geom: number, u: number, channels: number, nc: number, first: number, count: number, scratch: number, out: number,
) => void;
/** assembly/nn/col2im.ts */
export type Col2imKernel = (
  ind: number, skip: number, aOffset: number, first: number, count: number, ks: number, kc: number,
  cols: number, colsRowStride: number,
) => void;

export interface Runtime {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** True when `memory` is shared, so workers can run kernels on it. */
  readonly shared: boolean;
  readonly generation: number;
}

const PAGE = 65536;
const MAX_PAGES = 65536;
/** wasm32 addresses 4 GiB; keep a page of slack for the static data. */
export const MAX_HEAP_BYTES = MAX_PAGES * PAGE - PAGE;
let shrinkAboveBytes = 256 * 1024 * 1024;

let shared: boolean | null = null;
let flavour: KernelFlavour | null = null;
let module: WebAssembly.Module | null = null;
let current: Runtime | null = null;
let generation = 0;

function sharedMemoryAvailable(): boolean {
  if (shared === null) shared = canShareMemory();
  return shared;
}

export function kernelFlavour(): KernelFlavour {
  if (!flavour) flavour = detectFlavour(sharedMemoryAvailable());
  return flavour;
}

function compiledModule(): WebAssembly.Module {
  if (!module) module = new WebAssembly.Module(kernelBytes(kernelFlavour(), sharedMemoryAvailable()));
  return module;
}

/**
 * Compiles the kernels ahead of the first call. Needed in browsers, which refuse to
 * compile large modules synchronously on the main thread; harmless in Node.
 *
 * @example
 * await ready();
 */
export async function ready(): Promise<void> {
  if (!module) module = await WebAssembly.compile(kernelBytes(kernelFlavour(), sharedMemoryAvailable()));
}

/** The current runtime, created on first use (and after a shrink). */
export function runtime(): Runtime {
  if (!current) {
    const isShared = sharedMemoryAvailable();
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: isShared } as WebAssembly.MemoryDescriptor);
    const instance = new WebAssembly.Instance(compiledModule(), { env: { memory } });
    current = { module: compiledModule(), memory, exports: instance.exports as unknown as KernelExports, shared: isShared, generation: ++generation };
  }
  return current;
}

export function kernels(): KernelExports {
  return runtime().exports;
}


/** A per-call bump allocator over the runtime's memory. */
export class HeapLayout {
  private top: number;
  private readonly memory: WebAssembly.Memory;
  /** `from`: first address to use (default the heap base), e.g. above a live layout. */
  constructor(from?: number) {
    const rt = runtime();
    this.memory = rt.memory;
    this.top = align(from ?? rt.exports.heapBase(), 64);
  }

  /** Reserves `bytes` (64-byte aligned) and returns the address. Memory grows in commit(). */
  alloc(bytes: number): number {
    const address = this.top;
    this.top = align(this.top + bytes, 64);
    return address;
  }

  get bytes(): number {
    return this.top;
  }

  /** Grows memory to hold everything allocated. Typed-array views must be made after this. */
  commit(): void {
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
  }

  /** The memory's current buffer (re-read after commit()). */
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Idle time after a large call before its memory is released. */
const RELEASE_DELAY_MS = 250;
let releaseTimer: ReturnType<typeof setTimeout> | null = null;
/** A retirement is scheduled (retireRuntimeAfterCall): large calls must not postpone it. */
let retirePending = false;

function scheduleReset(delayMs: number): void {
  if (releaseTimer !== null) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(resetRuntime, delayMs);
  // Node: do not keep the process alive just to free memory.
  (releaseTimer as { unref?: () => void }).unref?.();
}

/**
 * Call at the end of every call that used the heap: after an unusually large call it
 * schedules dropping the runtime (and so its memory) once the caller has been idle for
 * RELEASE_DELAY_MS; every further large call postpones it. Timers cannot fire inside a
 * synchronous call, so a call in progress never loses its heap.
 */
export function releaseIfLarge(): void {
  if (!current || retirePending || current.memory.buffer.byteLength <= shrinkAboveBytes) return;
  scheduleReset(RELEASE_DELAY_MS);
}

/**
 * After a worker was presumed dead: drop the runtime as soon as the current call has
 * returned, because a stalled worker might still write into its memory later. Not at
 * once: the call's later jobs hold pointers into this memory and must run on it.
 */
export function retireRuntimeAfterCall(): void {
  if (!current) return;
  retirePending = true;
  scheduleReset(0);
}

/**
 * Sets the memory size above which releaseIfLarge releases the runtime (tests use a
 * small value so the policy can be checked without allocating 256 MiB).
 */
export function setShrinkThreshold(bytes: number): void {
  shrinkAboveBytes = bytes;
}

/**
 * Switches the kernel flavour (benchmarks and tests compare flavours in one process);
 * null returns to detection. Drops the compiled module and the runtime.
 */
export function useFlavour(f: KernelFlavour | null): void {
  flavour = f;
  module = null;
  resetRuntime();
}

/** Drops the runtime unconditionally (after a worker failure, memory may be stale). */
export function resetRuntime(): void {
  if (releaseTimer !== null) clearTimeout(releaseTimer);
  releaseTimer = null;
  retirePending = false;
  current = null;
}

/** Current memory size in bytes (for tests of the memory policy). */
export function heapSize(): number {
  return current ? current.memory.buffer.byteLength : 0;
}
