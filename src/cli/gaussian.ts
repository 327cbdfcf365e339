// scipy.ndimage.gaussian_filter for the command line, built on the public `convolve`:
// each axis is extended by the kernel radius with SciPy's boundary mode, then
// convolved ('valid') with the normalised 1-D Gaussian. Same kernel, radius rule
// (int(truncate * sigma + 0.5)), boundary modes and per-axis order as SciPy 1.17.
// (When convnd's ndimage.gaussianFilter is available this can call it instead.)
import { array, convolve, type NDArray } from '../index.js';
import type { ProgressSink } from './progress.js';

export type BoundaryMode = 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap';
export const BOUNDARY_MODES: readonly BoundaryMode[] = ['reflect', 'constant', 'nearest', 'mirror', 'wrap'];

export interface GaussianOptions {
  /** One sigma per filtered axis (or one for all). */
  sigma: number[];
  mode: BoundaryMode;
  cval: number;
  truncate: number;
  /** Axes to filter; default every axis. */
  axes?: number[];
  threads?: number;
}

/** scipy.ndimage._filters._gaussian_kernel1d with order 0: normalised, length 2r+1. */
export function gaussianKernel1d(sigma: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const v = Math.exp((-0.5 / (sigma * sigma)) * x * x);
    w[x + radius] = v;
    sum += v;
  }
  for (let i = 0; i < w.length; i++) w[i]! /= sum;
  return w;
}

/** Index into [0, n) that position i (any integer) reads under `mode`; -1 = cval. */
export function boundaryIndex(i: number, n: number, mode: BoundaryMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant': return -1;
    case 'nearest': return i < 0 ? 0 : n - 1;
    case 'wrap': return ((i % n) + n) % n;
    case 'reflect': { // d c b a | a b c d | d c b a
      const m = ((i % (2 * n)) + 2 * n) % (2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case 'mirror': { // d c b | a b c d | c b a
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const m = ((i % p) + p) % p;
      return m < n ? m : p - m;
    }
  }
}

/** Copy of dense C-order `a` extended by `radius` on both ends of `axis`. */
function extendAxis(a: NDArray, axis: number, radius: number, mode: BoundaryMode, cval: number): NDArray {
  const n = a.shape[axis]!;
  const shape = a.shape.slice();
  shape[axis] = n + 2 * radius;
  const inner = a.shape.slice(axis + 1).reduce((p, x) => p * x, 1);
  const outer = a.shape.slice(0, axis).reduce((p, x) => p * x, 1);
  const size = outer * shape[axis]! * inner;
  const out = a.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  const source = new Int32Array(shape[axis]!);
  for (let j = 0; j < source.length; j++) source[j] = boundaryIndex(j - radius, n, mode);
  for (let o = 0; o < outer; o++) {
    const src = o * n * inner, dst = o * shape[axis]! * inner;
    for (let j = 0; j < source.length; j++) {
      const at = dst + j * inner;
      const from = source[j]!;
      if (from < 0) out.fill(cval, at, at + inner);
      else out.set(a.data.subarray(src + from * inner, src + (from + 1) * inner), at);
    }
  }
  return array(out, shape);
}

/** `a` as a dense C-order array (copied only if it is a strided view). */
function dense(a: NDArray): NDArray {
  const size = a.shape.reduce((p, x) => p * x, 1);
  const contiguous = a.offset === 0 && a.data.length === size
    && a.strides.every((s, d) => a.shape[d] === 1 || s === a.shape.slice(d + 1).reduce((p, x) => p * x, 1));
  if (contiguous) return a;
  const out = a.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  const index = new Array<number>(a.shape.length).fill(0);
  for (let i = 0; i < size; i++) {
    let at = a.offset;
    for (let d = 0; d < index.length; d++) at += index[d]! * a.strides[d]!;
    out[i] = a.data[at]!;
    for (let d = index.length - 1; d >= 0 && ++index[d]! === a.shape[d]; d--) index[d] = 0;
  }
  return array(out, a.shape);
}

/**
 * Gaussian filter with scipy.ndimage.gaussian_filter's semantics (order 0). Output
 * shape equals the input's; float32 input gives float32, anything else float64.
 */
export function gaussianFilter(input: NDArray, opts: GaussianOptions, progress: ProgressSink): NDArray {
  const ndim = input.shape.length;
  const axes = (opts.axes ?? input.shape.map((_, a) => a)).map((a) => (a < 0 ? a + ndim : a));
  const sigmas = opts.sigma.length === 1 ? axes.map(() => opts.sigma[0]!) : opts.sigma;
  let out = dense(input);
  const passes = axes.map((axis, i) => ({ axis, sigma: sigmas[i]! })).filter((p) => p.sigma > 1e-15);
  passes.forEach(({ axis, sigma }, i) => {
    progress.update(i, passes.length, `axis ${axis} (sigma ${sigma})`);
    const radius = Math.trunc(opts.truncate * sigma + 0.5);
    if (radius === 0) return;
    const w = gaussianKernel1d(sigma, radius);
    const kernel = array(out.dtype === 'float32' ? Float32Array.from(w) : w, [w.length]);
    const extended = extendAxis(out, axis, radius, opts.mode, opts.cval);
    out = convolve(extended, kernel, { mode: 'valid', axes: [axis], threads: opts.threads });
  });
  progress.update(passes.length, passes.length, 'done');
  return out;
}
