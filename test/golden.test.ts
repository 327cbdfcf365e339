// convnd against SciPy's golden fixtures (tools/make_golden.py): every fixture through
// every convnd function and method it applies to; shape, dtype and values checked.
import { describe, expect, it } from 'vitest';
import {
  array, convolve, correlate, fftconvolve, oaconvolve,
  type ArrayInput, type NDArray,
} from '../src/index.js';
import { loadGolden, type FixtureArray, type FixtureFunction, type GoldenFixture } from './helpers/golden-fixtures.js';
import { DIRECT_ULPS, expectSameShape, expectWithin, fftTolerance, readDense } from './helpers/tolerance.js';

const golden = loadGolden();

type Method = 'direct' | 'fft' | 'oa' | 'auto';
interface Call { fn: FixtureFunction; method?: Method }

function callsOf(f: GoldenFixture): Call[] {
  const calls: Call[] = [];
  for (const fn of f.functions) {
    if (fn === 'convolve' || fn === 'correlate') {
      for (const method of ['direct', 'fft', 'oa', 'auto'] as const) calls.push({ fn, method });
    } else {
      calls.push({ fn });
    }
  }
  return calls;
}

/**
 * The input forms the contract accepts, rotated over the fixtures so every form meets
 * every kind of case: `array(data, shape)`, a plain `{data, shape}` object, a view with
 * negative strides onto reversed data, and a Fortran-order view (read in place).
 */
const FORMS = 4;

function asInput(a: FixtureArray, form: number): ArrayInput {
  if (a.shape.length === 0) return a.data[0]!;
  if (form === 0) return array(a.data, a.shape);
  if (form === 1) return { data: a.data, shape: a.shape };
  const ndim = a.shape.length;
  const cStrides = new Array<number>(ndim);
  for (let d = ndim - 1, s = 1; d >= 0; d--) { cStrides[d] = s; s *= a.shape[d]!; }
  if (form === 2) {
    const reversed = a.data.slice().reverse();
    return { data: reversed, shape: a.shape, strides: cStrides.map((s) => -s), offset: Math.max(0, reversed.length - 1) };
  }
  // Fortran order: the first axis varies fastest in memory.
  const fStrides = new Array<number>(ndim);
  for (let d = 0, s = 1; d < ndim; d++) { fStrides[d] = s; s *= a.shape[d]!; }
  const fortran = a.data.slice();
  for (let i = 0; i < a.data.length; i++) {
    let at = 0;
    for (let d = 0; d < ndim; d++) at += (Math.floor(i / cStrides[d]!) % a.shape[d]!) * fStrides[d]!;
    fortran[at] = a.data[i]!;
  }
  return { data: fortran, shape: a.shape, strides: fStrides };
}

function run(f: GoldenFixture, call: Call, in1: ArrayInput, in2: ArrayInput): NDArray {
  const opts = { mode: f.mode, ...(f.axes ? { axes: f.axes } : {}) };
  switch (call.fn) {
    case 'convolve': return convolve(in1, in2, { ...opts, method: call.method });
    case 'correlate': return correlate(in1, in2, { ...opts, method: call.method });
    case 'fftconvolve': return fftconvolve(in1, in2, opts);
    case 'oaconvolve': return oaconvolve(in1, in2, opts);
  }
}

function isRowMajor(a: NDArray): boolean {
  let s = 1;
  for (let d = a.shape.length - 1; d >= 0; d--) {
    if (a.shape[d]! > 1 && a.strides[d] !== s) return false;
    s *= a.shape[d]!;
  }
  return true;
}

describe(`golden fixtures from SciPy ${golden.scipy} / NumPy ${golden.numpy} (seed ${golden.seed})`, () => {
  it('cover what issue 2 asks for', () => {
    const fx = golden.fixtures;
    const has = (pred: (f: GoldenFixture) => boolean) => fx.some(pred);
    for (const mode of ['full', 'same', 'valid'] as const) {
      for (let ndim = 1; ndim <= 4; ndim++) {
        expect(has((f) => f.mode === mode && f.in1.shape.length === ndim && !f.error), `${mode} ${ndim}-d`).toBe(true);
      }
    }
    expect(has((f) => f.in2.shape.some((n) => n % 2 === 0)), 'even kernel').toBe(true);
    expect(has((f) => f.mode === 'valid' && !f.error && f.in2.shape.every((n, d) => n >= f.in1.shape[d]!)
      && f.in2.shape.some((n, d) => n > f.in1.shape[d]!)), 'valid swap').toBe(true);
    expect(has((f) => f.axes !== null && f.in2.shape.length !== f.in1.shape.length), 'lower-ndim kernel').toBe(true);
    expect(has((f) => f.name.startsWith('stackoverflow/')), 'StackOverflow case').toBe(true);
    for (const dtype of ['float32', 'int32', 'uint8', 'int16', 'int8']) {
      expect(has((f) => f.in1.dtype === dtype || f.in2.dtype === dtype), dtype).toBe(true);
    }
    expect(has((f) => f.expected !== undefined && f.expected.shape.length === 1 && f.expected.shape[0] === 0), 'empty').toBe(true);
  });

  golden.fixtures.forEach((f, index) => {
    describe(f.name, () => {
      for (const call of callsOf(f)) {
        const label = `${call.fn}${call.method ? ` method '${call.method}'` : ''}`;
        it(label, () => {
          const in1 = asInput(f.in1, index % FORMS);
          const in2 = asInput(f.in2, (index + 1) % FORMS);
          if (f.error) {
            expect(() => run(f, call, in1, in2), `SciPy: ${f.error}`).toThrow(Error);
            return;
          }
          const out = run(f, call, in1, in2);
          const want = f.expected!;
          expectSameShape(out, want.shape, label);
          expect(out.dtype).toBe(f.dtype);
          expect(out.data).toBeInstanceOf(f.dtype === 'float32' ? Float32Array : Float64Array);
          expect(isRowMajor(out), 'row-major strides').toBe(true);
          const direct = call.method === 'direct';
          expectWithin(readDense(out), want.data, want.shape, {
            bound: f.bound!.data,
            ulps: DIRECT_ULPS,
            dtype: f.dtype,
            absolute: direct ? 0 : fftTolerance(f.in1.data, f.in2.data, f.dtype),
          }, `${f.name}: ${label} (${f.scipy.call})`);
        });
      }
    });
  });
});
