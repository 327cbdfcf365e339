// Bad input throws an ArgumentError naming the argument; a failed call leaves the
// library usable and the inputs untouched.
import { describe, expect, it } from 'vitest';
import { ArgumentError, array, convolve, correlate, fftconvolve, oaconvolve, chooseConvMethod, zeros } from '../src/index.js';

const a2 = array(Float64Array.from({ length: 12 }, (_, i) => i + 1), [3, 4]);
const k2 = array([1, 2, 3, 4], [2, 2]);

/** Expects fn to throw an ArgumentError for `argument` whose message matches `pattern`. */
function expectArgumentError(fn: () => unknown, argument: string, pattern: RegExp): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected an error').toBeInstanceOf(ArgumentError);
  const err = caught as ArgumentError;
  expect(err.argument).toBe(argument);
  expect(err.message.startsWith(`${argument}: `)).toBe(true);
  expect(err.message).toMatch(pattern);
}

const allFunctions = { convolve, correlate, fftconvolve, oaconvolve } as const;

describe('errors name the argument', () => {
  for (const [name, fn] of Object.entries(allFunctions)) {
    describe(name, () => {
      it('rejects different ndim without axes', () => {
        expectArgumentError(() => fn(a2, [1, 2, 3]), 'in2', /same number of dimensions/);
      });
      it('rejects valid mode with neither input dominating', () => {
        expectArgumentError(() => fn(array(new Float64Array(6), [2, 3]), array(new Float64Array(6), [3, 2]), { mode: 'valid' }), 'mode', /at least as large/);
      });
      it('rejects an unknown mode', () => {
        expectArgumentError(() => fn(a2, k2, { mode: 'circular' as never }), 'mode', /'full', 'same' or 'valid'/);
      });
      it('rejects out-of-range, repeated, non-integer and empty axes', () => {
        expectArgumentError(() => fn(a2, k2, { axes: [2] }), 'axes', /out of range/);
        expectArgumentError(() => fn(a2, k2, { axes: [-3] }), 'axes', /out of range/);
        expectArgumentError(() => fn(a2, k2, { axes: [0, -2] }), 'axes', /unique/);
        expectArgumentError(() => fn(a2, k2, { axes: [0.5] }), 'axes', /integers/);
        expectArgumentError(() => fn(a2, k2, { axes: [] }), 'axes', /cannot be empty/);
        expectArgumentError(() => fn(a2, k2, { axes: 1 as never }), 'axes', /array/);
      });
      it('rejects incompatible batch lengths', () => {
        const x = array(new Float64Array(3 * 4 * 5), [3, 4, 5]);
        const y = array(new Float64Array(2 * 2 * 4), [2, 2, 4]);
        expectArgumentError(() => fn(x, y, { axes: [0, 1] }), 'in2', /incompatible shapes/);
      });
      it('rejects a kernel whose ndim matches neither in1 nor axes', () => {
        const x = array(new Float64Array(3 * 4 * 5), [3, 4, 5]);
        expectArgumentError(() => fn(x, [1, 2], { axes: [0, 1] }), 'in2', /dimensions/);
      });
      it('rejects non-finite and negative sizes', () => {
        expectArgumentError(() => fn({ data: new Float64Array(4), shape: [NaN, 2] }, k2), 'in1', /shape/);
        expectArgumentError(() => fn(a2, { data: new Float64Array(4), shape: [2, -2] }), 'in2', /shape/);
        expectArgumentError(() => fn(a2, { data: new Float64Array(4), shape: [2, Infinity] }), 'in2', /shape/);
      });
      it('rejects views that reach outside their data', () => {
        expectArgumentError(() => fn({ data: new Float64Array(4), shape: [2, 3] }, k2), 'in1', /outside data/);
        expectArgumentError(() => fn({ data: new Float64Array(4), shape: [2, 2], strides: [-2, 1] }, k2), 'in1', /outside data/);
      });
      it('rejects bad threads and non-object options', () => {
        expectArgumentError(() => fn(a2, k2, { threads: 0 }), 'threads', /positive integer/);
        expectArgumentError(() => fn(a2, k2, { threads: 1.5 }), 'threads', /positive integer/);
        expectArgumentError(() => fn(a2, k2, 'same' as never), 'opts', /object/);
      });
      it('rejects inputs that are not arrays', () => {
        expectArgumentError(() => fn('abc' as never, k2), 'in1', /expected/);
        expectArgumentError(() => fn(a2, null as never), 'in2', /expected/);
        expectArgumentError(() => fn([[1, 2], [3]], k2), 'in1', /ragged/);
      });
    });
  }

  it('rejects options the function does not take, suggesting the likely one', () => {
    expectArgumentError(() => convolve(a2, k2, { mdoe: 'same' } as never), 'mdoe', /not an option .*did you mean 'mode'\?.*mode, method, axes, threads/);
    expectArgumentError(() => correlate(a2, k2, { Axes: [0, 1] } as never), 'Axes', /did you mean 'axes'/);
    // convolve2d's boundary would be ignored by convolve: an error, not a silent 'fill'.
    expectArgumentError(() => convolve(a2, k2, { boundary: 'wrap' } as never), 'boundary', /not an option of this function; its options are/);
    expectArgumentError(() => fftconvolve(a2, k2, { method: 'direct' } as never), 'method', /its options are mode, axes, threads/);
    expectArgumentError(() => oaconvolve(a2, k2, { output: zeros([4, 5]) } as never), 'output', /not an option/);
    expectArgumentError(() => chooseConvMethod(a2, k2, { method: 'fft' } as never), 'method', /its options are mode, axes, threads, measure/);
    // A key that is set to undefined asks for nothing, as if it were absent.
    expect(Array.from(convolve(a2, k2, { output: undefined } as never).data)).toEqual(Array.from(convolve(a2, k2).data));
  });

  it('convolve and correlate reject an unknown method', () => {
    expectArgumentError(() => convolve(a2, k2, { method: 'winograd' as never }), 'method', /'auto', 'direct', 'fft' or 'oa'/);
    expectArgumentError(() => correlate(a2, k2, { method: 'FFT' as never }), 'method', /'auto'/);
  });

  it('convolve rejects zero-length axes as SciPy does; fftconvolve returns an empty array', () => {
    const empty = { data: new Float64Array(0), shape: [0, 2] };
    expectArgumentError(() => convolve(a2, empty), 'in2', /length 0/);
    expectArgumentError(() => correlate(empty, k2), 'in1', /length 0/);
    for (const fn of [fftconvolve, oaconvolve]) {
      const r = fn(a2, empty);
      expect(r.shape).toEqual([0]);
      expect(r.data.length).toBe(0);
    }
  });

  it('a result too large for WebAssembly memory is rejected before any work', () => {
    const huge = { data: new Float64Array(1), shape: [1], strides: [0] };
    const x = { data: new Float64Array(1), shape: [70000, 70000], strides: [0, 0] };
    expectArgumentError(() => convolve(x, array([1, 2], [1, 2]), { mode: 'full' }), 'in1', /memory/);
    void huge;
  });

  it('chooseConvMethod validates like convolve', () => {
    expectArgumentError(() => chooseConvMethod(a2, [1, 2]), 'in2', /dimensions/);
    expectArgumentError(() => chooseConvMethod(a2, k2, { mode: 'x' as never }), 'mode', /mode|'full'/);
  });
});

describe('after an error', () => {
  it('the library stays usable and the inputs are untouched', () => {
    const before = Array.from(a2.data);
    for (let i = 0; i < 3; i++) {
      expect(() => convolve(a2, k2, { mode: 'bogus' as never })).toThrow(ArgumentError);
      expect(() => convolve(a2, array(new Float64Array(25), [5, 5]), { mode: 'valid', axes: [0, 1] })).not.toThrow();
      expect(() => convolve(array(new Float64Array(6), [2, 3]), array(new Float64Array(6), [3, 2]), { mode: 'valid' })).toThrow(ArgumentError);
      const r = convolve(a2, k2);
      expect(Array.from(r.data).slice(0, 3)).toEqual([1, 4, 7]);
    }
    expect(Array.from(a2.data)).toEqual(before);
  });
});
