// Helpers shared by the ndimage functions: output dtype and `out`, working-set
// limits, the pass runner.
import { ArgumentError } from '../../errors.js';
import { fromDense } from '../../ndarray/create.js';
import { toView } from '../../ndarray/normalize.js';
import { copyBox } from '../../ndarray/copy-box.js';
import { cStrides, sizeOf } from '../../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../../ndarray/types.js';
import { FUSED_BLOCK_ELEMENTS, runPasses, runPassesSummed, type Pass } from '../../ndimage/passes.js';
import { MAX_HEAP_BYTES } from '../../kernels/instance.js';
import { checkOptions, checkThreads } from '../options.js';
import { NDIMAGE_OPTIONS, type NdimageOptions } from '../ndimage-options.js';

export function outputDType(v: View): DType {
  return v.dtype;
}

export function options(opts: unknown): Partial<NdimageOptions> {
  const o = checkOptions<NdimageOptions>(opts, NDIMAGE_OPTIONS);
  checkThreads(o.threads);
  return o;
}

/**
 * Validates `out` (SciPy's `output` array): an NDArray of the result's shape and
 * dtype, written in place and returned. Checked before any computation, so nothing is
 * written on error.
 */
export function checkOut(out: unknown, shape: readonly number[], dtype: DType): NDArray | undefined {
  if (out === undefined || out === null) return undefined;
  const o = out as NDArray;
  const ok = dtype === 'float32' ? o.data instanceof Float32Array : o.data instanceof Float64Array;
  if (typeof o !== 'object' || !ok) throw new ArgumentError('out', `must be an NDArray with ${dtype} data (the result's dtype)`);
  const v = toView(o, 'out');
  if (v.shape.length !== shape.length || v.shape.some((n, d) => n !== shape[d])) {
    throw new ArgumentError('out', `shape [${v.shape.join(', ')}] must equal the input's shape [${shape.join(', ')}]`);
  }
  const target: OutTarget = { data: o.data, shape: v.shape, strides: v.strides, offset: v.offset, dtype, caller: o };
  return target;
}

/** A normalised `out` and the caller's own object, which is what gets returned. */
interface OutTarget extends NDArray {
  caller: NDArray;
}

/** Rejects problems whose working set cannot fit in a wasm32 heap. */
export function checkWorkingSet(elements: number, argument = 'input'): void {
  const bytes = elements * 8;
  if (bytes > MAX_HEAP_BYTES) {
    throw new ArgumentError(argument, `needs about ${Math.round(bytes / 2 ** 20)} MiB of float64 working memory, more than WebAssembly's 4 GiB allows`);
  }
}

/** runPasses after checking that its two ping-pong buffers fit in the heap. */
export function filterPasses(v: View, passes: Pass[], dtype: DType, roundToFloat32: boolean, target?: NDArray, threads?: number): { data: FloatArray } {
  checkWorkingSet(2 * sizeOf(v.shape) + FUSED_BLOCK_ELEMENTS);
  return runPasses(v, passes, dtype, roundToFloat32, target, threads);
}

/** runPassesSummed after checking that its buffers (input, two ping-pong, sum) fit in the heap. */
export function filterPassesSummed(v: View, sequences: Pass[][], dtype: DType, roundToFloat32: boolean, squares: boolean, target?: NDArray, threads?: number): { data: FloatArray } {
  checkWorkingSet(4 * sizeOf(v.shape) + FUSED_BLOCK_ELEMENTS);
  return runPassesSummed(v, sequences, dtype, roundToFloat32, squares, target, threads);
}

/** The result: the caller's `out` (already written) or a new C-order array. */
export function result(data: FloatArray, shape: readonly number[], target: NDArray | undefined): NDArray {
  if (!target) return fromDense(data, [...shape]);
  if (data !== target.data) unpackInto(data, target);
  return (target as OutTarget).caller ?? target;
}

/** Copies a dense result into the caller's `out`. */
export function unpackInto(data: FloatArray, target: NDArray): void {
  copyBox(target.shape, data, cStrides(target.shape), 0, target.data, target.strides, target.offset);
}

/** Reads a weights argument into a dense C-order float64 array. */
export function denseWeights(w: View): Float64Array {
  const out = new Float64Array(sizeOf(w.shape));
  copyBox(w.shape, w.data, w.strides, w.offset, out, cStrides(w.shape), 0);
  return out;
}

/** A copy of the input in its output dtype (for filters that filter no axis). */
export function copyOf(v: View, dtype: DType, target: NDArray | undefined): NDArray {
  return result(filterPasses(v, [], dtype, false, target).data, v.shape, target);
}

/** Input position that padded position 0 reads, for a filter of length k and origin. */
export function firstRead(k: number, origin: number): number {
  return -(Math.floor(k / 2) + origin);
}

