// Transposing box copies through the Wasm heap, for the FFT paths' staging of
// batch-innermost data ((S, S, N) stacks): the FFT rows want each image's rows
// contiguous, so packing and unpacking reorder every element. In JavaScript that runs
// at ~1.7 ns an element even tiled (strided-transpose.ts); here the source is first
// moved into the heap with one native copy, then transposed by a Wasm kernel
// (assembly/copy/transpose.ts).
import { kernels } from '../kernels/instance.js';
import { forEachIndexOf } from '../ndarray/box-walk.js';
import { addressRange, cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray } from '../ndarray/types.js';
import { mergeAxes } from './strided-copy.js';
import { outerAxes, planTranspose, type TransposePlan } from './strided-transpose.js';

/** A heap region free for the duration of a copy: byte address and capacity in elements. */
export interface HeapScratch {
  ptr: number;
  length: number;
}

/** A transposing copy's merged axes and its two inner axes (see planHeapTranspose). */
interface HeapTranspose {
  m: ReturnType<typeof mergeAxes>;
  plan: TransposePlan;
}

/**
 * The merged axes and inner axes of a copy of the box `extent` with positive element
 * strides, or null when it does not transpose (the axis contiguous in dst is not
 * strided in src: the caller's plain copy is as fast).
 */
function planHeapTranspose(extent: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[]): HeapTranspose | null {
  const m = mergeAxes(extent, srcStrides, dstStrides);
  if (m.src.some((s) => s <= 0) || m.dst.some((s) => s <= 0)) return null;
  const plan = planTranspose(m.extent, m.src, m.dst);
  return plan ? { m, plan } : null;
}

/** Runs a planned transposing copy between heap arrays of `dtype` at byte addresses srcPtr and dstPtr. */
function runHeapTranspose({ m, plan }: HeapTranspose, srcPtr: number, dstPtr: number, dtype: DType): void {
  const bytes = dtype === 'float32' ? 4 : 8;
  const k = kernels();
  const transpose = dtype === 'float32' ? k.transposeSlabsF32 : k.transposeSlabsF64;
  const outer = outerAxes(m.extent.length, plan);
  // The innermost outer axis is the kernel's slab loop; the others are walked here.
  const slabAxis = outer.pop();
  const slabs = slabAxis === undefined ? 1 : m.extent[slabAxis]!;
  const srcSlab = slabAxis === undefined ? 0 : m.src[slabAxis]! * bytes;
  const dstSlab = slabAxis === undefined ? 0 : m.dst[slabAxis]! * bytes;
  const n = m.extent[plan.dstAxis]!, sd = m.src[plan.dstAxis]!;
  const cols = m.extent[plan.srcAxis]!, ds = m.dst[plan.srcAxis]!;
  forEachIndexOf(outer, m.extent, m.src, 0, m.dst, 0,
    (s, d) => transpose(srcPtr + s * bytes, sd, dstPtr + d * bytes, ds, n, cols, slabs, srcSlab, dstSlab));
}

/**
 * For every index i in the box `extent`, between two heap arrays of `dtype` at byte
 * addresses srcPtr and dstPtr (element strides, all positive):
 *   dst[sum(i[d] * dstStrides[d])] = src[sum(i[d] * srcStrides[d])]
 * when the copy transposes; returns false without copying otherwise (see planHeapTranspose).
 */
export function transposeInHeap(
  extent: readonly number[], srcPtr: number, srcStrides: readonly number[],
  dstPtr: number, dstStrides: readonly number[], dtype: DType,
): boolean {
  if (extent.some((n) => n === 0)) return true;
  const t = planHeapTranspose(extent, srcStrides, dstStrides);
  if (!t) return false;
  runHeapTranspose(t, srcPtr, dstPtr, dtype);
  return true;
}

/**
 * Copies the box `extent` of `src` (a typed array outside the heap, element strides,
 * offset) into the heap array at dstPtr (element strides dstStrides) through
 * `scratch` when the copy transposes: the elements the box addresses are moved into
 * scratch with one native copy, then transposed in Wasm. Returns false without
 * copying when the copy does not transpose, src is not of the heap's element type, or
 * its addressed range does not fit in scratch.
 */
export function packTransposed(
  extent: readonly number[], src: ArrayLike<number>, srcStrides: readonly number[], srcOffset: number,
  heap: FloatArray, dstPtr: number, dstStrides: readonly number[], scratch: HeapScratch,
): boolean {
  const dtype: DType = heap instanceof Float32Array ? 'float32' : 'float64';
  const sameType = dtype === 'float32' ? src instanceof Float32Array : src instanceof Float64Array;
  if (!sameType) return false;
  const range = addressRange(extent, srcStrides, srcOffset);
  if (!range) return true;
  const [lo, hi] = range;
  if (hi - lo + 1 > scratch.length) return false;
  // Planned before the copy into scratch, which is wasted if the copy does not transpose.
  const t = planHeapTranspose(extent, srcStrides, dstStrides);
  if (!t) return false;
  const bytes = heap.BYTES_PER_ELEMENT;
  const view = new (heap.constructor as Float64ArrayConstructor)(heap.buffer, scratch.ptr, hi - lo + 1);
  view.set((src as Float64Array).subarray(lo, hi + 1));
  runHeapTranspose(t, scratch.ptr + (srcOffset - lo) * bytes, dstPtr, dtype);
  return true;
}

/**
 * Copies the box `extent` of the heap array at srcPtr into `out` (outside the heap,
 * dense C order over `extent`'s box as given by outStrides, from element 0) through
 * `scratch` when it transposes: Wasm transposes into scratch, one native copy moves
 * the result out. Returns false without copying otherwise (see transposeInHeap), or
 * when out is not dense over the box or scratch is too small.
 */
export function unpackTransposed(
  extent: readonly number[], heap: FloatArray, srcPtr: number, srcStrides: readonly number[],
  out: FloatArray, scratch: HeapScratch,
): boolean {
  const length = sizeOf(extent);
  if (length !== out.length || length > scratch.length) return false;
  if ((heap instanceof Float32Array) !== (out instanceof Float32Array)) return false;
  const dtype: DType = heap instanceof Float32Array ? 'float32' : 'float64';
  if (!transposeInHeap(extent, srcPtr, srcStrides, scratch.ptr, cStrides(extent), dtype)) return false;
  out.set(new (heap.constructor as Float64ArrayConstructor)(heap.buffer, scratch.ptr, length));
  return true;
}
