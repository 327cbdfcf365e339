// ndimage.correlate / convolve (N-d, with the rank-1 fast path) and the 1-D forms.
import { ArgumentError } from '../../errors.js';
import { toView } from '../../ndarray/normalize.js';
import { sizeOf } from '../../ndarray/shape.js';
import type { ArrayInput, DType, FloatArray, NDArray, View } from '../../ndarray/types.js';
import { expandToAxes, reverseAxes } from '../../ndarray/views.js';
import { correlateNd } from '../../ndimage/correlate-nd.js';
import type { Pass } from '../../ndimage/passes.js';
import type { Extension } from '../../plan/boundary.js';
import { DBL_EPSILON } from '../../plan/kernel1d.js';
import { rankOneFactors, separableWorthIt } from '../../plan/separable.js';
import { checkAxes, checkAxis, checkCval, checkInteger, checkOrigin, checkOrigins, checkSingleMode, type NdimageOptions } from '../ndimage-options.js';
import { checkOut, checkWorkingSet, denseWeights, filterPasses, firstRead, options, outputDType, result } from './common.js';
import { allocate } from '../../ndarray/create.js';

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
    const out = allocate(dtype, 1);
    out[0] = Math.abs(wd[0]!) > DBL_EPSILON ? 0 + wd[0]! * v.data[v.offset]! : 0;
    return result(out, [], target);
  }
  const lo = w.shape.map((k, d) => Math.floor(k / 2) + origins[d]!);
  checkWorkingSet(v.shape.reduce((a, n, d) => a * (n + w.shape[d]! - 1), 1) + 2 * sizeOf(v.shape));
  if (separableWorthIt(w.shape)) {
    // SciPy skips zero weights, so a zero factor entry (0 * Inf = NaN in a pass)
    // would change which outputs non-finite data reaches: such kernels stay N-d.
    const factors = rankOneFactors(wd, w.shape);
    if (factors && factors.every((f) => f.every((x) => Math.abs(x) > DBL_EPSILON))) return result(separablePasses(v, factors, lo, ext, cval, dtype, target, o.threads), v.shape, target);
  }
  return result(correlateNd({ input: v, weights: wd, wshape: [...w.shape], outShape: [...v.shape], lo, ext, cval, dtype, dropZeros: true, target, threads: o.threads }), v.shape, target);
}

/**
 * Rank-1 kernel as 1-D passes. A constant boundary needs care: the N-d sum sees cval
 * wherever any coordinate is outside, which after earlier passes is cval times the
 * sums of the earlier factors, so each pass fills with that scaled value.
 */
function separablePasses(v: View, factors: Float64Array[], lo: number[], ext: Extension, cval: number, dtype: DType, target: NDArray | undefined, threads: number | undefined): FloatArray {
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
  return filterPasses(v, passes, dtype, false, target, threads).data;
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
function correlate1dPrepared(v: View, w: Float64Array, axis: number, origin: number, ext: Extension, cval: number, out: unknown, threads: number | undefined): NDArray {
  if (w.length < 1) throw new ArgumentError('weights', 'no filter weights given');
  checkOrigin(origin, w.length);
  const pass: Pass = { axis, op: { kind: 'correlate', weights: w }, nOut: v.shape[axis]!, first: firstRead(w.length, origin), ext, cval };
  const target = checkOut(out, v.shape, outputDType(v));
  return result(filterPasses(v, [pass], outputDType(v), false, target, threads).data, v.shape, target);
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
  return correlate1dPrepared(v, w, axis, origin, checkSingleMode(o.mode), checkCval(o.cval), o.out, o.threads);
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
  return correlate1dPrepared(v, w, axis, origin, checkSingleMode(o.mode), checkCval(o.cval), o.out, o.threads);
}
