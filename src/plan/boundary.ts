// Boundary extension: the one place that says which input element an index outside
// an axis reads. Every consumer (ndimage filters, separable passes, convolve2d's
// boundaries, signal's zero padding) asks this module for an index map and never
// re-implements a mode.
//
// Every SciPy boundary rule is one of five extensions of a line a b c d:
//   constant  k k k | a b c d | k k k      (a fill value; map entry -1)
//   nearest   a a a | a b c d | d d d
//   reflect   c b a | a b c d | d c b      period 2n (ndimage 'reflect'/'grid-mirror', signal 'symm')
//   mirror    d c b | a b c d | c b a      period 2n - 2 (ndimage 'mirror'; n = 1 reads a)
//   wrap      b c d | a b c d | a b c      period n (ndimage 'wrap'/'grid-wrap', signal 'wrap')
// SciPy's line extension (ni_support.c NI_ExtendLine), its N-d filter offsets
// (NI_InitFilterOffsets) and convolve2d (reflect_symm_index, circular_wrap_index) all
// continue these patterns periodically when the kernel is longer than the line.
import { ArgumentError } from '../errors.js';

export type Extension = 'constant' | 'nearest' | 'reflect' | 'mirror' | 'wrap';

export type NdimageMode =
  | 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap'
  | 'grid-wrap' | 'grid-constant' | 'grid-mirror';

export type Boundary2d = 'fill' | 'wrap' | 'symm';

const NDIMAGE_MODES: Record<NdimageMode, Extension> = {
  reflect: 'reflect', 'grid-mirror': 'reflect', mirror: 'mirror', nearest: 'nearest',
  // In filters SciPy treats the grid- variants as their plain twins
  // (_ni_support._extend_mode_to_code(mode, is_filter=True)).
  wrap: 'wrap', 'grid-wrap': 'wrap', constant: 'constant', 'grid-constant': 'constant',
};

/** scipy.signal._signaltools._boundarydict, with its aliases. */
const BOUNDARIES_2D: Record<string, Extension> = {
  fill: 'constant', pad: 'constant', wrap: 'wrap', circular: 'wrap', symm: 'reflect', symmetric: 'reflect',
};

/** Validates an ndimage `mode` string and returns its extension. */
export function ndimageExtension(mode: unknown, argument = 'mode'): Extension {
  if (typeof mode === 'string' && Object.hasOwn(NDIMAGE_MODES, mode)) return NDIMAGE_MODES[mode as NdimageMode];
  throw new ArgumentError(argument, `boundary mode not supported: expected one of ${Object.keys(NDIMAGE_MODES).map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(mode)}`);
}

/** Validates convolve2d's `boundary` and returns its extension. */
export function boundary2dExtension(boundary: unknown): Extension {
  if (typeof boundary === 'string' && Object.hasOwn(BOUNDARIES_2D, boundary)) return BOUNDARIES_2D[boundary]!;
  throw new ArgumentError('boundary', `acceptable boundary flags are 'fill', 'circular' (or 'wrap'), and 'symmetric' (or 'symm'), got ${JSON.stringify(boundary)}`);
}

/**
 * The index of the element that position `i` of a line of length `n` (n >= 1) reads
 * under `ext`, or -1 for the fill value.
 */
export function extendIndex(i: number, n: number, ext: Extension): number {
  if (i >= 0 && i < n) return i;
  switch (ext) {
    case 'constant': return -1;
    case 'nearest': return i < 0 ? 0 : n - 1;
    case 'wrap': return ((i % n) + n) % n;
    case 'reflect': {
      const k = ((i % (2 * n)) + 2 * n) % (2 * n);
      return k < n ? k : 2 * n - 1 - k;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const k = ((i % p) + p) % p;
      return k < n ? k : p - k;
    }
  }
}

/**
 * Index map of a window of positions [first, first + length) along a line of length n:
 * map[p] = extendIndex(first + p, n, ext). Kernels and packers read lines through it.
 */
export function extensionMap(first: number, length: number, n: number, ext: Extension): Int32Array {
  const map = new Int32Array(length);
  for (let p = 0; p < length; p++) map[p] = extendIndex(first + p, n, ext);
  return map;
}
