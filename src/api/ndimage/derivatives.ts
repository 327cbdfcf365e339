// Derivative filters: sobel, prewitt, laplace and the Gaussian derivative filters.
import { toView } from '../../ndarray/normalize.js';
import type { ArrayInput, DType, FloatArray, NDArray, View } from '../../ndarray/types.js';
import type { Pass } from '../../ndimage/passes.js';
import type { Extension } from '../../plan/boundary.js';
import { checkAxes, checkAxis, checkCval, checkModes, perAxis, type NdimageOptions } from '../ndimage-options.js';
import { checkOut, copyOf, filterPasses, options, outputDType, result, withPassSums } from './common.js';
import { gaussianPasses } from './smoothing.js';

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
  return result(filterPasses(v, passes, dtype, dtype === 'float32', target, o.threads).data, v.shape, target);
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
 * One axis's filter for sumOverAxes: its passes and whether intermediates are rounded
 * to float32 as SciPy's float32 outputs are.
 */
interface AxisPasses { passes: Pass[]; roundToFloat32: boolean }

/**
 * Sums (or sums of squares, then sqrt) of per-axis results in the output dtype, as
 * generic_laplace / generic_gradient_magnitude accumulate into `output`. The first
 * axis's result (a new array) becomes the output; every other axis's sums are added
 * straight from the Wasm heap. So a call makes one large array, as the other filters
 * do, not one per axis plus the sum.
 */
function sumOverAxes(v: View, axes: AxisPasses[], dtype: DType, squares: boolean, threads: number | undefined): FloatArray {
  const out = filterPasses(v, axes[0]!.passes, dtype, axes[0]!.roundToFloat32, undefined, threads).data;
  if (squares) for (let i = 0; i < out.length; i++) out[i] = out[i]! * out[i]!;
  for (const { passes, roundToFloat32 } of axes.slice(1)) {
    withPassSums(v, passes, roundToFloat32, threads, (sums) => addSums(out, sums, dtype === 'float32', squares));
  }
  if (squares) for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]!);
  return out;
}

/**
 * out += t (or t * t), where t is a sum stored in the output dtype first (SciPy
 * filters each axis into a temporary of that dtype, and squares in place there): so
 * for float32 outputs t and its square are each rounded to float32 before the add.
 */
function addSums(out: FloatArray, sums: Float64Array, float32: boolean, squares: boolean): void {
  if (float32) {
    if (squares) for (let i = 0; i < out.length; i++) { const t = Math.fround(sums[i]!); out[i] = out[i]! + Math.fround(t * t); }
    else for (let i = 0; i < out.length; i++) out[i] = out[i]! + Math.fround(sums[i]!);
  } else if (squares) {
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + sums[i]! * sums[i]!;
  } else {
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + sums[i]!;
  }
}

/** The validation every per-axis filter starts with (in SciPy's order). */
function axisFilterSetup(input: ArrayInput, opts: unknown) {
  const o = options(opts);
  const v = toView(input, 'input');
  const axes = checkAxes(o.axes, v.shape.length);
  const dtype = outputDType(v);
  const target = checkOut(o.out, v.shape, dtype);
  return { o, v, axes, dtype, target };
}

/**
 * Laplace filter from [1, -2, 1] second differences, scipy.ndimage.laplace.
 *
 * @example
 * ndimage.laplace(image, { mode: 'nearest' });
 */
export function laplace(input: ArrayInput, opts?: NdimageOptions): NDArray {
  const { o, v, axes, dtype, target } = axisFilterSetup(input, opts);
  if (axes.length === 0) return copyOf(v, dtype, target);
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const secondDifferences = axes.map((axis, i): AxisPasses => ({
    passes: [{ axis, op: { kind: 'correlate', weights: Float64Array.of(1, -2, 1) }, nOut: v.shape[axis]!, first: -1, ext: modes[i]!, cval }],
    roundToFloat32: false,
  }));
  return result(sumOverAxes(v, secondDifferences, dtype, false, o.threads), v.shape, target);
}

/**
 * gaussian_filter(input, sigma, order) with `order` set to `derivative` along `axis`
 * and 0 elsewhere, over every axis (as SciPy's derivative callbacks do).
 */
function gaussianDerivative(v: View, sigma: unknown, axis: number, derivative: number, ext: Extension, cval: number, o: Partial<NdimageOptions>): AxisPasses {
  const ndim = v.shape.length;
  const order = new Array<number>(ndim).fill(0);
  order[axis] = derivative;
  const all = Array.from({ length: ndim }, (_, i) => i);
  const passes = gaussianPasses(v, sigma, { ...o, order }, all, new Array<Extension>(ndim).fill(ext), cval);
  return { passes, roundToFloat32: outputDType(v) === 'float32' };
}

/**
 * Laplace filter with Gaussian second derivatives, scipy.ndimage.gaussian_laplace.
 *
 * @example
 * ndimage.gaussianLaplace(image, 2);
 */
export function gaussianLaplace(input: ArrayInput, sigma: number | number[], opts?: NdimageOptions): NDArray {
  const { o, v, axes, dtype, target } = axisFilterSetup(input, opts);
  const ndim = v.shape.length;
  // SciPy expands sigma to every axis, 0 (no smoothing) on the axes not filtered.
  const perFiltered = perAxis<unknown>(sigma, axes.length, 'sigma');
  const sigmas = new Array<unknown>(ndim).fill(0);
  axes.forEach((a, i) => { sigmas[a] = perFiltered[i]; });
  if (axes.length === 0) return copyOf(v, dtype, target);
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const derivatives = axes.map((axis, i) => gaussianDerivative(v, sigmas, axis, 2, modes[i]!, cval, o));
  return result(sumOverAxes(v, derivatives, dtype, false, o.threads), v.shape, target);
}

/**
 * Gradient magnitude with Gaussian derivatives, scipy.ndimage.gaussian_gradient_magnitude.
 *
 * @example
 * ndimage.gaussianGradientMagnitude(image, 1.5);
 */
export function gaussianGradientMagnitude(input: ArrayInput, sigma: number | number[], opts?: NdimageOptions): NDArray {
  const { o, v, axes, dtype, target } = axisFilterSetup(input, opts);
  if (axes.length === 0) return copyOf(v, dtype, target);
  const modes = checkModes(o.mode, axes.length);
  const cval = checkCval(o.cval);
  const derivatives = axes.map((axis, i) => gaussianDerivative(v, sigma, axis, 1, modes[i]!, cval, o));
  return result(sumOverAxes(v, derivatives, dtype, true, o.threads), v.shape, target);
}

