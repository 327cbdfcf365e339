// scipy.ndimage's convolution filters (the `ndimage` namespace): validate ->
// normalise -> plan (separable passes or an N-d tap table) -> execute.
//
// Result dtype: the dtype of `input` (float32 stays float32, everything else is
// float64), as scipy.ndimage returns the input's dtype; weights do not change it.
// Computation is in float64 throughout, as SciPy's C code does; float32 results are
// rounded between passes exactly where SciPy stores float32 intermediates.
import { ArgumentError } from '../errors.js';
import { fromDense } from '../ndarray/create.js';
import { toView } from '../ndarray/normalize.js';
import { copyBox } from '../ndarray/copy-box.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { ArrayInput, DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { expandToAxes, reverseAxes } from '../ndarray/views.js';
import { correlateNd } from '../ndimage/correlate-nd.js';
import { FUSED_BLOCK_ELEMENTS, runPasses, type Pass } from '../ndimage/passes.js';
import type { Extension } from '../plan/boundary.js';
import { DBL_EPSILON, gaussianKernel1d } from '../plan/kernel1d.js';
import { MAX_HEAP_BYTES } from '../kernels/instance.js';
import { rankOneFactors, separableWorthIt } from '../plan/separable.js';
import { checkOptions, checkThreads } from './options.js';
import {
  checkAxes, checkAxis, checkCval, checkInteger, checkModes, checkOrigin, checkOrigins,
  checkSingleMode, perAxis, type NdimageOptions,
} from './ndimage-options.js';

export type { NdimageOptions } from './ndimage-options.js';
export type { NdimageMode } from '../plan/boundary.js';

/** The dtype scipy.ndimage gives the output: the input's. */
function outputDType(v: View): DType {
  return v.dtype;
}

function options(opts: unknown): Partial<NdimageOptions> {
  const o = checkOptions<NdimageOptions>(opts);
  checkThreads(o.threads);
  return o;
}

/**
 * Validates `out` (SciPy's `output` array): an NDArray of the result's shape and
 * dtype, written in place and returned. Checked before any computation, so nothing is
 * written on error.
 */
function checkOut(out: unknown, shape: readonly number[], dtype: DType): NDArray | undefined {
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
function checkWorkingSet(elements: number, argument = 'input'): void {
  const bytes = elements * 8;
  if (bytes > MAX_HEAP_BYTES) {
    throw new ArgumentError(argument, `needs about ${Math.round(bytes / 2 ** 20)} MiB of float64 working memory, more than WebAssembly's 4 GiB allows`);
  }
}

/** runPasses after checking that its two ping-pong buffers fit in the heap. */
function filterPasses(v: View, passes: Pass[], dtype: DType, roundToFloat32: boolean, target?: NDArray): { data: FloatArray } {
  checkWorkingSet(2 * sizeOf(v.shape) + FUSED_BLOCK_ELEMENTS);
  return runPasses(v, passes, dtype, roundToFloat32, target);
}

/** The result: the caller's `out` (already written) or a new C-order array. */
function result(data: FloatArray, shape: readonly number[], target: NDArray | undefined): NDArray {
  if (!target) return fromDense(data, [...shape]);
  if (data !== target.data) unpackInto(data, target);
  return (target as OutTarget).caller ?? target;
}

/** Copies a dense result into the caller's `out`. */
function unpackInto(data: FloatArray, target: NDArray): void {
  copyBox(target.shape, data, cStrides(target.shape), 0, target.data, target.strides, target.offset);
}

/** Reads a weights argument into a dense C-order float64 array. */
function denseWeights(w: View): Float64Array {
  const out = new Float64Array(sizeOf(w.shape));
  copyBox(w.shape, w.data, w.strides, w.offset, out, cStrides(w.shape), 0);
  return out;
}

/** A copy of the input in its output dtype (for filters that filter no axis). */
function copyOf(v: View, dtype: DType, target: NDArray | undefined): NDArray {
  return result(filterPasses(v, [], dtype, false, target).data, v.shape, target);
}

/** Input position that padded position 0 reads, for a filter of length k and origin. */
function firstRead(k: number, origin: number): number {
  return -(Math.floor(k / 2) + origin);
}

function correlateOrConvolve(input: ArrayInput, weights: ArrayInput, opts: unknown, convolution: boolean): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  let w = toView(weights, 'weights');
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  const ndim = v.shape.length;
  const axes = checkAxes(o.axes, ndim);
  if (axes.length < ndim) {
    if (w.shape.length !== axes.length) {
      throw new ArgumentError('weights', `weights.ndim (${w.shape.length}) must match len(axes) (${axes.length})`);
    }
    // np.expand_dims keeps the weights' axes in order: they land on the filtered axes
    // sorted ascending, whatever order `axes` lists them in (origins do follow `axes`).
    w = expandToAxes(w, [...axes].sort((a, b) => a - b), ndim);
  }
  if (w.shape.filter((n) => n > 0).length !== ndim) {
    throw new ArgumentError('weights', `weights.ndim (${w.shape.filter((n) => n > 0).length}, counting non-empty axes) must match len(axes) (${axes.length}) and input.ndim (${ndim})`);
  }
  const originsAxes = checkOrigins(o.origin, axes.length);
  const origins = new Array<number>(ndim).fill(0);
  axes.forEach((a, i) => { origins[a] = originsAxes[i]!; });
  const cval = checkCval(o.cval);
  const ext = checkSingleMode(o.mode);
  if (convolution) {
    w = reverseAxes(w, w.shape.map((_, d) => d));
    for (let d = 0; d < ndim; d++) {
      origins[d] = -origins[d]!;
      if ((w.shape[d]! & 1) === 0) origins[d]! -= 1;
    }
  }
  origins.forEach((org, d) => checkOrigin(org, w.shape[d]!));
  const wd = denseWeights(w);
  if (ndim === 0) {
    const out = dtype === 'float32' ? new Float32Array(1) : new Float64Array(1);
    out[0] = Math.abs(wd[0]!) > DBL_EPSILON ? 0 + wd[0]! * v.data[v.offset]! : 0;
    return result(out, [], target);
  }
  const lo = w.shape.map((k, d) => Math.floor(k / 2) + origins[d]!);
  checkWorkingSet(v.shape.reduce((a, n, d) => a * (n + w.shape[d]! - 1), 1) + 2 * sizeOf(v.shape));
  if (separableWorthIt(w.shape)) {
    // SciPy skips zero weights, so a zero factor entry (0 * Inf = NaN in a pass)
    // would change which outputs non-finite data reaches: such kernels stay N-d.
    const factors = rankOneFactors(wd, w.shape);
    if (factors && factors.every((f) => f.every((x) => Math.abs(x) > DBL_EPSILON))) return result(separablePasses(v, factors, lo, ext, cval, dtype, target), v.shape, target);
  }
  return result(correlateNd({ input: v, weights: wd, wshape: [...w.shape], outShape: [...v.shape], lo, ext, cval, dtype, dropZeros: true, target }), v.shape, target);
}

/**
 * Rank-1 kernel as 1-D passes. A constant boundary needs care: the N-d sum sees cval
 * wherever any coordinate is outside, which after earlier passes is cval times the
 * sums of the earlier factors, so each pass fills with that scaled value.
 */
function separablePasses(v: View, factors: Float64Array[], lo: number[], ext: Extension, cval: number, dtype: DType, target: NDArray | undefined): FloatArray {
  // Unit axes carry a scalar factor: fold it into the first real pass.
  let scale = 1;
  factors.forEach((f) => { if (f.length === 1) scale *= f[0]!; });
  const passes: Pass[] = [];
  let fill = cval;
  factors.forEach((f, axis) => {
    if (f.length === 1) return;
    const weights = passes.length === 0 ? f.map((x) => x * scale) : f;
    passes.push({ axis, op: { kind: 'correlate', weights }, nOut: v.shape[axis]!, first: -lo[axis]!, ext, cval: fill });
    fill *= weights.reduce((a, b) => a + b, 0);
  });
  return filterPasses(v, passes, dtype, false, target).data;
}

/**
 * Multidimensional correlation, scipy.ndimage.correlate: output[i] = sum_j
 * weights[j] * input[i + j - center - origin], with the boundary `mode`. Rank-1
 * kernels run as separable 1-D passes (equal within rounding error); others sum the
 * nonzero weights exactly as SciPy does.
 *
 * @example
 * ndimage.correlate([[1, 2], [3, 4]], [[0, 1], [1, 0]], { mode: 'constant' });
 */
export function correlate(input: ArrayInput, weights: ArrayInput, opts?: NdimageOptions): NDArray {
  return correlateOrConvolve(input, weights, opts, false);
}

/**
 * Multidimensional convolution, scipy.ndimage.convolve (the kernel flipped; even
 * kernels centre one element to the left of correlate's).
 *
 * @example
 * ndimage.convolve(image, [[1, 2, 1], [2, 4, 2], [1, 2, 1]], { mode: 'nearest' });
 */
export function convolve(input: ArrayInput, weights: ArrayInput, opts?: NdimageOptions): NDArray {
  return correlateOrConvolve(input, weights, opts, true);
}

/** Shared by correlate1d / convolve1d once the weights and origin are final. */
function correlate1dPrepared(v: View, w: Float64Array, axis: number, origin: number, ext: Extension, cval: number, out: unknown): NDArray {
  if (w.length < 1) throw new ArgumentError('weights', 'no filter weights given');
  checkOrigin(origin, w.length);
  const pass: Pass = { axis, op: { kind: 'correlate', weights: w }, nOut: v.shape[axis]!, first: firstRead(w.length, origin), ext, cval };
  const target = checkOut(out, v.shape, outputDType(v));
  return result(filterPasses(v, [pass], outputDType(v), false, target).data, v.shape, target);
}

function weights1d(weights: ArrayInput): Float64Array {
  const w = toView(weights, 'weights');
  if (w.shape.length !== 1) throw new ArgumentError('weights', `must be 1-D, got ${w.shape.length} dimensions`);
  return denseWeights(w);
}

/**
 * 1-D correlation along `axis` (default -1), scipy.ndimage.correlate1d.
 *
 * @example
 * ndimage.correlate1d([2, 8, 0, 4, 1, 9, 9, 0], [1, 3]); // [8, 26, 8, 12, 7, 28, 36, 9]
 */
export function correlate1d(input: ArrayInput, weights: ArrayInput, opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const w = weights1d(weights);
  const axis = checkAxis(o.axis ?? -1, v.shape.length);
  const origin = checkInteger(o.origin ?? 0, 'origin');
  return correlate1dPrepared(v, w, axis, origin, checkSingleMode(o.mode), checkCval(o.cval), o.out);
}

/**
 * 1-D convolution along `axis` (default -1), scipy.ndimage.convolve1d.
 *
 * @example
 * ndimage.convolve1d([2, 8, 0, 4, 1, 9, 9, 0], [1, 3]); // [14, 24, 4, 13, 12, 36, 27, 0]
 */
export function convolve1d(input: ArrayInput, weights: ArrayInput, opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const w = weights1d(weights).reverse();
  const axis = checkAxis(o.axis ?? -1, v.shape.length);
  let origin = -checkInteger(o.origin ?? 0, 'origin');
  if ((w.length & 1) === 0) origin -= 1;
  return correlate1dPrepared(v, w, axis, origin, checkSingleMode(o.mode), checkCval(o.cval), o.out);
}

/** gaussian_filter1d's kernel radius: int(truncate * sigma + 0.5) unless given. */
function gaussianRadius(sigma: number, truncate: number, radius: unknown): number {
  let lw: number;
  if (radius === undefined || radius === null) {
    const r = truncate * sigma + 0.5;
    if (!Number.isFinite(r)) throw new ArgumentError('sigma', `sigma and truncate must be finite, got sigma ${sigma}, truncate ${truncate}`);
    lw = Math.trunc(r);
  } else {
    lw = radius as number;
  }
  if (typeof lw !== 'number' || !Number.isInteger(lw) || lw < 0) {
    throw new ArgumentError('radius', `radius must be a nonnegative integer, got ${String(lw)}`);
  }
  return lw;
}

/** The pass of gaussian_filter1d (weights reversed, as SciPy correlates). */
function gaussianPass(shape: number[], axis: number, sigma: unknown, order: unknown, truncate: unknown, radius: unknown, ext: Extension, cval: number): Pass {
  if (typeof sigma !== 'number' || Number.isNaN(sigma)) throw new ArgumentError('sigma', `must be a number, got ${String(sigma)}`);
  if (sigma === 0) throw new ArgumentError('sigma', 'must be nonzero (SciPy divides by sigma ** 2)');
  const ord = checkInteger(order, 'order');
  if (ord < 0) throw new ArgumentError('order', `order must be non-negative, got ${ord}`);
  if (typeof truncate !== 'number') throw new ArgumentError('truncate', `must be a number, got ${String(truncate)}`);
  const lw = gaussianRadius(sigma, truncate, radius);
  const weights = gaussianKernel1d(sigma, ord, lw).reverse();
  return { axis, op: { kind: 'correlate', weights }, nOut: shape[axis]!, first: -lw, ext, cval };
}

/**
 * 1-D Gaussian filter (or derivative of order 1, 2, 3, ...) along `axis`,
 * scipy.ndimage.gaussian_filter1d.
 *
 * @example
 * ndimage.gaussianFilter1d([1, 2, 3, 4, 5], 1); // [1.427, 2.068, 3, 3.932, 4.573]
 */
export function gaussianFilter1d(input: ArrayInput, sigma: number, opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const axis = checkAxis(o.axis ?? -1, v.shape.length);
  if (Array.isArray(o.radius)) throw new ArgumentError('radius', 'must be one integer for gaussianFilter1d');
  const pass = gaussianPass(v.shape, axis, sigma, o.order ?? 0, o.truncate ?? 4, o.radius, checkSingleMode(o.mode), checkCval(o.cval));
  const target = checkOut(o.out, v.shape, outputDType(v));
  return result(filterPasses(v, [pass], outputDType(v), false, target).data, v.shape, target);
}

/** The passes of gaussian_filter: one per axis whose sigma exceeds 1e-15. */
function gaussianPasses(v: View, sigma: unknown, o: Partial<NdimageOptions>, axes: number[], modes: Extension[], cval: number): Pass[] {
  const n = axes.length;
  const sigmas = perAxis<unknown>(sigma as number | number[], n, 'sigma');
  const orders = perAxis<unknown>(o.order ?? 0, n, 'order');
  const radii = perAxis<unknown>(o.radius ?? null, n, 'radius');
  const passes: Pass[] = [];
  axes.forEach((axis, i) => {
    const s = sigmas[i];
    if (typeof s !== 'number' || Number.isNaN(s)) throw new ArgumentError('sigma', `must hold numbers, got ${String(s)}`);
    if (!(s > 1e-15)) return;
    passes.push(gaussianPass(v.shape, axis, s, orders[i], o.truncate ?? 4, radii[i], modes[i]!, cval));
  });
  return passes;
}

/**
 * Multidimensional Gaussian filter, scipy.ndimage.gaussian_filter: a 1-D Gaussian
 * pass along each axis (sigma, order, mode and radius may be given per axis).
 *
 * @example
 * ndimage.gaussianFilter(image, 3);                    // sigma 3 on every axis
 * ndimage.gaussianFilter(stack, [2, 2, 0]);            // smooth planes, not across them
 */
export function gaussianFilter(input: ArrayInput, sigma: number | number[], opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const axes = checkAxes(o.axes, v.shape.length);
  const modes = checkModes(o.mode, axes.length);
  const passes = gaussianPasses(v, sigma, o, axes, modes, checkCval(o.cval));
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  return result(filterPasses(v, passes, dtype, dtype === 'float32', target).data, v.shape, target);
}

function uniformPass(shape: number[], axis: number, size: unknown, origin: unknown, ext: Extension, cval: number): Pass {
  const k = checkInteger(size, 'size');
  if (k < 1) throw new ArgumentError('size', `incorrect filter size ${k}: must be at least 1`);
  const org = checkInteger(origin, 'origin');
  if (Math.floor(k / 2) + org < 0 || Math.floor(k / 2) + org >= k) {
    throw new ArgumentError('origin', `invalid origin ${org} for a filter of size ${k}`);
  }
  return { axis, op: { kind: 'uniform', size: k }, nOut: shape[axis]!, first: firstRead(k, org), ext, cval };
}

/**
 * 1-D uniform (moving average) filter along `axis`, scipy.ndimage.uniform_filter1d.
 * Uses SciPy's running sum: the cost does not depend on `size`.
 *
 * @example
 * ndimage.uniformFilter1d([2, 8, 0, 4, 1, 9, 9, 0], 3); // [4, 3.33, 4, 1.67, 4.67, 6.33, 6, 3]
 */
export function uniformFilter1d(input: ArrayInput, size: number, opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const axis = checkAxis(o.axis ?? -1, v.shape.length);
  const pass = uniformPass(v.shape, axis, size, o.origin ?? 0, checkSingleMode(o.mode), checkCval(o.cval));
  const target = checkOut(o.out, v.shape, outputDType(v));
  return result(filterPasses(v, [pass], outputDType(v), false, target).data, v.shape, target);
}

/**
 * Multidimensional uniform filter, scipy.ndimage.uniform_filter: running-sum passes
 * along every axis whose size exceeds 1 (size, origin and mode may be per axis).
 *
 * @example
 * ndimage.uniformFilter(image, 31);
 */
export function uniformFilter(input: ArrayInput, size: number | number[] = 3, opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const axes = checkAxes(o.axes, v.shape.length);
  const sizes = perAxis<unknown>(size, axes.length, 'size');
  const origins = perAxis<unknown>(o.origin ?? 0, axes.length, 'origin');
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const passes: Pass[] = [];
  axes.forEach((axis, i) => {
    const s = sizes[i];
    if (typeof s !== 'number' || Number.isNaN(s)) throw new ArgumentError('size', `must hold integers, got ${String(s)}`);
    if (s > 1) passes.push(uniformPass(v.shape, axis, Math.trunc(s), origins[i], modes[i]!, cval));
  });
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  return result(filterPasses(v, passes, dtype, dtype === 'float32', target).data, v.shape, target);
}

/** sobel / prewitt: a [-1, 0, 1] derivative along `axis`, `smooth` along the others. */
function derivativeFilter(input: ArrayInput, opts: unknown, smooth: number[]): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const ndim = v.shape.length;
  const axis = checkAxis(o.axis ?? -1, ndim);
  const modes = checkModes(o.mode, ndim);
  const cval = checkCval(o.cval);
  const pass = (a: number, w: number[]): Pass => ({ axis: a, op: { kind: 'correlate', weights: Float64Array.from(w) }, nOut: v.shape[a]!, first: -1, ext: modes[a]!, cval });
  const passes = [pass(axis, [-1, 0, 1])];
  for (let a = 0; a < ndim; a++) if (a !== axis) passes.push(pass(a, smooth));
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  return result(filterPasses(v, passes, dtype, dtype === 'float32', target).data, v.shape, target);
}

/**
 * Sobel derivative along `axis` (default -1), scipy.ndimage.sobel.
 *
 * @example
 * const gx = ndimage.sobel(image, { axis: 1 });
 */
export function sobel(input: ArrayInput, opts?: NdimageOptions): NDArray {
  return derivativeFilter(input, opts, [1, 2, 1]);
}

/**
 * Prewitt derivative along `axis` (default -1), scipy.ndimage.prewitt.
 *
 * @example
 * const gy = ndimage.prewitt(image, { axis: 0 });
 */
export function prewitt(input: ArrayInput, opts?: NdimageOptions): NDArray {
  return derivativeFilter(input, opts, [1, 1, 1]);
}

/**
 * Sums (or sums of squares, then sqrt) of per-axis results in the output dtype, as
 * generic_laplace / generic_gradient_magnitude accumulate into `output`.
 */
function combine(parts: FloatArray[], dtype: DType, squares: boolean): FloatArray {
  const out = dtype === 'float32' ? new Float32Array(parts[0]!.length) : new Float64Array(parts[0]!.length);
  out.set(parts[0]!);
  if (squares) for (let i = 0; i < out.length; i++) out[i] = out[i]! * out[i]!;
  for (let p = 1; p < parts.length; p++) {
    const t = parts[p]!;
    if (squares) {
      const sq = dtype === 'float32' ? new Float32Array(t.length) : new Float64Array(t.length);
      for (let i = 0; i < t.length; i++) sq[i] = t[i]! * t[i]!;
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + sq[i]!;
    } else {
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + t[i]!;
    }
  }
  if (squares) for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]!);
  return out;
}

/**
 * Laplace filter from [1, -2, 1] second differences, scipy.ndimage.laplace.
 *
 * @example
 * ndimage.laplace(image, { mode: 'nearest' });
 */
export function laplace(input: ArrayInput, opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const axes = checkAxes(o.axes, v.shape.length);
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  if (axes.length === 0) return copyOf(v, dtype, target);
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const parts = axes.map((axis, i) => filterPasses(v, [{
    axis, op: { kind: 'correlate', weights: Float64Array.of(1, -2, 1) }, nOut: v.shape[axis]!, first: -1, ext: modes[i]!, cval,
  }], dtype, false).data);
  return result(combine(parts, dtype, false), v.shape, target);
}

/**
 * gaussian_filter(input, sigma, order) with `order` set to `derivative` along `axis`
 * and 0 elsewhere, over every axis (as SciPy's derivative callbacks do).
 */
function gaussianDerivative(v: View, sigma: unknown, axis: number, derivative: number, ext: Extension, cval: number, o: Partial<NdimageOptions>): FloatArray {
  const ndim = v.shape.length;
  const order = new Array<number>(ndim).fill(0);
  order[axis] = derivative;
  const all = Array.from({ length: ndim }, (_, i) => i);
  const passes = gaussianPasses(v, sigma, { ...o, order }, all, new Array<Extension>(ndim).fill(ext), cval);
  const dtype = outputDType(v);
  return filterPasses(v, passes, dtype, dtype === 'float32').data;
}

/**
 * Laplace filter with Gaussian second derivatives, scipy.ndimage.gaussian_laplace.
 *
 * @example
 * ndimage.gaussianLaplace(image, 2);
 */
export function gaussianLaplace(input: ArrayInput, sigma: number | number[], opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const ndim = v.shape.length;
  const axes = checkAxes(o.axes, ndim);
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  // SciPy expands sigma to every axis, 0 (no smoothing) on the axes not filtered.
  const perFiltered = perAxis<unknown>(sigma, axes.length, 'sigma');
  const sigmas = new Array<unknown>(ndim).fill(0);
  axes.forEach((a, i) => { sigmas[a] = perFiltered[i]; });
  if (axes.length === 0) return copyOf(v, dtype, target);
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const parts = axes.map((axis, i) => gaussianDerivative(v, sigmas, axis, 2, modes[i]!, cval, o));
  return result(combine(parts, dtype, false), v.shape, target);
}

/**
 * Gradient magnitude with Gaussian derivatives, scipy.ndimage.gaussian_gradient_magnitude.
 *
 * @example
 * ndimage.gaussianGradientMagnitude(image, 1.5);
 */
export function gaussianGradientMagnitude(input: ArrayInput, sigma: number | number[], opts?: NdimageOptions): NDArray {
  const o = options(opts);
  const v = toView(input, 'input');
  const axes = checkAxes(o.axes, v.shape.length);
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  if (axes.length === 0) return copyOf(v, dtype, target);
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const parts = axes.map((axis, i) => gaussianDerivative(v, sigma, axis, 1, modes[i]!, cval, o));
  return result(combine(parts, dtype, true), v.shape, target);
}
