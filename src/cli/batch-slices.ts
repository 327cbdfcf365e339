// Runs convolve/correlate in slices so a long run can report progress between them:
// along the longest batch axis when there is one (each batch item is computed exactly
// as in one call), otherwise along the longest convolved axis (each slice of the
// output is a 'valid' convolution of a zero-extended slab of in1, equal to the one-call
// result up to rounding). The method is chosen once for the whole problem, and slices
// are large enough that the worker pool still splits each of them.
import { array, chooseConvMethod, type ConvolveOptions, type NDArray } from '../index.js';
import type { ProgressSink } from './progress.js';
import { allocate } from '../ndarray/create.js';

type ConvFn = (in1: NDArray, in2: NDArray, opts?: ConvolveOptions) => NDArray;

/** Work (multiply-adds of the direct method) per slice worth a progress step. */
const WORK_PER_SLICE = 1e7;
const MAX_SLICES = 100;

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** A view of `a` restricted to [start, end) along `axis` (no copy). */
function sliceAxis(a: NDArray, axis: number, start: number, end: number): NDArray {
  const shape = a.shape.slice();
  shape[axis] = end - start;
  return array(a.data, shape, { dtype: a.dtype, strides: a.strides, offset: a.offset + start * a.strides[axis]! });
}

/**
 * `fn(in1, in2, opts)`, computed slice by slice along the longest batch axis of in1
 * when the job is long enough for progress to matter; otherwise in one call.
 */
export function convolveWithProgress(fn: ConvFn, in1: NDArray, in2: NDArray, opts: ConvolveOptions, progress: ProgressSink): NDArray {
  const ndim = in1.shape.length;
  const axes = opts.axes?.map((a) => (a < 0 ? a + ndim : a));
  const batchAxes = axes ? in1.shape.map((_, a) => a).filter((a) => !axes.includes(a) && in1.shape[a]! > 1) : [];
  const kernelTaps = axes ? product(in2.shape.length === ndim ? axes.map((a) => in2.shape[a]!) : in2.shape) : product(in2.shape);
  const work = product(in1.shape) * kernelTaps;
  const oneCall = () => {
    progress.update(0, 1, 'computing');
    const out = fn(in1, in2, opts);
    progress.update(1, 1, 'done');
    return out;
  };
  if (work < 2 * WORK_PER_SLICE) return oneCall();
  const method = opts.method === undefined || opts.method === 'auto'
    ? chooseConvMethod(in1, in2, { mode: opts.mode, axes: opts.axes })
    : opts.method;
  if (batchAxes.length === 0) {
    return convAxisSlices(fn, in1, in2, opts, method, Math.ceil(work / WORK_PER_SLICE), progress) ?? oneCall();
  }
  const axis = batchAxes.reduce((best, a) => (in1.shape[a]! > in1.shape[best]! ? a : best));
  const length = in1.shape[axis]!;
  const slices = Math.min(length, MAX_SLICES, Math.ceil(work / WORK_PER_SLICE));
  const kernelSliced = in2.shape.length === ndim && in2.shape[axis] === length;
  let out: NDArray | null = null;
  for (let s = 0; s < slices; s++) {
    const start = Math.floor((s * length) / slices), end = Math.floor(((s + 1) * length) / slices);
    progress.update(s, slices, `batch axis ${axis}: ${start}..${end - 1} of ${length}`);
    const part = fn(sliceAxis(in1, axis, start, end), kernelSliced ? sliceAxis(in2, axis, start, end) : in2, { ...opts, method });
    if (part.shape[axis] !== end - start) {
      // Not a plain batch axis for this mode after all: do it in one call.
      progress.update(0, 1, 'computing');
      const whole = fn(in1, in2, opts);
      progress.update(1, 1, 'done');
      return whole;
    }
    if (!out) {
      const shape = part.shape.slice();
      shape[axis] = length;
      const data = allocate(part.dtype, product(shape));
      out = array(data, shape);
    }
    placeSlab(out, part, axis, start);
  }
  progress.update(slices, slices, 'done');
  return out!;
}

/** Dense C-order `out` (shape `outShape`) gets `part` at offset `start` along `axis`. */
function placeSlab(out: NDArray, part: NDArray, axis: number, start: number): void {
  const inner = product(part.shape.slice(axis + 1));
  const outer = product(part.shape.slice(0, axis));
  const block = part.shape[axis]! * inner, length = out.shape[axis]!;
  for (let o = 0; o < outer; o++) {
    out.data.set(part.data.subarray(o * block, (o + 1) * block), o * length * inner + start * inner);
  }
}

/**
 * The window of dense C-order `a` that starts at `from[d]` (may be negative) with
 * `shape[d]` elements on each axis; positions outside `a` are zero.
 */
function zeroExtendedWindow(a: NDArray, from: number[], shape: number[]): NDArray {
  const out = allocate(a.dtype, product(shape));
  const ndim = shape.length, last = ndim - 1;
  const inStrides = a.shape.map((_, d) => product(a.shape.slice(d + 1)));
  const outStrides = shape.map((_, d) => product(shape.slice(d + 1)));
  // Along the last axis: the overlap of [from, from + shape) with [0, n).
  const lo = Math.max(0, from[last]!), hi = Math.min(a.shape[last]!, from[last]! + shape[last]!);
  const copyRows = (d: number, inAt: number, outAt: number): void => {
    if (d === last) {
      if (hi > lo) out.set(a.data.subarray(inAt + lo, inAt + hi), outAt + (lo - from[last]!));
      return;
    }
    for (let i = 0; i < shape[d]!; i++) {
      const src = from[d]! + i;
      if (src < 0 || src >= a.shape[d]!) continue; // stays zero
      copyRows(d + 1, inAt + src * inStrides[d]!, outAt + i * outStrides[d]!);
    }
  };
  if (ndim === 0) return a;
  copyRows(0, a.offset, 0);
  return array(out, shape);
}

/**
 * Slices along the longest convolved axis. Needs dense in1 that dominates in2 on every
 * convolved axis (no 'valid' swap, no broadcast convolved axis) and in2 with in1's ndim;
 * returns null otherwise (the caller then makes one call).
 */
function convAxisSlices(fn: ConvFn, in1: NDArray, in2: NDArray, opts: ConvolveOptions, method: ConvolveOptions['method'],
  wanted: number, progress: ProgressSink): NDArray | null {
  const ndim = in1.shape.length;
  const axes = (opts.axes ?? in1.shape.map((_, a) => a)).map((a) => (a < 0 ? a + ndim : a));
  const dense = in1.offset === 0 && in1.strides.every((s, d) => in1.shape[d] === 1 || s === product(in1.shape.slice(d + 1)));
  if (!dense || in2.shape.length !== ndim || axes.some((a) => in2.shape[a]! > in1.shape[a]! || in2.shape[a]! < 1)) return null;
  const mode = opts.mode ?? 'full';
  // Per convolved axis: output length and its start within the full convolution.
  const len: number[] = in1.shape.slice(), start: number[] = in1.shape.map(() => 0);
  for (const d of axes) {
    const n1 = in1.shape[d]!, n2 = in2.shape[d]!;
    if (mode === 'full') len[d] = n1 + n2 - 1;
    else if (mode === 'same') { len[d] = n1; start[d] = Math.floor((n2 - 1) / 2); }
    else { len[d] = n1 - n2 + 1; start[d] = n2 - 1; }
  }
  const axis = axes.reduce((best, a) => (len[a]! > len[best]! ? a : best));
  const length = len[axis]!;
  const slices = Math.min(length, MAX_SLICES, wanted);
  if (slices < 2) return null;
  let out: NDArray | null = null;
  for (let s = 0; s < slices; s++) {
    const r0 = Math.floor((s * length) / slices), r1 = Math.floor(((s + 1) * length) / slices);
    progress.update(s, slices, `axis ${axis}: ${r0}..${r1 - 1} of ${length}`);
    // Output element i on a convolved axis d reads in1[start + i - j], j < n2: so
    // in1 from start + r0 - (n2 - 1), zero outside in1; then 'valid' gives exactly it.
    const from = in1.shape.map((_, d) => (axes.includes(d) ? start[d]! - (in2.shape[d]! - 1) : 0));
    const shape = in1.shape.map((n, d) => (axes.includes(d) ? len[d]! + in2.shape[d]! - 1 : n));
    from[axis] = start[axis]! + r0 - (in2.shape[axis]! - 1);
    shape[axis] = r1 - r0 + in2.shape[axis]! - 1;
    const part = fn(zeroExtendedWindow(in1, from, shape), in2, { ...opts, mode: 'valid', method });
    if (part.shape[axis] !== r1 - r0) return null;
    if (!out) {
      const outShape = part.shape.slice();
      outShape[axis] = length;
      out = array(allocate(part.dtype, product(outShape)), outShape);
    }
    placeSlab(out, part, axis, r0);
  }
  progress.update(slices, slices, 'done');
  return out;
}
