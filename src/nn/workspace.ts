// Per-call Wasm heap layout for the nn pipelines: reserve every buffer, commit once,
// then make typed views (views must be remade after any later grow, so nothing grows
// after commit).
import { HeapLayout, runtime, type KernelExports } from '../kernels/instance.js';
import { runJob, type KernelJob } from '../threads/pool.js';

/** The nn kernels with an F32 and an F64 build that take an item range. */
export type NnKernel = 'igemm' | 'convDirect' | 'depthwise' | 'depthwiseDirect' | 'depthwiseRows' | 'weightGrad' | 'winograd';
import type { DType, FloatArray } from '../ndarray/types.js';
import type { Box } from './layout.js';
import { copyStrided } from '../conv/strided-copy.js';
import { cStrides } from '../ndarray/shape.js';

export class Workspace {
  readonly k: KernelExports;
  readonly size: number;
  private readonly heap: HeapLayout;
  private committed = false;

  /** threads: for every kernel job run through this workspace (undefined = every core). */
  constructor(readonly dtype: DType, readonly threads?: number) {
    this.k = runtime().exports;
    this.heap = new HeapLayout();
    this.size = dtype === 'float32' ? 4 : 8;
  }

  /**
   * Reserves `count` elements of the workspace dtype; returns the byte address. Every
   * buffer is followed by at least 64 readable bytes, which kernels that load whole
   * vectors past a row's last element rely on (those lanes are never stored).
   */
  floats(count: number): number {
    return this.heap.alloc(Math.max(1, count) * this.size + 64);
  }

  /** Reserves `count` 32-bit words. */
  words(count: number): number {
    return this.heap.alloc(Math.max(1, count) * 4);
  }

  /**
   * Runs the workspace dtype's build of an nn kernel over items [0, total) on the
   * workspace's threads; `args` holds placeholders at rangeArg, rangeArg + 1 (first,
   * count). Every such kernel computes each item the same way for any split of the
   * range, so the result is bit-identical for any thread count. `meanwhile` runs on the
   * calling thread while the workers start (after the kernel when it runs alone).
   */
  run(
    kernel: NnKernel, args: number[], rangeArg: number, total: number, work: number,
    scratch?: KernelJob['scratch'], meanwhile?: () => void,
  ): void {
    const name = `${kernel}${this.size === 4 ? 'F32' : 'F64'}` as const;
    runJob({ kernel: name, args, rangeArg, total, work, ...(scratch ? { scratch } : {}), ...(meanwhile ? { meanwhile } : {}) }, this.threads);
  }

  commit(): void {
    this.heap.commit();
    this.committed = true;
  }

  /**
   * Zeroes `count` elements at `ptr` with a Wasm memset: typed-array fill on the shared
   * heap stores element by element (measured ~10x slower than on a private buffer).
   */
  zero(ptr: number, count: number): void {
    if (count > 0) this.k.zeroBytes(ptr, count * this.size);
  }

  /** A float view of `count` elements at `ptr` (after commit). */
  view(ptr: number, count: number): FloatArray {
    if (!this.committed) throw new Error('convnd internal: workspace view before commit');
    const Typed = this.dtype === 'float32' ? Float32Array : Float64Array;
    return new Typed(this.heap.buffer as ArrayBuffer, ptr, count);
  }

  /** An i32 view of `count` words at `ptr` (after commit). */
  int32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.heap.buffer as ArrayBuffer, ptr, count);
  }

  /**
   * Copies a strided box of `src` into the buffer at `ptr` (`count` elements), laid out
   * with `dstStrides` and `dstOffset` (default: dense C order).
   */
  load(ptr: number, src: ArrayLike<number>, box: Box, count: number, dstStrides = cStrides(box.extent), dstOffset = 0): void {
    const dst = this.view(ptr, count);
    if (count === 0 || box.extent.some((n) => n === 0)) return;
    copyStrided(box.extent, src, box.strides, box.offset, dst, dstStrides, dstOffset);
  }
}
