// fftconvolve and oaconvolve (and convolve/correlate with method 'fft' | 'oa') against a
// naive oracle, the direct method and SciPy's golden vectors, in every mode, with
// broadcasting, in float64 and float32.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { array, convolve, correlate, fftconvolve, oaconvolve } from '../src/index.js';
import type { NDArray } from '../src/index.js';
import { naiveFftconvolve, type Dense } from './reference/naive-fftconvolve.js';
import { noise } from './helpers/noise.js';


function input(shape: number[], seed: number, dtype: 'float32' | 'float64'): NDArray {
  const n = shape.reduce((p, q) => p * q, 1);
  const x = noise(n, seed);
  return array(dtype === 'float32' ? Float32Array.from(x) : x, shape);
}

/** The contract's bound: tol * ||in1||_1 * max|in2|. */
function bound(a: NDArray, b: NDArray, tol: number): number {
  let l1 = 0, mx = 0;
  for (const v of a.data) l1 += Math.abs(v);
  for (const v of b.data) mx = Math.max(mx, Math.abs(v));
  return tol * l1 * mx;
}

function expectClose(got: NDArray, want: Dense, limit: number, label: string): void {
  expect(got.shape, label).toEqual(want.shape);
  let worst = 0;
  for (let i = 0; i < want.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i]! - Number(want.data[i])));
  expect(worst, label).toBeLessThanOrEqual(limit);
}

const cases: { s1: number[]; s2: number[]; axes?: number[] }[] = [
  { s1: [40], s2: [7] },
  { s1: [7], s2: [40] },
  { s1: [300], s2: [11] }, // overlap-add splits in1
  { s1: [11], s2: [300] }, // overlap-add splits in2
  { s1: [2001], s2: [31] }, // fftconvolve: overlap-save segments, several lane groups
  { s1: [3, 701], s2: [1, 40], axes: [1] }, // overlap-save per batch line
  { s1: [700, 3], s2: [41, 1], axes: [0] }, // overlap-save on a strided axis
  { s1: [1], s2: [1] },
  { s1: [5], s2: [5] },
  { s1: [13, 17], s2: [5, 4] },
  { s1: [60, 45], s2: [7, 5] }, // split along both axes
  { s1: [3, 50, 24], s2: [1, 5, 6], axes: [1, 2] }, // broadcast kernel
  { s1: [1, 40, 12], s2: [3, 4, 5], axes: [1, 2] }, // broadcast image
  { s1: [2, 1, 30], s2: [1, 3, 9], axes: [2] }, // broadcast both ways
  { s1: [4, 90], s2: [4, 9], axes: [1] }, // paired batch
  { s1: [9, 10, 11], s2: [4, 3, 5] },
  { s1: [20, 18, 16], s2: [3, 2, 3] },
  // The kernel's axis-0 transform fused into the product pass: kernel lines longer than
  // a first pass's share of the transform (not pruned), and one kernel per item.
  { s1: [7, 6, 10], s2: [6, 3, 4] },
  { s1: [3, 12, 10], s2: [3, 5, 4], axes: [1, 2] }, // paired batch

  // Batch innermost ((S, S, N) stacks): staged through transposing heap copies.
  { s1: [13, 12, 4], s2: [5, 3, 1], axes: [0, 1] },
  { s1: [9, 3, 11, 2], s2: [4, 1, 3, 1], axes: [0, 2] },
  { s1: [6, 1, 5], s2: [6, 7, 1] }, // every axis broadcast under fftconvolve's rules... except 0
  { s1: [3, 1], s2: [1, 4] }, // nothing left to convolve: a broadcast product
];

describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
  const tol = dtype === 'float64' ? 1e-10 : 1e-4;
  for (const { s1, s2, axes } of cases) {
    for (const mode of ['full', 'same', 'valid'] as const) {
      const label = `${s1}*${s2} axes=${axes ?? 'all'} ${mode}`;
      it(label, () => {
        const a = input(s1, s1.length * 100 + s1[0]!, dtype);
        const b = input(s2, s2.length * 7 + s2[0]!, dtype);
        let want: Dense;
        try {
          want = naiveFftconvolve(a, b, mode, axes);
        } catch {
          return;
        }
        const validOk = mode !== 'valid' || (() => {
          const ax = (axes ?? s1.map((_, i) => i)).filter((d) => s1[d] !== 1 && s2[d] !== 1);
          return ax.every((d) => s1[d]! >= s2[d]!) || ax.every((d) => s2[d]! >= s1[d]!);
        })();
        if (!validOk) {
          expect(() => fftconvolve(a, b, { mode, axes })).toThrow(/valid/);
          expect(() => oaconvolve(a, b, { mode, axes })).toThrow(/valid/);
          return;
        }
        const limit = bound(a, b, tol);
        const f = fftconvolve(a, b, { mode, axes });
        expect(f.dtype).toBe(dtype);
        expectClose(f, want, limit, `fftconvolve ${label}`);
        expectClose(oaconvolve(a, b, { mode, axes }), want, limit, `oaconvolve ${label}`);
      });
    }
  }

  // convolve/correlate use convolve's shape rules (no axes: every axis convolved).
  for (const { s1, s2 } of cases.filter((c) => !c.axes && c.s1.length === c.s2.length)) {
    for (const mode of ['full', 'same', 'valid'] as const) {
      const ok = mode !== 'valid' || s1.every((n, d) => n >= s2[d]!) || s2.every((n, d) => n >= s1[d]!);
      if (!ok) continue;
      it(`convolve/correlate ${s1}*${s2} ${mode}: fft and oa equal direct`, () => {
        const a = input(s1, 3, dtype), b = input(s2, 4, dtype);
        const limit = bound(a, b, tol);
        for (const fn of [convolve, correlate]) {
          const direct = fn(a, b, { mode, method: 'direct' });
          for (const method of ['fft', 'oa'] as const) {
            expectClose(fn(a, b, { mode, method }), { data: direct.data, shape: direct.shape }, limit, `${fn.name} ${method}`);
          }
        }
      });
    }
  }
});

describe('golden vectors from SciPy', () => {
  const golden = JSON.parse(readFileSync(new URL('./golden/fft-golden.json', import.meta.url), 'utf8')) as {
    conv: { axes: number[] | null; in1: Dense; in2: Dense; out: Record<string, Dense> }[];
  };
  for (const c of golden.conv) {
    for (const [mode, want] of Object.entries(c.out)) {
      it(`${c.in1.shape}*${c.in2.shape} axes=${c.axes ?? 'all'} ${mode}`, () => {
        const a = array(Float64Array.from(c.in1.data), c.in1.shape);
        const b = array(Float64Array.from(c.in2.data), c.in2.shape);
        const opts = { mode: mode as 'full', axes: c.axes ?? undefined };
        const limit = bound(a, b, 1e-10);
        expectClose(fftconvolve(a, b, opts), want, limit, 'fftconvolve');
        expectClose(oaconvolve(a, b, opts), want, limit, 'oaconvolve');
      });
    }
  }
});

describe('rows and columns fused block by block', () => {
  // 5 planes in, 7 out ('full'): with one thread the rows and the columns before them run
  // plane by plane (at least 4 blocks per thread), with two threads (on a machine with
  // two or more cores) as separate passes. Both equal the naive oracle and each other.
  it.each(['float64', 'float32'] as const)('%s: same values as the separate passes', (dtype) => {
    const a = input([5, 40, 36], 21, dtype), b = input([3, 4, 5], 22, dtype);
    const want = naiveFftconvolve(a, b, 'full');
    const one = fftconvolve(a, b, { mode: 'full', threads: 1 });
    const two = fftconvolve(a, b, { mode: 'full', threads: 2 });
    expectClose(one, want, bound(a, b, dtype === 'float64' ? 1e-10 : 1e-4), 'fused');
    expect(Array.from(two.data)).toEqual(Array.from(one.data));
  });
});

describe('larger problems', () => {
  it('a 20000-sample signal * 301 taps, same mode: oa and fft agree with direct', () => {
    const a = input([20000], 11, 'float64'), b = input([301], 12, 'float64');
    const direct = convolve(a, b, { mode: 'same', method: 'direct' });
    const limit = bound(a, b, 1e-10);
    expectClose(fftconvolve(a, b, { mode: 'same' }), direct, limit, 'fft');
    expectClose(oaconvolve(a, b, { mode: 'same' }), direct, limit, 'oa');
  });

  it.each(['float64', 'float32'] as const)('%s: a long signal in hundreds of short blocks, read from an offset view, every mode: oa equals direct', (dtype) => {
    // Each block is one contiguous run, copied in with one native copy; each product is
    // added back as one run. The view starts 7 elements into its data.
    const whole = input([50007], 13, dtype), b = input([15], 14, dtype);
    const a = array(whole.data.subarray(7), [50000]);
    const limit = bound(a, b, dtype === 'float64' ? 1e-10 : 1e-4);
    for (const mode of ['full', 'same', 'valid'] as const) {
      expectClose(oaconvolve(a, b, { mode }), convolve(a, b, { mode, method: 'direct' }), limit, `oa ${mode}`);
      // The operands the other way round (SciPy swaps them back for 'valid').
      expectClose(oaconvolve(b, a, { mode }), convolve(b, a, { mode, method: 'direct' }), limit, `oa swapped ${mode}`);
    }
  });
});

describe('inputs the FFT paths must read like direct does', () => {
  it('batch of images with a 2-d filter over axes [0, 1] (in2 with axes.length dims)', () => {
    const x = input([9, 8, 3], 21, 'float64'), y = input([3, 2], 22, 'float64');
    const limit = bound(x, y, 1e-10);
    for (const mode of ['full', 'same', 'valid'] as const) {
      const direct = convolve(x, y, { mode, axes: [0, 1], method: 'direct' });
      for (const method of ['fft', 'oa'] as const) {
        expectClose(convolve(x, y, { mode, axes: [0, 1], method }), direct, limit, `${mode} ${method}`);
      }
      expectClose(fftconvolve(x, y, { mode, axes: [0, 1] }), direct, limit, `fftconvolve ${mode}`);
    }
  });
  it('strided (transposed, offset) views and mixed dtypes', () => {
    const base = noise(420, 5);
    // A transposed 20x16 view with an offset of 20 elements, over a float64 buffer.
    const t = array(base, [16, 20], { strides: [1, 20], offset: 20 });
    const k = array(Float32Array.from(noise(12, 6)), [3, 4]);
    const dense = array(Array.from({ length: 16 }, (_, i) => Array.from({ length: 20 }, (_, j) => base[20 + j * 20 + i]!)));
    const limit = bound(dense, k, 1e-10);
    for (const mode of ['full', 'same', 'valid'] as const) {
      const want = convolve(dense, k, { mode, method: 'direct' });
      const got = fftconvolve(t, k, { mode });
      expect(got.dtype).toBe('float64');
      expectClose(got, want, limit, `fftconvolve ${mode}`);
      expectClose(correlate(t, k, { mode, method: 'oa' }), correlate(dense, k, { mode, method: 'direct' }), limit, `correlate oa ${mode}`);
    }
  });
});
