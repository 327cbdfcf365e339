// scipy.signal.convolve2d / correlate2d: 2-D convolution with a boundary rule
// (fill / wrap / symm) applied to in1 over the whole 'full' window. Shares the
// boundary module and the N-d tap kernel with ndimage: the mode's output window is a
// correlation over in1 extended by the boundary, read from a padded copy.
import { ArgumentError } from '../errors.js';
import { fromDense } from '../ndarray/create.js';
import { resultDType, toView } from '../ndarray/normalize.js';
import { sizeOf } from '../ndarray/shape.js';
import type { ArrayInput, NDArray, View } from '../ndarray/types.js';
import { reverseAxes } from '../ndarray/views.js';
import { correlateNd } from '../ndimage/correlate-nd.js';
import { MAX_HEAP_BYTES } from '../kernels/instance.js';
import { boundary2dExtension, type Boundary2d } from '../plan/boundary.js';
import { checkMode, swapNeeded, type ConvMode } from '../plan/conv-geometry.js';
import { checkOptions, checkThreads } from './options.js';

export interface Convolve2dOptions {
  /** 'full' (default), 'same' or 'valid'. */
  mode?: ConvMode;
  /** 'fill' (default; also 'pad'), 'wrap' (also 'circular') or 'symm' (also 'symmetric'). */
  boundary?: Boundary2d | 'pad' | 'circular' | 'symmetric';
  /** Value of in1 outside its edges with boundary 'fill' (default 0). */
  fillvalue?: number;
  /** Worker threads; default all cores, 1 = the calling thread only. */
  threads?: number;
}

/** Dense copy of a 2-D view's weights (row-major). */
function dense2d(v: View): Float64Array {
  const [r, c] = v.shape as [number, number];
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = v.data[v.offset + i * v.strides[0]! + j * v.strides[1]!]!;
  return out;
}

function run(in1: ArrayInput, in2: ArrayInput, opts: unknown, convolution: boolean, name: string): NDArray {
  const o = checkOptions<Convolve2dOptions>(opts, ['mode', 'boundary', 'fillvalue', 'threads']);
  checkThreads(o.threads);
  let a = toView(in1, 'in1');
  let b = toView(in2, 'in2');
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new ArgumentError(a.shape.length !== 2 ? 'in1' : 'in2', `${name} inputs must both be 2-D arrays, got ${a.shape.length} and ${b.shape.length} dimensions`);
  }
  for (const [v, arg] of [[a, 'in1'], [b, 'in2']] as const) {
    if (sizeOf(v.shape) === 0) throw new ArgumentError(arg, `has a zero-length axis (shape [${v.shape.join(', ')}]); ${name} needs non-empty inputs`);
  }
  const mode = checkMode(o.mode);
  const ext = boundary2dExtension(o.boundary ?? 'fill');
  const fill = o.fillvalue ?? 0;
  if (typeof fill !== 'number') throw new ArgumentError('fillvalue', `must be a number, got ${Array.isArray(fill) ? 'an array' : typeof fill}`);
  const dtype = resultDType(a, b);
  const swapped = swapNeeded(mode, a.shape, b.shape, [0, 1]);
  if (swapped) [a, b] = [b, a];
  // Convolution is correlation with the flipped kernel; padded position 0 of the
  // window of output 0 reads input position `first` (sigtools' new_m / new_n).
  const w = convolution ? reverseAxes(b, [0, 1]) : b;
  const outShape: number[] = [], lo: number[] = [];
  for (let d = 0; d < 2; d++) {
    const n = a.shape[d]!, k = b.shape[d]!;
    const centre = (k - 1) >> 1;
    const [len, first] = mode === 'full' ? [n + k - 1, -(k - 1)]
      : mode === 'same' ? [n, convolution ? centre - (k - 1) : -centre]
      : [n - k + 1, 0];
    outShape.push(len);
    lo.push(-first);
  }
  const padded = outShape.reduce((acc, m, d) => acc * (m + b.shape[d]! - 1), 1);
  const bytes = (padded + 2 * Math.max(sizeOf(outShape), sizeOf(a.shape))) * 8;
  if (bytes > MAX_HEAP_BYTES) {
    throw new ArgumentError('in1', `${name} needs about ${Math.round(bytes / 2 ** 20)} MiB of working memory, more than WebAssembly's 4 GiB allows`);
  }
  const data = correlateNd({
    input: a, weights: dense2d(w), wshape: [...b.shape], outShape, lo, ext,
    // SciPy converts fillvalue to the arrays' type and sums in it.
    cval: dtype === 'float32' ? Math.fround(fill) : fill, dtype, dropZeros: false, threads: o.threads,
  });
  if (!convolution && swapped) data.reverse(); // out[::-1, ::-1] of a C-order 2-D array
  return fromDense(data, outShape);
}

/**
 * 2-D convolution with boundary handling, scipy.signal.convolve2d.
 *
 * @example
 * convolve2d(image, [[1, 2, 1], [0, 0, 0], [-1, -2, -1]], { mode: 'same', boundary: 'symm' });
 */
export function convolve2d(in1: ArrayInput, in2: ArrayInput, opts?: Convolve2dOptions): NDArray {
  return run(in1, in2, opts, true, 'convolve2d');
}

/**
 * 2-D cross-correlation with boundary handling, scipy.signal.correlate2d (including
 * the reversed output when 'valid' swaps the inputs).
 *
 * @example
 * correlate2d(image, template, { mode: 'valid' });
 */
export function correlate2d(in1: ArrayInput, in2: ArrayInput, opts?: Convolve2dOptions): NDArray {
  return run(in1, in2, opts, false, 'correlate2d');
}
