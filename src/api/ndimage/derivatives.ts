// Derivative filters: sobel, prewitt, laplace and the Gaussian derivative filters.
import { toView } from '../../ndarray/normalize.js';
import type { ArrayInput, NDArray, View } from '../../ndarray/types.js';
import type { Pass } from '../../ndimage/passes.js';
import type { Extension } from '../../plan/boundary.js';
import { checkAxes, checkAxis, checkCval, checkModes, perAxis, type NdimageOptions } from '../ndimage-options.js';
import { checkOut, copyOf, filterPasses, filterPassesSummed, options, outputDType, result } from './common.js';
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
  // generic_laplace: one [1, -2, 1] pass per axis, summed in the output dtype.
  const secondDifferences = axes.map((axis, i): Pass[] => [
    { axis, op: { kind: 'correlate', weights: Float64Array.of(1, -2, 1) }, nOut: v.shape[axis]!, first: -1, ext: modes[i]!, cval },
  ]);
  return result(filterPassesSummed(v, secondDifferences, dtype, false, false, target, o.threads).data, v.shape, target);
}

/**
 * gaussian_filter(input, sigma, order) with `order` set to `derivative` along `axis`
 * and 0 elsewhere, over every axis (as SciPy's derivative callbacks do).
 */
function gaussianDerivative(v: View, sigma: unknown, axis: number, derivative: number, ext: Extension, cval: number, o: Partial<NdimageOptions>): Pass[] {
  const ndim = v.shape.length;
  const order = new Array<number>(ndim).fill(0);
  order[axis] = derivative;
  const all = Array.from({ length: ndim }, (_, i) => i);
  return gaussianPasses(v, sigma, { ...o, order }, all, new Array<Extension>(ndim).fill(ext), cval);
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
  // generic_laplace with Gaussian second derivatives; float32 outputs keep float32
  // intermediates.
  const derivatives = axes.map((axis, i) => gaussianDerivative(v, sigmas, axis, 2, modes[i]!, cval, o));
  return result(filterPassesSummed(v, derivatives, dtype, dtype === 'float32', false, target, o.threads).data, v.shape, target);
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
  // generic_gradient_magnitude: the root of the summed squares of first derivatives.
  const derivatives = axes.map((axis, i) => gaussianDerivative(v, sigma, axis, 1, modes[i]!, cval, o));
  return result(filterPassesSummed(v, derivatives, dtype, dtype === 'float32', true, target, o.threads).data, v.shape, target);
}

