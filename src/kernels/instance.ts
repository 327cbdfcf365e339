// Owns the one Wasm instance of the calling thread and its heap.
//
// Memory policy: each call lays out its buffers from the heap base upwards (a bump
// allocator reset per call), so the heap is reused across calls. After a call that left
// the memory above the shrink threshold (256 MiB by default) the instance is dropped
// once the caller has been idle for RELEASE_DELAY_MS, so the next call gets a fresh,
// small memory instead of keeping the peak forever, while a run of large calls reuses
// the large heap instead of paying for fresh pages every time.
import { detectFlavour, kernelBytes, type KernelFlavour } from './binary.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  /** Row kernels of assembly/direct/correlate-rows.ts: descriptor address, first row unit, count. */
  correlateRowsF64(desc: number, first: number, count: number): void;
  correlateRowsF32(desc: number, first: number, count: number): void;
  correlateRowsScalarF64(desc: number, first: number, count: number): void;
  correlateRowsScalarF32(desc: number, first: number, count: number): void;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB; keep a page of slack for the static data. */
export const MAX_HEAP_BYTES = 65536 * PAGE - PAGE;
let shrinkAboveBytes = 256 * 1024 * 1024;

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

/** Idle time after a large call before its memory is released. */
const RELEASE_DELAY_MS = 250;
let releaseTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Call at the end of every call that used the heap: after an unusually large call it
 * schedules the release of the instance (and so of its memory) once the caller has
 * been idle for RELEASE_DELAY_MS; every further large call postpones it. Timers cannot
 * fire inside a synchronous call, so a call in progress never loses its heap.
 */
export function releaseIfLarge(): void {
  if (!instance || instance.memory.buffer.byteLength <= shrinkAboveBytes) return;
  if (releaseTimer !== null) clearTimeout(releaseTimer);
  releaseTimer = setTimeout(releaseNow, RELEASE_DELAY_MS);
  // Node: do not keep the process alive just to free memory.
  (releaseTimer as { unref?: () => void }).unref?.();
}

/** Drops the instance now; the next call instantiates a fresh, small one. */
export function releaseNow(): void {
  if (releaseTimer !== null) clearTimeout(releaseTimer);
  releaseTimer = null;
  instance = null;
}

/**
 * Sets the memory size above which releaseIfLarge drops the instance (tests use a
 * small value so the policy can be checked without allocating 256 MiB).
 */
export function setShrinkThreshold(bytes: number): void {
  shrinkAboveBytes = bytes;
}

/**
 * Switches the kernel flavour (benchmarks and tests compare both in one process);
 * null returns to detection. Drops the compiled module and the instance.
 */
export function useFlavour(f: KernelFlavour | null): void {
  flavour = f;
  module = null;
  releaseNow();
}

/** Current memory size in bytes (for tests of the memory policy). */
export function heapSize(): number {
  return instance ? instance.memory.buffer.byteLength : 0;
}
