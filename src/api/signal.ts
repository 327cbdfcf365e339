// scipy.signal's convolution family: validate -> normalise -> plan -> execute.
import { ArgumentError } from '../errors.js';
import { convolveDirect } from '../conv/direct.js';
import { convolveFft } from '../conv/fft-convolve.js';
import { convolveOverlapAdd } from '../conv/overlap-add.js';
import { convolveSeparable } from '../conv/separable.js';
import { MAX_HEAP_BYTES } from '../kernels/instance.js';
import { allocate, fromDense } from '../ndarray/create.js';
import { resultDType, toView } from '../ndarray/normalize.js';
import { sizeOf } from '../ndarray/shape.js';
import type { ArrayInput, DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { expandToAxes, reverseAxes } from '../ndarray/views.js';
import { normalizeAxes } from '../plan/axes.js';
import { checkMode, convGeometry, unitKernelAxesAsBatch, type ConvGeometry, type ConvMode, type ShapeRules } from '../plan/conv-geometry.js';
import { chooseMethod, type MethodChoice } from '../plan/method-choice.js';
import { viewNorms } from '../ndarray/norms.js';
import { defaultThreads } from '../threads/pool.js';
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
  /** Worker threads; undefined = every core. */
  threads: number | undefined;
}

/**
 * Shared front half of every signal function: normalises inputs and options and
 * resolves SciPy's shape rules. `correlate` reverses in2 along the convolved axes.
 */
function prepare(
  in1: ArrayInput, in2: ArrayInput, mode: ConvMode, axesOpt: unknown, threads: number | undefined,
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
  const noResult = { in1: v1, in2: v2, dtype, threads, geometry: convGeometry([], [], mode, [], rules) };
  if (v1.shape.length === 0) return { ...noResult, scalar: true, empty: false };
  const zeroAxis = (v: View) => v.shape.findIndex((n) => n === 0);
  for (const [v, name] of [[v1, 'in1'], [v2, 'in2']] as const) {
    const a = zeroAxis(v);
    if (a < 0) continue;
    if (family === 'freq') return { ...noResult, scalar: false, empty: true };
    throw new ArgumentError(name, `axis ${a} has length 0; convolve and correlate need non-empty inputs (as SciPy)`);
  }
  if (kind === 'correlate') v2 = reverseAxes(v2, axes);
  const geometry = unitKernelAxesAsBatch(convGeometry(v1.shape, v2.shape, mode, axes, rules));
  checkSize(geometry, dtype);
  const [a, b] = geometry.swapped ? [v2, v1] : [v1, v2];
  return { in1: a, in2: b, geometry, dtype, threads, scalar: false, empty: false };
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

function execute(p: PreparedConv, method: ConvMethod): NDArray {
  if (p.scalar) {
    const out = allocate(p.dtype, 1);
    out[0] = p.in1.data[p.in1.offset]! * p.in2.data[p.in2.offset]!;
    return fromDense(out, []);
  }
  if (p.empty) return fromDense(allocate(p.dtype, 0), [0]);
  if (method !== 'auto') return fromDense(runMethod(p, method, p.dtype), p.geometry.outShape);
  // Rank-1 kernels (an outer product of 1-D filters) run as 1-D passes.
  const separable = convolveSeparable(p);
  if (separable) return fromDense(separable, p.geometry.outShape);
  const choice = autoChoice(p);
  return fromDense(runMethod(p, choice.method, choice.computeDtype), p.geometry.outShape);
}

/** What 'auto' runs: the cheapest method whose accuracy meets the contract. */
function autoChoice(p: PreparedConv): MethodChoice {
  // Costed for the machine's threads, not the requested count: the method (and so every
  // bit of the result) must not depend on `threads`.
  return chooseMethod(p.geometry, p.dtype, defaultThreads(), () => [viewNorms(p.in1), viewNorms(p.in2)]);
}

/**
 * Runs one method. `computeDtype` float64 on float32 data runs the FFT paths in
 * float64 arithmetic (chosen by 'auto' for accuracy) and rounds the result once.
 */
function runMethod(p: PreparedConv, method: 'direct' | 'fft' | 'oa', computeDtype: DType): FloatArray {
  if (method === 'direct') return convolveDirect(p);
  const q = computeDtype === p.dtype ? p : { ...p, dtype: computeDtype };
  const data = method === 'fft' ? convolveFft(q) : convolveOverlapAdd(q);
  return computeDtype === p.dtype ? data : Float32Array.from(data);
}

/**
 * Every public signal function: validates the options (in this order: opts, mode,
 * method, threads), then prepares and executes. `method` null reads opts.method.
 */
function signalCall(
  in1: ArrayInput, in2: ArrayInput, opts: unknown,
  kind: 'convolve' | 'correlate', family: 'convolve' | 'freq', method: 'fft' | 'oa' | null,
): NDArray {
  const o = checkOptions<ConvolveOptions>(opts, method ? ['mode', 'axes', 'threads'] : ['mode', 'method', 'axes', 'threads']);
  const mode = checkMode(o.mode);
  const chosen = method ?? checkMethod(o.method);
  const threads = checkThreads(o.threads);
  return execute(prepare(in1, in2, mode, o.axes, threads, kind, family), chosen);
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
  return signalCall(in1, in2, opts, 'convolve', 'convolve', null);
}

/**
 * N-dimensional cross-correlation with scipy.signal.correlate's semantics
 * (including the reversed result when `valid` mode swaps the inputs).
 *
 * @example
 * correlate([1, 2, 3], [0, 1, 0.5]); // float64 [0.5, 2, 3.5, 3, 0]
 */
export function correlate(in1: ArrayInput, in2: ArrayInput, opts?: ConvolveOptions): NDArray {
  return signalCall(in1, in2, opts, 'correlate', 'convolve', null);
}

/**
 * Convolution through FFTs, scipy.signal.fftconvolve's semantics (axes of length 1
 * broadcast; empty inputs give an empty array). A kernel shared by a batch is
 * transformed once per call. Peak working memory is at most about 3x (usually 2x) the
 * zero-padded output; a long 1-d signal with a short kernel is processed in blocks.
 * See docs/fft.md.
 *
 * @example
 * fftconvolve(signal, taps, { mode: 'same' });
 */
export function fftconvolve(in1: ArrayInput, in2: ArrayInput, opts?: FftConvolveOptions): NDArray {
  return signalCall(in1, in2, opts, 'convolve', 'freq', 'fft');
}

/**
 * Overlap-add convolution, scipy.signal.oaconvolve's semantics, with SciPy's block
 * steps (`_calc_oa_lens`); equal to fftconvolve when one block covers everything.
 *
 * @example
 * oaconvolve(longSignal, taps, { mode: 'valid' });
 */
export function oaconvolve(in1: ArrayInput, in2: ArrayInput, opts?: FftConvolveOptions): NDArray {
  return signalCall(in1, in2, opts, 'convolve', 'freq', 'oa');
}

export interface ChooseConvMethodOptions extends Omit<ConvolveOptions, 'method'> {
  /** Time every admissible method on these inputs instead of using the cost model. */
  measure?: boolean;
}

/**
 * The method `convolve(..., { method: 'auto' })` uses for these inputs: the cheapest by
 * a cost model calibrated on convnd's own kernels (src/plan/cost-constants.ts), among
 * the methods whose accuracy meets the contract's error bound. With `measure: true`
 * each admissible method is run and timed (best of two) and the fastest is returned.
 * A rank-1 kernel, which 'auto' runs as separable 1-D passes, reports 'direct'.
 *
 * @example
 * chooseConvMethod(image, kernel31x31);                    // 'fft'
 * chooseConvMethod(batch, k3x3, { axes: [1, 2] });          // 'direct'
 * chooseConvMethod(signal, taps, { measure: true });        // timed on this machine
 */
export function chooseConvMethod(in1: ArrayInput, in2: ArrayInput, opts?: ChooseConvMethodOptions): 'direct' | 'fft' | 'oa' {
  const o = checkOptions<ChooseConvMethodOptions>(opts, ['mode', 'axes', 'threads', 'measure']);
  const mode = checkMode(o.mode);
  const threads = checkThreads(o.threads);
  if (o.measure !== undefined && typeof o.measure !== 'boolean') {
    throw new ArgumentError('measure', `must be true or false, got ${String(o.measure)}`);
  }
  const p = prepare(in1, in2, mode, o.axes, threads, 'convolve', 'convolve');
  if (p.scalar || p.empty) return 'direct';
  const choice = autoChoice(p);
  if (!o.measure) return choice.method;
  let best: 'direct' | 'fft' | 'oa' = choice.method, bestMs = Infinity;
  for (const method of ['direct', 'fft', 'oa'] as const) {
    if (!Number.isFinite(choice.estimates[method])) continue; // ruled out for accuracy
    const computeDtype = method === 'direct' ? p.dtype : choice.computeDtype;
    let ms = Infinity;
    for (let rep = 0; rep < 2; rep++) {
      const t0 = performance.now();
      runMethod(p, method, computeDtype);
      ms = Math.min(ms, performance.now() - t0);
    }
    if (ms < bestMs) { best = method; bestMs = ms; }
  }
  return best;
}
