// Per-call Wasm heap layout for the nn pipelines: reserve every buffer, commit once,
// then make typed views (views must be remade after any later grow, so nothing grows
// after commit).
import { HeapLayout, kernels, type KernelExports } from '../kernels/instance.js';
import type { DType, FloatArray } from '../ndarray/types.js';
import type { Box } from './layout.js';
import { copyBox } from '../ndarray/copy-box.js';
import { cStrides } from '../ndarray/shape.js';

export class Workspace {
  readonly k: KernelExports;
  readonly size: number;
  private readonly heap: HeapLayout;
  private committed = false;

  constructor(readonly dtype: DType) {
    this.k = kernels();
    this.heap = new HeapLayout(this.k);
    this.size = dtype === 'float32' ? 4 : 8;
  }

  /** Reserves `count` elements of the workspace dtype; returns the byte address. */
  floats(count: number): number {
    return this.heap.alloc(Math.max(1, count) * this.size);
  }

  /** Reserves `count` 32-bit words. */
  words(count: number): number {
    return this.heap.alloc(Math.max(1, count) * 4);
  }

  commit(): void {
    this.heap.commit();
    this.committed = true;
  }

  /** A float view of `count` elements at `ptr` (after commit). */
  view(ptr: number, count: number): FloatArray {
    if (!this.committed) throw new Error('convnd internal: workspace view before commit');
    const Typed = this.dtype === 'float32' ? Float32Array : Float64Array;
    return new Typed(this.k.memory.buffer, ptr, count);
  }

  int32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, ptr, count);
  }

  /** Copies a strided box of `src` into the dense C-order buffer at `ptr`. */
  load(ptr: number, src: ArrayLike<number>, box: Box, count: number): void {
    const dst = this.view(ptr, count);
    if (count === 0) return;
    if (isDense(box) && (src instanceof Float32Array || src instanceof Float64Array)) {
      dst.set(src.subarray(box.offset, box.offset + count));
      return;
    }
    copyBox(box.extent, src, box.strides, box.offset, dst, cStrides(box.extent), 0);
  }
}

function isDense(box: Box): boolean {
  const c = cStrides(box.extent);
  return box.extent.every((n, d) => n === 1 || box.strides[d] === c[d]);
}
