// The FFT engine against a naive DFT (small lengths, 1-d and 2-d) and forward-inverse
// round trips for every length 1..4096 the engine accepts.
import { describe, expect, it } from 'vitest';
import { irfftnDense, rfftnDense } from '../src/fft/dense.js';
import { factorize, isFftLength, rootOfUnity } from '../src/fft/plan.js';
import type { DType } from '../src/ndarray/types.js';
import { noise } from './helpers/noise.js';


/** Naive half-spectrum DFT of a real line, in float64 with exact angle reduction. */
function naiveRfft(x: ArrayLike<number>): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [], im: number[] = [];
  for (let k = 0; k <= n >> 1; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const a = (2 * Math.PI * ((j * k) % n)) / n;
      sr += x[j]! * Math.cos(a);
      si -= x[j]! * Math.sin(a);
    }
    re.push(sr); im.push(si);
  }
  return { re, im };
}

function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i]! - b[i]!) ** 2; den += b[i]! ** 2; }
  return Math.sqrt(num / (den || 1));
}

/** rfftnDense of `items` noise lines of length n (seeded) agrees with the naive DFT. */
function expectNaiveRfft(n: number, items: number, seed: number, dtype: DType): void {
  const x = noise(items * n, seed);
  if (dtype === 'float32') for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i]!);
  const s = rfftnDense(x, items, [n], dtype);
  const m = (n >> 1) + 1;
  for (let it = 0; it < items; it++) {
    const ref = naiveRfft(x.subarray(it * n, (it + 1) * n));
    const got = [...s.re.subarray(it * m, (it + 1) * m), ...s.im.subarray(it * m, (it + 1) * m)];
    expect(relL2(got, [...ref.re, ...ref.im]), `n=${n} item ${it}`).toBeLessThan(dtype === 'float64' ? 1e-14 : 2e-6);
  }
}

const accepted = Array.from({ length: 4096 }, (_, i) => i + 1).filter(isFftLength);

describe('plan', () => {
  it('factorises into 3s and 5s first (last when 2^7 divides n), then one 2, 4s and at most three 8s', () => {
    expect(factorize(1)).toEqual([]);
    expect(factorize(8)).toEqual([8]);
    expect(factorize(16)).toEqual([2, 8]);
    expect(factorize(32)).toEqual([4, 8]);
    expect(factorize(72)).toEqual([3, 3, 8]);
    expect(factorize(90)).toEqual([3, 3, 5, 2]);
    expect(factorize(1000)).toEqual([5, 5, 5, 8]);
    expect(factorize(32768)).toEqual([4, 4, 4, 8, 8, 8]);
    expect(factorize(30000)).toEqual([3, 5, 5, 5, 5, 2, 8]);
    expect(factorize(3 * 2 ** 13)).toEqual([4, 4, 8, 8, 8, 3]); // 2^7 divides it: odd radices last
    for (const n of [1, 2, 6, 27, 100, 30000, 2 ** 20]) expect(factorize(n).reduce((p, q) => p * q, 1)).toBe(n);
  });
  it('computes roots of unity to within an ulp of cos/sin in every octant', () => {
    for (const n of [7, 8, 12, 100, 1000]) {
      for (let m = 0; m < n; m++) {
        const [c, s] = rootOfUnity(m, n);
        expect(Math.abs(c - Math.cos((2 * Math.PI * m) / n))).toBeLessThan(4e-16 * 4);
        expect(Math.abs(s + Math.sin((2 * Math.PI * m) / n))).toBeLessThan(4e-16 * 4);
      }
    }
  });
});

describe.each<DType>(['float64', 'float32'])('rfft %s', (dtype) => {
  const tol = dtype === 'float64' ? 1e-14 : 1e-6;
  it('matches a naive DFT for every accepted length below 64, several lines at once', () => {
    // 5 lines: not a multiple of the lane count, so partial groups run too.
    for (const n of accepted.filter((m) => m < 64)) expectNaiveRfft(n, 5, n, dtype);
  });

  it('matches a naive DFT for lengths whose plans have radix-8 passes', () => {
    // Real length n runs a complex transform of n / 2: 8 -> [8], 24 -> [8, 3],
    // 64 -> [8, 8], 512 -> [8, 8, 8], 1024 -> [2, 8, 8, 8], 1000 -> [4, 5, ...].
    for (const n of [16, 48, 72, 128, 144, 160, 1024, 2000, 2048]) expectNaiveRfft(n, 3, n + 3, dtype);
  });

  it('matches a naive 2-d DFT (rows then columns)', () => {
    // Column lengths 8, 16, 64, 72 and 160 run complex plans with radix-8 passes; columns
    // up to 128 points are transformed in place, longer ones through the lane buffers.
    for (const [a, b] of [[3, 4], [6, 5], [8, 9], [10, 12], [1, 6], [5, 1], [16, 6], [72, 4], [64, 10], [160, 6]] as const) {
      const x = noise(a * b, a * 31 + b);
      const s = rfftnDense(x, 1, [a, b], dtype);
      const m = (b >> 1) + 1;
      for (let p = 0; p < a; p++) {
        for (let q = 0; q < m; q++) {
          let sr = 0, si = 0;
          for (let i = 0; i < a; i++) {
            for (let j = 0; j < b; j++) {
              const ang = 2 * Math.PI * (((p * i) % a) / a + ((q * j) % b) / b);
              sr += x[i * b + j]! * Math.cos(ang);
              si -= x[i * b + j]! * Math.sin(ang);
            }
          }
          expect(Math.abs(s.re[p * m + q]! - sr), `${a}x${b} re[${p},${q}]`).toBeLessThan(1e-4 * (dtype === 'float64' ? 1e-8 : 1));
          expect(Math.abs(s.im[p * m + q]! - si), `${a}x${b} im[${p},${q}]`).toBeLessThan(1e-4 * (dtype === 'float64' ? 1e-8 : 1));
        }
      }
    }
  });

  it(`round-trips every accepted length 1..4096 with relative L2 error < ${tol}`, () => {
    let worst = 0, worstN = 0;
    for (const n of accepted) {
      const items = 5; // full lane groups and a partial one for both dtypes
      const x = noise(items * n, 7 * n + 1);
      if (dtype === 'float32') for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i]!);
      const back = irfftnDense(rfftnDense(x, items, [n], dtype), [n], dtype);
      const err = relL2(back, x);
      if (err > worst) { worst = err; worstN = n; }
    }
    expect(worst, `worst at n=${worstN}`).toBeLessThan(tol);
  });

  it('round-trips 2-d and 3-d arrays', () => {
    for (const lengths of [[12, 10], [5, 16], [9, 6, 8], [2, 3, 5], [1, 1, 4]]) {
      const size = lengths.reduce((p, q) => p * q, 1);
      const x = noise(2 * size, size);
      if (dtype === 'float32') for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i]!);
      const back = irfftnDense(rfftnDense(x, 2, lengths, dtype), lengths, dtype);
      expect(relL2(back, x), lengths.join('x')).toBeLessThan(tol);
    }
  });
});
