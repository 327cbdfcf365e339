// Owns the one Wasm instance of the calling thread and its heap.
//
// Memory policy: each call lays out its buffers from the heap base upwards (a bump
// allocator reset per call), so the heap is reused across calls. After a call that
// needed more than SHRINK_ABOVE_BYTES the instance is dropped, so the next call gets a
// fresh, small memory instead of keeping the peak forever.
import { detectFlavour, kernelBytes, type KernelFlavour } from './binary.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  correlateValidBatchF64(table: number, first: number, count: number, rank: number, dims: number): void;
  correlateValidBatchF32(table: number, first: number, count: number, rank: number, dims: number): void;
  igemmF32: IgemmKernel;
  igemmF64: IgemmKernel;
  convDirectF32: ConvDirectKernel;
  convDirectF64: ConvDirectKernel;
  depthwiseF32: DepthwiseKernel;
  depthwiseF64: DepthwiseKernel;
  depthwiseDirectF32: DepthwiseDirectKernel;
  depthwiseDirectF64: DepthwiseDirectKernel;
  col2imF32: Col2imKernel;
  col2imF64: Col2imKernel;
  buildIndirection(geom: number, first: number, count: number, dst: number): void;
  weightGradF32: WeightGradKernel;
  weightGradF64: WeightGradKernel;
}

/** assembly/nn/igemm.ts (all addresses and strides in bytes). */
export type IgemmKernel = (
  ind: number, zero: number, aOffset: number, first: number, count: number, ks: number, kc: number,
  w: number, nc: number, out: number, outRowStride: number, accumulate: number,
) => void;
/** assembly/nn/conv-direct.ts */
export type ConvDirectKernel = (
  xp: number, geom: number, taps: number, ks: number, kc: number, aOffset: number,
  first: number, count: number, w: number, nc: number, out: number, outRowStride: number,
) => void;
export type DepthwiseDirectKernel = (
  xp: number, geom: number, taps: number, ks: number, channels: number, w: number, first: number, count: number, out: number,
) => void;
/** assembly/nn/weight-grad.ts */
export type WeightGradKernel = (
  ind: number, zero: number, aOffset: number, gradOut: number, goRowStride: number, goOffset: number,
  first: number, count: number, ks: number, kc: number, coutG: number, tapFirst: number, tapCount: number, gradW: number,
) => void;
/** assembly/nn/depthwise.ts */
export type DepthwiseKernel = (
  ind: number, first: number, count: number, ks: number, channels: number, w: number, out: number,
) => void;
/** assembly/nn/col2im.ts */
export type Col2imKernel = (
  ind: number, skip: number, aOffset: number, first: number, count: number, ks: number, kc: number,
  cols: number, colsRowStride: number,
) => void;

const PAGE = 65536;
/** wasm32 addresses 4 GiB; keep a page of slack for the static data. */
export const MAX_HEAP_BYTES = 65536 * PAGE - PAGE;
const SHRINK_ABOVE_BYTES = 256 * 1024 * 1024;

let flavour: KernelFlavour | null = null;
let module: WebAssembly.Module | null = null;
let instance: KernelExports | null = null;

export function kernelFlavour(): KernelFlavour {
  if (!flavour) flavour = detectFlavour();
  return flavour;
}

function compiledModule(): WebAssembly.Module {
  if (!module) module = new WebAssembly.Module(kernelBytes(kernelFlavour()));
  return module;
}

/** Compiles the module asynchronously (browsers limit synchronous compiles). */
export async function ready(): Promise<void> {
  if (!module) module = await WebAssembly.compile(kernelBytes(kernelFlavour()));
}

export function kernels(): KernelExports {
  if (!instance) instance = new WebAssembly.Instance(compiledModule(), {}).exports as unknown as KernelExports;
  return instance;
}

/** A per-call bump allocator over the instance's memory. */
export class HeapLayout {
  private top: number;
  constructor(private readonly k: KernelExports) {
    this.top = align(k.heapBase(), 64);
  }

  /** Reserves `bytes` (64-byte aligned) and returns the address. Grows lazily in commit(). */
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
    const memory = this.k.memory;
    const need = this.top - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / PAGE));
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Drops the instance after an unusually large call so its memory can be freed. */
export function releaseIfLarge(): void {
  if (instance && instance.memory.buffer.byteLength > SHRINK_ABOVE_BYTES) instance = null;
}

/** Current memory size in bytes (for tests of the memory policy). */
export function heapSize(): number {
  return instance ? instance.memory.buffer.byteLength : 0;
}
