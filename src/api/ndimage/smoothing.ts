// Gaussian and uniform (moving average) filters, 1-D and N-d.
import { ArgumentError } from '../../errors.js';
import { toView } from '../../ndarray/normalize.js';
import type { ArrayInput, NDArray, View } from '../../ndarray/types.js';
import type { Pass } from '../../ndimage/passes.js';
import type { Extension } from '../../plan/boundary.js';
import { gaussianKernel1d } from '../../plan/kernel1d.js';
import { checkAxes, checkAxis, checkCval, checkInteger, checkModes, checkSingleMode, perAxis, type NdimageOptions } from '../ndimage-options.js';
import { checkOut, filterPasses, firstRead, options, outputDType, result } from './common.js';

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
  return result(filterPasses(v, [pass], outputDType(v), false, target, o.threads).data, v.shape, target);
}

/** The passes of gaussian_filter: one per axis whose sigma exceeds 1e-15. */
export function gaussianPasses(v: View, sigma: unknown, o: Partial<NdimageOptions>, axes: number[], modes: Extension[], cval: number): Pass[] {
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
  return result(filterPasses(v, passes, dtype, dtype === 'float32', target, o.threads).data, v.shape, target);
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
  return result(filterPasses(v, [pass], outputDType(v), false, target, o.threads).data, v.shape, target);
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
  return result(filterPasses(v, passes, dtype, dtype === 'float32', target, o.threads).data, v.shape, target);
}
