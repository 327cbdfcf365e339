// scipy.signal's convolution family: validate -> normalise -> plan -> execute.
import { ArgumentError } from '../errors.js';
import { convolveDirect } from '../conv/direct.js';
import { MAX_HEAP_BYTES } from '../kernels/instance.js';
import { allocate, fromDense } from '../ndarray/create.js';
import { resultDType, toView } from '../ndarray/normalize.js';
import { sizeOf } from '../ndarray/shape.js';
import type { ArrayInput, DType, NDArray, View } from '../ndarray/types.js';
import { expandToAxes, reverseAxes } from '../ndarray/views.js';
import { normalizeAxes } from '../plan/axes.js';
import { checkMode, convGeometry, type ConvGeometry, type ConvMode, type ShapeRules } from '../plan/conv-geometry.js';
import { chooseMethodByCost } from '../plan/method-choice.js';
import { checkMethod, checkOptions, checkThreads, type ConvMethod } from './options.js';

export interface ConvolveOptions {
  /** 'full' (default), 'same' or 'valid', as in SciPy. */
  mode?: ConvMode;
  /** 'auto' (default), 'direct', 'fft' or 'oa'. */
  method?: ConvMethod;
  /** Axes to convolve over; every other axis is a (broadcast) batch axis. */
  axes?: number[];
  /** Worker threads; default all cores, 1 = the calling thread only. */
  threads?: number;
}

export type FftConvolveOptions = Omit<ConvolveOptions, 'method'>;

/** A validated, normalised convolution ready to execute. */
interface PreparedConv {
  in1: View;
  in2: View;
  geometry: ConvGeometry;
  dtype: DType;
  /** Set when both inputs are 0-d: the result is their product. */
  scalar: boolean;
  /** Set for fftconvolve/oaconvolve on empty inputs: SciPy returns an empty 1-D array. */
  empty: boolean;
  threads?: number | undefined;
}

/**
 * Shared front half of every signal function: normalises inputs and options and
 * resolves SciPy's shape rules. `correlate` reverses in2 along the convolved axes.
 */
function prepare(
  in1: ArrayInput, in2: ArrayInput, mode: ConvMode, axesOpt: unknown,
  kind: 'convolve' | 'correlate', family: 'convolve' | 'freq',
): PreparedConv {
  const v1 = toView(in1, 'in1');
  let v2 = toView(in2, 'in2');
  const dtype = resultDType(v1, v2);
  let axes: number[];
  let rules: ShapeRules;
  if (axesOpt === undefined || axesOpt === null) {
    if (v1.shape.length !== v2.shape.length) {
      throw new ArgumentError('in2', `must have the same number of dimensions as in1 (${v1.shape.length}) when axes is not given, got ${v2.shape.length}`);
    }
    axes = v1.shape.map((_, a) => a);
    rules = family;
  } else {
    axes = normalizeAxes(axesOpt, v1.shape.length);
    if (axes.length === 0) throw new ArgumentError('axes', 'when provided, axes cannot be empty');
    if (v2.shape.length !== v1.shape.length) {
      if (v2.shape.length !== axes.length) {
        throw new ArgumentError('in2', `must have as many dimensions as in1 (${v1.shape.length}) or as axes (${axes.length}), got ${v2.shape.length}`);
      }
      v2 = expandToAxes(v2, axes, v1.shape.length);
    }
    rules = 'freq';
  }
  const noResult = { in1: v1, in2: v2, dtype, geometry: convGeometry([], [], mode, [], rules) };
  if (v1.shape.length === 0) return { ...noResult, scalar: true, empty: false };
  const zeroAxis = (v: View) => v.shape.findIndex((n) => n === 0);
  for (const [v, name] of [[v1, 'in1'], [v2, 'in2']] as const) {
    const a = zeroAxis(v);
    if (a < 0) continue;
    if (family === 'freq') return { ...noResult, scalar: false, empty: true };
    throw new ArgumentError(name, `axis ${a} has length 0; convolve and correlate need non-empty inputs (as SciPy)`);
  }
  if (kind === 'correlate') v2 = reverseAxes(v2, axes);
  const geometry = convGeometry(v1.shape, v2.shape, mode, axes, rules);
  checkSize(geometry, dtype);
  const [a, b] = geometry.swapped ? [v2, v1] : [v1, v2];
  return { in1: a, in2: b, geometry, dtype, scalar: false, empty: false };
}

/** Rejects problems whose working set cannot fit in a wasm32 heap. */
function checkSize(g: ConvGeometry, dtype: DType): void {
  const bytes = dtype === 'float32' ? 4 : 8;
  let batch = 1, padded = 1, kernel = 1, out = 1;
  g.outShape.forEach((n, a) => {
    if (!g.convAxes.includes(a)) { batch *= n; return; }
    padded *= n + g.shape2[a]! - 1;
    kernel *= g.shape2[a]!;
    out *= n;
  });
  const total = batch * (padded + kernel + out) * bytes;
  if (total > MAX_HEAP_BYTES) {
    throw new ArgumentError('in1', `the result of shape [${g.outShape.join(', ')}] needs about ${Math.round(total / 2 ** 20)} MiB of working memory, more than WebAssembly's 4 GiB allows`);
  }
}

function execute(p: PreparedConv, method: ConvMethod, threads: number | undefined): NDArray {
  p.threads = threads;
  if (p.scalar) {
    const out = allocate(p.dtype, 1);
    out[0] = p.in1.data[p.in1.offset]! * p.in2.data[p.in2.offset]!;
    return fromDense(out, []);
  }
  if (p.empty) return fromDense(allocate(p.dtype, 0), [0]);
  // The FFT and overlap-add engines are their own modules; until they land every
  // method computes with the direct kernel, which gives the same values.
  void method;
  const data = convolveDirect(p);
  return fromDense(data, p.geometry.outShape);
}

/**
 * N-dimensional convolution with scipy.signal.convolve's semantics. With `axes`,
 * only those axes are convolved and the others broadcast as batch axes
 * (scipy.signal.fftconvolve's rules); in2 may then have just `axes.length` dims.
 *
 * @example
 * // every (S, S) image of a minibatch X of shape (S, S, N) with one (K, K) filter Y:
 * const out = convolve(X, Y, { mode: 'valid', axes: [0, 1] }); // (S-K+1, S-K+1, N)
 */
export function convolve(in1: ArrayInput, in2: ArrayInput, opts?: ConvolveOptions): NDArray {
  const o = checkOptions<ConvolveOptions>(opts);
  const mode = checkMode(o.mode);
  const method = checkMethod(o.method);
  const threads = checkThreads(o.threads);
  return execute(prepare(in1, in2, mode, o.axes, 'convolve', 'convolve'), method, threads);
}

/**
 * N-dimensional cross-correlation with scipy.signal.correlate's semantics
 * (including the reversed result when `valid` mode swaps the inputs).
 *
 * @example
 * correlate([1, 2, 3], [0, 1, 0.5]); // float64 [0.5, 2, 3.5, 3, 0]
 */
export function correlate(in1: ArrayInput, in2: ArrayInput, opts?: ConvolveOptions): NDArray {
  const o = checkOptions<ConvolveOptions>(opts);
  const mode = checkMode(o.mode);
  const method = checkMethod(o.method);
  const threads = checkThreads(o.threads);
  return execute(prepare(in1, in2, mode, o.axes, 'correlate', 'convolve'), method, threads);
}

/**
 * Convolution through FFTs, scipy.signal.fftconvolve's semantics (axes of length 1
 * broadcast; empty inputs give an empty array).
 *
 * @example
 * fftconvolve(signal, taps, { mode: 'same' });
 */
export function fftconvolve(in1: ArrayInput, in2: ArrayInput, opts?: FftConvolveOptions): NDArray {
  const o = checkOptions<FftConvolveOptions>(opts);
  const mode = checkMode(o.mode);
  const threads = checkThreads(o.threads);
  return execute(prepare(in1, in2, mode, o.axes, 'convolve', 'freq'), 'fft', threads);
}

/**
 * Overlap-add convolution, scipy.signal.oaconvolve's semantics.
 *
 * @example
 * oaconvolve(longSignal, taps, { mode: 'valid' });
 */
export function oaconvolve(in1: ArrayInput, in2: ArrayInput, opts?: FftConvolveOptions): NDArray {
  const o = checkOptions<FftConvolveOptions>(opts);
  const mode = checkMode(o.mode);
  const threads = checkThreads(o.threads);
  return execute(prepare(in1, in2, mode, o.axes, 'convolve', 'freq'), 'oa', threads);
}

/**
 * The method `convolve(..., { method: 'auto' })` would use for these inputs.
 *
 * @example
 * chooseConvMethod(image, kernel31x31); // 'fft'
 */
export function chooseConvMethod(in1: ArrayInput, in2: ArrayInput, opts?: Omit<ConvolveOptions, 'method'>): 'direct' | 'fft' | 'oa' {
  const o = checkOptions<ConvolveOptions>(opts);
  const mode = checkMode(o.mode);
  checkThreads(o.threads);
  const p = prepare(in1, in2, mode, o.axes, 'convolve', 'convolve');
  if (p.scalar || p.empty) return 'direct';
  return chooseMethodByCost(p.geometry);
}
