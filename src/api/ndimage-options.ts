// Validation of the options of the ndimage functions, mirroring SciPy's checks
// (_ni_support._check_axes, _normalize_sequence, _invalid_origin, ...). Only api/
// throws user-facing errors.
import { ArgumentError } from '../errors.js';
import type { NDArray } from '../ndarray/types.js';
import { ndimageExtension, type Extension, type NdimageMode } from '../plan/boundary.js';

export interface NdimageOptions {
  /** Boundary mode (default 'reflect'); the separable filters accept one per axis. */
  mode?: NdimageMode | NdimageMode[];
  /** Value past the edges for 'constant' / 'grid-constant' (default 0). */
  cval?: number;
  /** Shift of the filter: one integer or one per filtered axis (default 0). */
  origin?: number | number[];
  /** Axis of the 1-D functions, sobel and prewitt (default -1). */
  axis?: number;
  /** Axes filtered by the N-d functions (default all). */
  axes?: number[];
  /** Derivative order of the Gaussian filters, per axis or one (default 0). */
  order?: number | number[];
  /** Gaussian kernels reach truncate * sigma (default 4). */
  truncate?: number;
  /** Gaussian kernel radius, overriding truncate; per axis or one. */
  radius?: number | number[];
  /** Worker threads; default all cores, 1 = the calling thread only. */
  threads?: number;
  /**
   * SciPy's `output` array: an NDArray of the input's shape and the result's dtype
   * (any strides) that receives the result and is returned.
   */
  out?: NDArray;
}

/**
 * Every option of the ndimage functions (the contract's list, and `out`); each
 * function reads those that apply to it.
 */
export const NDIMAGE_OPTIONS: readonly (keyof NdimageOptions)[] = ['mode', 'cval', 'origin', 'axis', 'axes', 'order', 'truncate', 'radius', 'threads', 'out'];

/** An integer (Python's operator.index), named `argument` in errors. */
export function checkInteger(x: unknown, argument: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) {
    throw new ArgumentError(argument, `must be an integer, got ${JSON.stringify(x)}`);
  }
  return x;
}

/** numpy's normalize_axis_index: one axis in [-ndim, ndim). */
export function checkAxis(axis: unknown, ndim: number, argument = 'axis'): number {
  const a = checkInteger(axis, argument);
  if (a < -ndim || a >= ndim) throw new ArgumentError(argument, `axis ${a} is out of bounds for array of dimension ${ndim}`);
  return a < 0 ? a + ndim : a;
}

/** _ni_support._check_axes: undefined means all axes; an integer means one axis. */
export function checkAxes(axes: unknown, ndim: number): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(list)) throw new ArgumentError('axes', `must be an integer, an array of integers, or undefined, got ${typeof axes}`);
  const out = list.map((a) => {
    const ax = checkInteger(a, 'axes');
    if (ax < -ndim || ax > ndim - 1) throw new ArgumentError('axes', `specified axis: ${ax} is out of range`);
    return ax < 0 ? ax + ndim : ax;
  });
  if (new Set(out).size !== out.length) throw new ArgumentError('axes', 'axes must be unique');
  return out;
}

/**
 * _ni_support._normalize_sequence: a scalar is repeated `rank` times; an array must
 * have exactly `rank` entries.
 */
export function perAxis<T>(value: T | T[], rank: number, argument: string): T[] {
  if (Array.isArray(value)) {
    if (value.length !== rank) {
      throw new ArgumentError(argument, `sequence argument must have length equal to input rank (${rank}), got ${value.length}`);
    }
    return [...value];
  }
  return new Array<T>(rank).fill(value);
}

export function checkCval(cval: unknown): number {
  if (cval === undefined) return 0;
  if (typeof cval !== 'number') throw new ArgumentError('cval', `must be a number, got ${typeof cval}`);
  return cval;
}

/** One mode per axis (strings are repeated), each validated. */
export function checkModes(mode: unknown, rank: number): Extension[] {
  return perAxis<unknown>(mode === undefined ? 'reflect' : mode, rank, 'mode').map((m) => ndimageExtension(m));
}

/** A single mode: SciPy's correlate/convolve and the 1-D functions reject sequences. */
export function checkSingleMode(mode: unknown): Extension {
  if (Array.isArray(mode)) throw new ArgumentError('mode', 'a sequence of modes is not supported');
  return ndimageExtension(mode === undefined ? 'reflect' : mode);
}

/** scipy.ndimage._filters._invalid_origin. */
export function checkOrigin(origin: number, length: number, argument = 'origin'): void {
  if (origin < -Math.floor(length / 2) || origin > Math.floor((length - 1) / 2)) {
    throw new ArgumentError(argument, `invalid origin ${origin}: must satisfy -(len(weights) // 2) <= origin <= (len(weights) - 1) // 2 for a filter of length ${length}`);
  }
}

/** Origins as integers, one per filtered axis. */
export function checkOrigins(origin: unknown, rank: number): number[] {
  return perAxis<unknown>(origin === undefined ? 0 : origin, rank, 'origin').map((o) => checkInteger(o, 'origin'));
}
