// `convnd gaussian`: scipy.ndimage.gaussian_filter through convnd's ndimage.gaussianFilter.
import { ndimage, type NDArray } from '../index.js';
import type { ProgressSink } from './progress.js';

export type BoundaryMode = 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap' | 'grid-wrap' | 'grid-constant' | 'grid-mirror';
export const BOUNDARY_MODES: readonly BoundaryMode[] = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'];

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

/**
 * Gaussian filter with scipy.ndimage.gaussian_filter's semantics (order 0). Output
 * shape and dtype equal the input's (float32 stays float32, as in SciPy).
 */
export function gaussianFilter(input: NDArray, opts: GaussianOptions, progress: ProgressSink): NDArray {
  progress.update(0, 1, `sigma ${opts.sigma.join(',')}`);
  const sigma = opts.sigma.length === 1 ? opts.sigma[0]! : opts.sigma;
  const out = ndimage.gaussianFilter(input, sigma, {
    mode: opts.mode, cval: opts.cval, truncate: opts.truncate,
    ...(opts.axes ? { axes: opts.axes } : {}),
    ...(opts.threads ? { threads: opts.threads } : {}),
  });
  progress.update(1, 1, 'done');
  return out;
}
