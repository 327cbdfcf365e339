// The tests' oracle: a naive float64 N-d convolution with SciPy's shape rules.
//
// Deliberately slow and independent of src/: one loop over every output element and
// every kernel element, no packing, no SIMD, no shared code with the library. Never
// optimise it; its only job is to be obviously right.

/** A dense C-order float64 array: the only array type the oracle knows. */
export interface RefArray {
  data: Float64Array;
  shape: number[];
}

export type RefMode = 'full' | 'same' | 'valid';

export interface RefOptions {
  mode?: RefMode;
  /** Convolved axes (negative counts from the end); absent = every axis. */
  axes?: number[];
  /**
   * 'convolve': scipy.signal.convolve/correlate without axes (every axis convolved).
   * 'freq': scipy.signal.fftconvolve (axes where either input has length 1 broadcast).
   * Default: 'freq' when `axes` is given, else 'convolve'.
   */
  rules?: 'convolve' | 'freq';
}

/**
 * Copies any array-like into a RefArray.
 * @example refArray([1, 2, 3, 4, 5, 6], [2, 3])
 */
export function refArray(data: ArrayLike<number>, shape: readonly number[]): RefArray {
  const size = sizeOf(shape);
  if (data.length !== size) throw new Error(`refArray: ${data.length} values for shape [${shape.join(', ')}]`);
  return { data: Float64Array.from(data), shape: [...shape] };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, n) => p * n, 1);
}

export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/** Multi-index of flat C-order position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + index[d]!;
  return flat;
}

/** Element-wise |x|. */
export function absArray(a: RefArray): RefArray {
  return { data: a.data.map(Math.abs), shape: [...a.shape] };
}

/** Reverses `a` along `axes`. */
export function flip(a: RefArray, axes: readonly number[]): RefArray {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, a.shape);
    for (const ax of axes) index[ax] = a.shape[ax]! - 1 - index[ax]!;
    out[i] = a.data[ravel(index, a.shape)]!;
  }
  return { data: out, shape: [...a.shape] };
}

/** The box of `a` starting at `start` with shape `shape`. */
export function window(a: RefArray, start: readonly number[], shape: readonly number[]): RefArray {
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, shape).map((x, d) => x + start[d]!);
    out[i] = a.data[ravel(index, a.shape)]!;
  }
  return { data: out, shape: [...shape] };
}

/**
 * The full convolution of `a` and `b` (same ndim) over `axes`: n1 + n2 - 1 points on
 * each of those axes. Every other axis is a batch axis of length max(n1, n2) whose
 * lengths must be equal or 1 (broadcast).
 *
 * out[o] = sum over k of a[o - k] * b[k] on convolved axes, with a zero outside.
 * @example fullConvolve(refArray([1, 2], [2]), refArray([1, 1, 1], [3]), [0]) // [1, 3, 3, 2]
 */
export function fullConvolve(a: RefArray, b: RefArray, axes: readonly number[]): RefArray {
  const ndim = a.shape.length;
  if (b.shape.length !== ndim) throw new Error('fullConvolve: inputs must have the same ndim');
  const isConv = a.shape.map((_, d) => axes.includes(d));
  const outShape = a.shape.map((n1, d) => {
    const n2 = b.shape[d]!;
    if (isConv[d]) return n1 + n2 - 1;
    if (n1 !== n2 && n1 !== 1 && n2 !== 1) throw new Error(`fullConvolve: batch axis ${d} has lengths ${n1} and ${n2}`);
    return Math.max(n1, n2);
  });
  const kernelShape = b.shape.map((n, d) => (isConv[d] ? n : 1));
  const kernelSize = sizeOf(kernelShape);
  const out = new Float64Array(sizeOf(outShape));
  const ia = new Array<number>(ndim), ib = new Array<number>(ndim);
  for (let o = 0; o < out.length; o++) {
    const oi = unravel(o, outShape);
    let sum = 0;
    for (let k = 0; k < kernelSize; k++) {
      const ki = unravel(k, kernelShape);
      let inside = true;
      for (let d = 0; d < ndim; d++) {
        if (isConv[d]) {
          ia[d] = oi[d]! - ki[d]!;
          ib[d] = ki[d]!;
          if (ia[d]! < 0 || ia[d]! >= a.shape[d]!) inside = false;
        } else {
          ia[d] = a.shape[d] === 1 ? 0 : oi[d]!;
          ib[d] = b.shape[d] === 1 ? 0 : oi[d]!;
        }
      }
      if (inside) sum += a.data[ravel(ia, a.shape)]! * b.data[ravel(ib, b.shape)]!;
    }
    out[o] = sum;
  }
  return { data: out, shape: outShape };
}

/** Places kernel axis i at axes[i] of an ndim array with unit length elsewhere. */
export function expandKernel(b: RefArray, axes: readonly number[], ndim: number): RefArray {
  const shape = new Array<number>(ndim).fill(1);
  axes.forEach((ax, i) => { shape[ax] = b.shape[i]!; });
  const out = new Float64Array(b.data.length);
  for (let i = 0; i < out.length; i++) {
    const index = unravel(i, b.shape);
    const target = new Array<number>(ndim).fill(0);
    axes.forEach((ax, j) => { target[ax] = index[j]!; });
    out[ravel(target, shape)] = b.data[i]!;
  }
  return { data: out, shape };
}

/**
 * scipy.signal.convolve (no axes) or scipy.signal.fftconvolve (axes) semantics,
 * including convnd's lower-ndim kernel (in2 with axes.length dims). Throws where SciPy
 * raises for shapes.
 * @example referenceConvolve(refArray([1, 2, 3], [3]), refArray([0, 1, 0.5], [3]), { mode: 'same' }) // [1, 2.5, 4]
 */
export function referenceConvolve(in1: RefArray, in2: RefArray, opts: RefOptions = {}): RefArray {
  const mode = opts.mode ?? 'full';
  const ndim = in1.shape.length;
  const rules = opts.rules ?? (opts.axes ? 'freq' : 'convolve');
  const axes = (opts.axes ?? in1.shape.map((_, d) => d)).map((ax) => (ax < 0 ? ax + ndim : ax));
  if (opts.axes && in2.shape.length === axes.length && in2.shape.length !== ndim) {
    in2 = expandKernel(in2, axes, ndim);
  }
  if (in2.shape.length !== ndim) throw new Error('referenceConvolve: in1 and in2 need the same ndim');
  if (ndim === 0) return { data: Float64Array.of(in1.data[0]! * in2.data[0]!), shape: [] };
  const convAxes = rules === 'freq' ? axes.filter((ax) => in1.shape[ax] !== 1 && in2.shape[ax] !== 1) : axes;
  for (let d = 0; d < ndim; d++) {
    const n1 = in1.shape[d]!, n2 = in2.shape[d]!;
    if (!convAxes.includes(d) && n1 !== n2 && n1 !== 1 && n2 !== 1) {
      throw new Error(`referenceConvolve: incompatible lengths ${n1} and ${n2} on batch axis ${d}`);
    }
  }
  if (mode === 'valid') {
    const in1Larger = convAxes.every((ax) => in1.shape[ax]! >= in2.shape[ax]!);
    const in2Larger = convAxes.every((ax) => in2.shape[ax]! >= in1.shape[ax]!);
    if (!in1Larger && !in2Larger) throw new Error("referenceConvolve: 'valid' needs one input at least as large as the other");
    if (!in1Larger) [in1, in2] = [in2, in1];
  }
  const full = fullConvolve(in1, in2, convAxes);
  if (mode === 'full') return full;
  const want = full.shape.map((n, d) => {
    if (mode === 'same') return in1.shape[d]!;
    return convAxes.includes(d) ? in1.shape[d]! - in2.shape[d]! + 1 : n;
  });
  // SciPy's _centered: start = (current - wanted) // 2.
  const start = full.shape.map((n, d) => Math.floor((n - want[d]!) / 2));
  return window(full, start, want);
}

/**
 * scipy.signal.correlate semantics: convolution with in2 reversed along the convolved
 * axes (this also gives SciPy's reversed result when 'valid' swaps the inputs).
 * @example referenceCorrelate(refArray([1, 2, 3], [3]), refArray([0, 1, 0.5], [3])) // [0.5, 2, 3.5, 3, 0]
 */
export function referenceCorrelate(in1: RefArray, in2: RefArray, opts: RefOptions = {}): RefArray {
  const ndim = in1.shape.length;
  const axes = (opts.axes ?? in1.shape.map((_, d) => d)).map((ax) => (ax < 0 ? ax + ndim : ax));
  if (opts.axes && in2.shape.length === axes.length && in2.shape.length !== ndim) {
    in2 = expandKernel(in2, axes, ndim);
  }
  return referenceConvolve(in1, flip(in2, axes), { ...opts, axes: opts.axes ? axes : undefined });
}
