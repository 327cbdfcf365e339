// Runs convolve/correlate over slices of a batch axis so a long run can report
// progress between slices. Each batch item is computed exactly as in one call (the
// method is chosen once for the whole problem), and the slices are large enough that
// the worker pool still splits each of them.
import { array, chooseConvMethod, type ConvolveOptions, type NDArray } from '../index.js';
import type { ProgressSink } from './progress.js';

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
  if (batchAxes.length === 0 || work < 2 * WORK_PER_SLICE) {
    progress.update(0, 1, 'computing');
    const out = fn(in1, in2, opts);
    progress.update(1, 1, 'done');
    return out;
  }
  const axis = batchAxes.reduce((best, a) => (in1.shape[a]! > in1.shape[best]! ? a : best));
  const length = in1.shape[axis]!;
  const slices = Math.min(length, MAX_SLICES, Math.ceil(work / WORK_PER_SLICE));
  const method = opts.method === undefined || opts.method === 'auto'
    ? chooseConvMethod(in1, in2, { mode: opts.mode, axes: opts.axes })
    : opts.method;
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
      const data = part.dtype === 'float32' ? new Float32Array(product(shape)) : new Float64Array(product(shape));
      out = array(data, shape);
    }
    // Both are C order: copy each contiguous block of the slab.
    const inner = product(part.shape.slice(axis + 1));
    const outer = product(part.shape.slice(0, axis));
    const block = (end - start) * inner;
    for (let o = 0; o < outer; o++) {
      out.data.set(part.data.subarray(o * block, (o + 1) * block), o * length * inner + start * inner);
    }
  }
  progress.update(slices, slices, 'done');
  return out!;
}
