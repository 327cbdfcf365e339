// Property tests (fast-check) of convolve/correlate/fftconvolve/oaconvolve against the
// naive oracle (test/reference.ts) and against the algebra of convolution.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  array, convolve, correlate, fftconvolve, oaconvolve,
  type ArrayInput, type NDArray,
} from '../src/index.js';
import {
  absArray, cStrides, flip, refArray, referenceConvolve, referenceCorrelate, sizeOf,
  type RefArray, type RefMode,
} from './reference.js';
import { DIRECT_ULPS, expectSameShape, expectWithin, fftTolerance, readDense } from './helpers/tolerance.js';

type DType = 'float32' | 'float64';
type Kind = 'convolve' | 'correlate';

/** Fixed seed so a failure reproduces; fast-check prints the counterexample and its path. */
const SEED = 20261126;
const RUNS = 200;
const run = <T>(prop: fc.IProperty<T>, numRuns = RUNS): void => fc.assert(prop, { numRuns, seed: SEED });

const MODES: RefMode[] = ['full', 'same', 'valid'];
/** Longest axis per ndim, so that no case costs the oracle more than a few ms. */
const MAX_LEN = [0, 9, 6, 4, 3];

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

const dimsArb = (ndim: number, min: number, max: number) =>
  fc.array(fc.integer({ min, max }), { minLength: ndim, maxLength: ndim });

/**
 * Values in [-4, 4], float32-representable for float32 problems. Magnitudes below
 * 1e-15 become 0: products of smaller ones underflow, where "ulps of sum|terms|"
 * no longer bounds the error.
 */
const valueArb = fc.double({ min: -4, max: 4, noNaN: true }).map((x) => (Math.abs(x) < 1e-15 ? 0 : x));

function dataArb(shape: readonly number[], dtype: DType): fc.Arbitrary<RefArray> {
  const n = sizeOf(shape);
  return fc.array(valueArb, { minLength: n, maxLength: n })
    .map((xs) => refArray(dtype === 'float32' ? xs.map(Math.fround) : xs, shape));
}

/** A shape no larger than `of` on every axis. */
const notLarger = (of: readonly number[]) => fc.tuple(...of.map((n) => fc.integer({ min: 1, max: n })));

interface Problem {
  in1: RefArray;
  in2: RefArray;
  mode: RefMode;
  kind: Kind;
  dtype: DType;
  axes?: number[];
}

/**
 * Without axes: same ndim (1..4), any lengths for 'full'/'same' (kernels longer than
 * the input included); for 'valid' one shape dominates the other (either order).
 */
const plainProblemArb: fc.Arbitrary<Problem> = fc.record({
  ndim: fc.integer({ min: 1, max: 4 }),
  mode: fc.constantFrom(...MODES),
  kind: fc.constantFrom<Kind>('convolve', 'correlate'),
  dtype: fc.constantFrom<DType>('float64', 'float32'),
  swap: fc.boolean(),
}).chain(({ ndim, mode, kind, dtype, swap }) =>
  dimsArb(ndim, 1, MAX_LEN[ndim]!).chain((s1) =>
    (mode === 'valid' ? notLarger(s1) : dimsArb(ndim, 1, MAX_LEN[ndim]!)).chain((s2) => {
      const [a, b] = swap ? [s2, s1] : [s1, s2];
      return fc.tuple(dataArb(a, dtype), dataArb(b, dtype))
        .map(([in1, in2]): Problem => ({ in1, in2, mode, kind, dtype }));
    })));

/**
 * Rows long enough for the kernels' SIMD blocks (16 f32 / 8 f64 outputs) and their
 * vector and scalar tails: the last axis up to 40, ndim 1..2, any mode.
 */
const longRowProblemArb: fc.Arbitrary<Problem> = fc.record({
  ndim: fc.integer({ min: 1, max: 2 }),
  mode: fc.constantFrom(...MODES),
  kind: fc.constantFrom<Kind>('convolve', 'correlate'),
  dtype: fc.constantFrom<DType>('float64', 'float32'),
}).chain(({ ndim, mode, kind, dtype }) => fc.tuple(
  dimsArb(ndim - 1, 1, 4).chain((lead) => fc.integer({ min: 1, max: 40 }).map((n) => [...lead, n])),
  dimsArb(ndim, 1, 7),
).chain(([s1, k]) => {
  const s2 = mode === 'valid' ? k.map((n, d) => Math.min(n, s1[d]!)) : k;
  return fc.tuple(dataArb(s1, dtype), dataArb(s2, dtype)).map(([in1, in2]): Problem => ({ in1, in2, mode, kind, dtype }));
}));

/**
 * With axes: ndim 1..4, a shuffled non-empty subset of axes (sometimes negative),
 * batch axes equal or 1 on either side, conv axes of any length (1 included, which
 * fftconvolve's rules turn into broadcast axes), and sometimes in2 given with just
 * axes.length dims (the lower-ndim kernel).
 */
const axesProblemArb: fc.Arbitrary<Problem> = fc.record({
  ndim: fc.integer({ min: 1, max: 4 }),
  mode: fc.constantFrom(...MODES),
  kind: fc.constantFrom<Kind>('convolve', 'correlate'),
  dtype: fc.constantFrom<DType>('float64', 'float32'),
  lowdim: fc.boolean(),
  negative: fc.boolean(),
  swap: fc.boolean(),
}).chain((p) => {
  const max = MAX_LEN[p.ndim]!;
  const all = Array.from({ length: p.ndim }, (_, d) => d);
  return fc.tuple(
    fc.shuffledSubarray(all, { minLength: 1 }),
    dimsArb(p.ndim, 1, max),
    dimsArb(p.ndim, 1, max),
    fc.array(fc.constantFrom('equal', 'in1-one', 'in2-one'), { minLength: p.ndim, maxLength: p.ndim }),
  ).chain(([axes, s1, raw2, broadcast]) => {
    // A kernel with axes.length == ndim dims is an ordinary full-ndim kernel.
    const lowdim = p.lowdim && axes.length < p.ndim;
    const s2 = s1.map((n, d) => {
      if (!axes.includes(d)) {
        if (lowdim || broadcast[d] === 'in2-one') return 1;
        return broadcast[d] === 'equal' ? n : raw2[d]!;
      }
      // 'valid': in2 no longer than in1 on conv axes, swapped below half the time.
      return p.mode === 'valid' ? Math.min(raw2[d]!, n) : raw2[d]!;
    });
    const s1b = s1.map((n, d) => (!axes.includes(d) && broadcast[d] === 'in1-one' && !lowdim ? 1 : n));
    let [a, b] = [s1b, s2];
    if (p.swap && p.mode === 'valid') {
      if (lowdim) { // swap conv lengths only: the kernel keeps unit batch axes
        a = s1b.map((n, d) => (axes.includes(d) ? s2[d]! : n));
        b = s2.map((n, d) => (axes.includes(d) ? s1b[d]! : n));
      } else {
        [a, b] = [s2, s1b];
      }
    }
    const kernelShape = lowdim ? axes.map((d) => b[d]!) : b;
    const userAxes = p.negative ? axes.map((d) => d - p.ndim) : axes;
    return fc.tuple(dataArb(a, p.dtype), dataArb(kernelShape, p.dtype))
      .map(([in1, in2]): Problem => ({ in1, in2, mode: p.mode, kind: p.kind, dtype: p.dtype, axes: userAxes }));
  });
});

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function toInput(a: RefArray, dtype: DType): ArrayInput {
  if (a.shape.length === 0) return a.data[0]!;
  return dtype === 'float32' ? array(Float32Array.from(a.data), a.shape) : { data: a.data, shape: a.shape };
}

function convnd(p: Problem, method: 'direct' | 'fft' | 'oa' | 'auto' = 'direct'): NDArray {
  const fn = p.kind === 'convolve' ? convolve : correlate;
  return fn(toInput(p.in1, p.dtype), toInput(p.in2, p.dtype), { mode: p.mode, method, ...(p.axes ? { axes: p.axes } : {}) });
}

function oracle(p: Problem, in1 = p.in1, in2 = p.in2): RefArray {
  const opts = { mode: p.mode, axes: p.axes };
  return p.kind === 'convolve' ? referenceConvolve(in1, in2, opts) : referenceCorrelate(in1, in2, opts);
}

/** The oracle's answer and its per-element sum of |terms|. */
function expected(p: Problem): { want: RefArray; bound: Float64Array } {
  return { want: oracle(p), bound: oracle(p, absArray(p.in1), absArray(p.in2)).data };
}

function expectNear(got: NDArray, want: RefArray, bound: ArrayLike<number>, dtype: DType, label: string, ulps = DIRECT_ULPS, absolute = 0): void {
  expectSameShape(got, want.shape, label);
  expect(got.dtype).toBe(dtype);
  expectWithin(readDense(got), want.data, want.shape, { bound, ulps, dtype, absolute }, label);
}

/** `a` with `pad[d]` zeros in front along every axis d. */
function padFront(a: RefArray, pad: readonly number[]): RefArray {
  const shape = a.shape.map((n, d) => n + pad[d]!);
  const out = new Float64Array(sizeOf(shape));
  const src = cStrides(a.shape), dst = cStrides(shape);
  for (let i = 0; i < a.data.length; i++) {
    let at = 0;
    for (let d = 0; d < shape.length; d++) at += (Math.floor(i / src[d]!) % a.shape[d]! + pad[d]!) * dst[d]!;
    out[at] = a.data[i]!;
  }
  return { data: out, shape };
}

/** Slice `index` of `a` along `axis` (dense copy, that axis removed). */
function take(a: RefArray, axis: number, index: number): RefArray {
  const shape = a.shape.filter((_, d) => d !== axis);
  const out = new Float64Array(sizeOf(shape));
  const strides = cStrides(a.shape);
  const outStrides = cStrides(shape);
  for (let i = 0; i < out.length; i++) {
    let at = index * strides[axis]!, k = 0;
    for (let d = 0; d < a.shape.length; d++) {
      if (d === axis) continue;
      at += (Math.floor(i / outStrides[k]!) % shape[k]!) * strides[d]!;
      k++;
    }
    out[i] = a.data[at]!;
  }
  return { data: out, shape };
}

const label = (p: Problem) =>
  `${p.kind} [${p.in1.shape}] [${p.in2.shape}] ${p.mode}${p.axes ? ` axes [${p.axes}]` : ''} ${p.dtype}`;

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe('properties against the oracle', () => {
  it("method 'direct' equals the oracle, ndim 1..4, every mode, without axes", () => {
    run(fc.property(plainProblemArb, (p) => {
      const { want, bound } = expected(p);
      expectNear(convnd(p), want, bound, p.dtype, label(p));
    }), 500);
  });

  it("method 'direct' equals the oracle on long rows (SIMD blocks and tails)", () => {
    run(fc.property(longRowProblemArb, (p) => {
      const { want, bound } = expected(p);
      expectNear(convnd(p), want, bound, p.dtype, label(p));
    }), 150);
  });

  it("method 'direct' equals the oracle with axes, broadcasting and lower-ndim kernels", () => {
    run(fc.property(axesProblemArb, (p) => {
      const { want, bound } = expected(p);
      expectNear(convnd(p), want, bound, p.dtype, label(p));
    }), 500);
  });

  it("'fft', 'oa', 'auto', fftconvolve and oaconvolve agree with the oracle within FFT error", () => {
    run(fc.property(fc.oneof(plainProblemArb, axesProblemArb), (p) => {
      const { want, bound } = expected(p);
      const scale = fftTolerance(p.in1.data, p.in2.data, p.dtype);
      for (const method of ['fft', 'oa', 'auto'] as const) {
        expectNear(convnd(p, method), want, bound, p.dtype, `${label(p)} method ${method}`, DIRECT_ULPS, scale);
      }
      if (p.kind !== 'convolve') return;
      // fftconvolve's own shape rules: length-1 axes broadcast even without axes.
      const freq = referenceConvolve(p.in1, p.in2, { mode: p.mode, axes: p.axes, rules: 'freq' });
      const freqBound = referenceConvolve(absArray(p.in1), absArray(p.in2), { mode: p.mode, axes: p.axes, rules: 'freq' });
      const opts = { mode: p.mode, ...(p.axes ? { axes: p.axes } : {}) };
      for (const [name, fn] of [['fftconvolve', fftconvolve], ['oaconvolve', oaconvolve]] as const) {
        const got = fn(toInput(p.in1, p.dtype), toInput(p.in2, p.dtype), opts);
        expectNear(got, freq, freqBound.data, p.dtype, `${name} ${label(p)}`, DIRECT_ULPS, scale);
      }
    }), 200);
  });
});

describe('algebraic properties', () => {
  const fullProblemArb = plainProblemArb.map((p): Problem => ({ ...p, mode: 'full', kind: 'convolve' }));

  it('convolution commutes (full mode)', () => {
    run(fc.property(fullProblemArb, (p) => {
      const ab = convnd(p);
      const ba = convnd({ ...p, in1: p.in2, in2: p.in1 });
      const { bound } = expected(p);
      expectNear(ba, { data: readDense(ab), shape: ab.shape }, bound, p.dtype, label(p), 2 * DIRECT_ULPS);
    }));
  });

  it('convolution is linear in in1', () => {
    const linArb = fullProblemArb.chain((p) => fc.tuple(
      fc.constant(p), dataArb(p.in1.shape, 'float64'),
      valueArb, valueArb,
    ));
    run(fc.property(linArb, ([p, c, alpha, beta]) => {
      const p64: Problem = { ...p, dtype: 'float64' };
      const mixed = refArray(p.in1.data.map((x, i) => alpha * x + beta * c.data[i]!), p.in1.shape);
      const lhs = readDense(convnd({ ...p64, in1: mixed }));
      const ab = readDense(convnd(p64));
      const cb = readDense(convnd({ ...p64, in1: c }));
      const rhs = ab.map((x, i) => alpha * x + beta * cb[i]!);
      // sum|terms| of both sides: (|alpha||a| + |beta||c|) (*) |b|
      const weights = refArray(p.in1.data.map((x, i) => Math.abs(alpha * x) + Math.abs(beta * c.data[i]!)), p.in1.shape);
      const bound = referenceConvolve(weights, absArray(p.in2)).data;
      const shape = referenceConvolve(p.in1, p.in2).shape;
      expectWithin(lhs, rhs, shape, { bound, ulps: 4 * DIRECT_ULPS, dtype: 'float64' }, `linearity ${label(p)}`);
    }));
  });

  it("convolve(a, b) equals correlate(a, flip(b)) (full mode, with and without axes)", () => {
    run(fc.property(fc.oneof(fullProblemArb, axesProblemArb.map((p): Problem => ({ ...p, mode: 'full', kind: 'convolve' }))), (p) => {
      const ndim = p.in2.shape.length;
      const kernelAxes = p.axes && ndim !== p.in1.shape.length
        ? p.axes.map((_, i) => i) // lower-ndim kernel: all its axes are convolved
        : (p.axes ?? p.in1.shape.map((_, d) => d)).map((d) => (d < 0 ? d + ndim : d));
      const conv = convnd(p);
      const corr = convnd({ ...p, kind: 'correlate', in2: flip(p.in2, kernelAxes) });
      expectNear(corr, { data: readDense(conv), shape: conv.shape }, expected(p).bound, p.dtype, label(p), 2 * DIRECT_ULPS);
    }));
  });

  it("a centred delta kernel returns the input exactly ('same' mode)", () => {
    const deltaArb = fc.record({ ndim: fc.integer({ min: 1, max: 4 }), dtype: fc.constantFrom<DType>('float64', 'float32') })
      .chain(({ ndim, dtype }) => fc.tuple(
        dimsArb(ndim, 1, MAX_LEN[ndim]!).chain((s) => dataArb(s, dtype)),
        dimsArb(ndim, 0, 2), fc.constant(dtype)));
    run(fc.property(deltaArb, ([a, halfWidths, dtype]) => {
      const kShape = halfWidths.map((h) => 2 * h + 1);
      const delta = new Float64Array(sizeOf(kShape));
      delta[kShape.reduce((at, n, d) => at + ((n - 1) / 2) * cStrides(kShape)[d]!, 0)] = 1;
      const p: Problem = { in1: a, in2: refArray(delta, kShape), mode: 'same', kind: 'convolve', dtype };
      const out = convnd(p);
      expectSameShape(out, a.shape, label(p));
      // +0 and -0 compare equal: whether a sum starts from +0 is not the property.
      expect(Array.from(readDense(out), (x) => x + 0)).toEqual(Array.from(a.data, (x) => x + 0));
    }));
  });

  it('a delta at position s shifts the input by s (full mode), exactly', () => {
    const shiftArb = fc.integer({ min: 1, max: 4 }).chain((ndim) => fc.tuple(
      dimsArb(ndim, 1, MAX_LEN[ndim]!).chain((s) => dataArb(s, 'float64')),
      dimsArb(ndim, 1, 3).chain((k) => fc.tuple(fc.constant(k), notLarger(k).map((s) => s.map((x) => x - 1)))),
    ));
    run(fc.property(shiftArb, ([a, [kShape, at]]) => {
      const delta = new Float64Array(sizeOf(kShape));
      delta[at.reduce((sum, x, d) => sum + x * cStrides(kShape)[d]!, 0)] = 1;
      const out = convnd({ in1: a, in2: refArray(delta, kShape), mode: 'full', kind: 'convolve', dtype: 'float64' });
      const want = padFront(a, at);
      const shape = a.shape.map((n, d) => n + kShape[d]! - 1);
      const placed = new Float64Array(sizeOf(shape));
      const wStrides = cStrides(want.shape), oStrides = cStrides(shape);
      want.data.forEach((x, i) => {
        let o = 0;
        want.shape.forEach((n, d) => { o += (Math.floor(i / wStrides[d]!) % n) * oStrides[d]!; });
        placed[o] = x + 0;
      });
      expectSameShape(out, shape, 'shifted delta');
      expect(Array.from(readDense(out), (x) => x + 0)).toEqual(Array.from(placed));
    }));
  });

  it('shifting the input shifts the output (full mode)', () => {
    const shiftArb = fullProblemArb.chain((p) => fc.tuple(fc.constant(p), dimsArb(p.in1.shape.length, 0, 3)));
    run(fc.property(shiftArb, ([p, pad]) => {
      const shifted = convnd({ ...p, in1: padFront(p.in1, pad) });
      const { want, bound } = expected(p);
      const base = readDense(convnd(p));
      const wantShifted = padFront({ data: base, shape: want.shape }, pad);
      const boundShifted = padFront({ data: bound, shape: want.shape }, pad).data;
      expectNear(shifted, wantShifted, boundShifted, p.dtype, `shift by [${pad}] ${label(p)}`, 2 * DIRECT_ULPS);
    }));
  });

  it('a batched call (axes) equals a loop over the batch', () => {
    // One batch axis at any position; conv axes of length >= 2 so that convolve's and
    // fftconvolve's shape rules agree for the per-item calls.
    const batchArb = fc.record({
      convNdim: fc.integer({ min: 1, max: 3 }), batch: fc.integer({ min: 1, max: 4 }),
      mode: fc.constantFrom(...MODES), kind: fc.constantFrom<Kind>('convolve', 'correlate'),
      dtype: fc.constantFrom<DType>('float64', 'float32'), broadcastKernel: fc.boolean(), swap: fc.boolean(),
    }).chain((q) => fc.tuple(
      fc.constant(q), fc.integer({ min: 0, max: q.convNdim }),
      dimsArb(q.convNdim, 2, MAX_LEN[q.convNdim + 1]! + 1).chain((s1) =>
        fc.tuple(fc.constant(s1), q.mode === 'valid' ? notLarger(s1).map((s) => s.map((x) => Math.max(2, x))) : dimsArb(q.convNdim, 2, 4))),
    ).chain(([q, axis, [c1, c2]]) => {
      const [k1, k2] = q.swap && q.mode === 'valid' ? [c2, c1] : [c1, c2];
      const s1 = [...k1.slice(0, axis), q.batch, ...k1.slice(axis)];
      const s2 = [...k2.slice(0, axis), q.broadcastKernel ? 1 : q.batch, ...k2.slice(axis)];
      return fc.tuple(fc.constant(q), fc.constant(axis), dataArb(s1, q.dtype), dataArb(s2, q.dtype));
    }));
    run(fc.property(batchArb, ([q, axis, x, y]) => {
      const ndim = x.shape.length;
      const axes = Array.from({ length: ndim }, (_, d) => d).filter((d) => d !== axis);
      const p: Problem = { in1: x, in2: y, mode: q.mode, kind: q.kind, dtype: q.dtype, axes };
      const batched = convnd(p);
      const items = Array.from({ length: q.batch }, (_, b) => {
        const item: Problem = { in1: take(x, axis, b), in2: take(y, axis, y.shape[axis] === 1 ? 0 : b), mode: q.mode, kind: q.kind, dtype: q.dtype };
        return readDense(convnd(item));
      });
      // Interleave the items back along the batch axis.
      const shape = batched.shape;
      const want = new Float64Array(sizeOf(shape));
      const strides = cStrides(shape);
      const itemLen = items[0]!.length;
      for (let b = 0; b < q.batch; b++) {
        for (let i = 0; i < itemLen; i++) {
          const inner = strides[axis]!;
          const outer = Math.floor(i / inner);
          want[outer * inner * q.batch + b * inner + (i % inner)] = items[b]![i]!;
        }
      }
      const { bound } = expected(p);
      expectNear(batched, { data: want, shape }, bound, q.dtype, `batched ${label(p)} batch axis ${axis}`, 2 * DIRECT_ULPS);
    }));
  });
});
