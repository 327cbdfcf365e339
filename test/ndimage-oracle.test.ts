// ndimage against the naive oracle on random shapes, kernels, modes and origins
// (fast-check), including kernels longer than the input, size-1 axes, zero weights,
// rank-1 kernels (separable path) and widths that exercise the SIMD blocks and tails.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { array, ndimage } from '../src/index.js';
import { correlateOracle, type OracleMode } from './reference/ndimage-oracle.js';

const MODES = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'] as const;
const ORACLE: Record<(typeof MODES)[number], OracleMode> = {
  reflect: 'reflect', constant: 'constant', nearest: 'nearest', mirror: 'mirror', wrap: 'wrap',
  'grid-wrap': 'wrap', 'grid-constant': 'constant', 'grid-mirror': 'reflect',
};

function maxRelError(got: ArrayLike<number>, want: number[]): number {
  let scale = 1, err = 0;
  want.forEach((w, i) => { scale = Math.max(scale, Math.abs(w)); err = Math.max(err, Math.abs(got[i]! - w)); });
  return err / scale;
}

const problem = fc.integer({ min: 1, max: 3 }).chain((ndim) => fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 13 }), { minLength: ndim, maxLength: ndim }),
  kshape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: ndim, maxLength: ndim }),
  mode: fc.constantFrom(...MODES),
  cval: fc.double({ min: -3, max: 3, noNaN: true }),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
  originPick: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: ndim, maxLength: ndim }),
  rankOne: fc.boolean(),
  zeros: fc.boolean(),
}));

function values(n: number, seed: number, zeros: boolean): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const v = (s / 2 ** 32) * 4 - 2;
    return zeros && (s & 3) === 0 ? 0 : v;
  });
}

describe('ndimage.correlate / convolve against the oracle', () => {
  it('agrees on random problems', () => {
    fc.assert(fc.property(problem, (p) => {
      const x = values(p.shape.reduce((a, b) => a * b, 1), p.seed, false);
      let w: number[];
      if (p.rankOne) {
        const f = p.kshape.map((k, d) => values(k, p.seed + 7 * d + 1, false));
        w = [1];
        for (const fd of f) w = w.flatMap((a) => fd.map((b) => a * b));
      } else {
        w = values(p.kshape.reduce((a, b) => a * b, 1), p.seed + 99, p.zeros);
      }
      const origin = p.kshape.map((k, d) => [0, -Math.floor(k / 2), Math.floor((k - 1) / 2)][p.originPick[d]!]!);
      const got = ndimage.correlate(array(x, p.shape), array(w, p.kshape), { mode: p.mode, cval: p.cval, origin });
      const want = correlateOracle({ data: x, shape: p.shape }, { data: w, shape: p.kshape }, origin, ORACLE[p.mode], p.cval);
      expect(maxRelError(got.data, want.data)).toBeLessThan(1e-13);
      // convolve = correlate with the flipped kernel, even axes shifted one left.
      const conv = ndimage.convolve(array(x, p.shape), array(w, p.kshape), { mode: p.mode, cval: p.cval });
      const flipped = [...w].reverse(); // reversing C order flips every axis
      const shift = p.kshape.map((k) => ((k & 1) === 0 ? -1 : 0));
      const wantConv = correlateOracle({ data: x, shape: p.shape }, { data: flipped, shape: p.kshape }, shift, ORACLE[p.mode], p.cval);
      expect(maxRelError(conv.data, wantConv.data)).toBeLessThan(1e-13);
    }), { numRuns: 300 });
  });

  it('correlate1d and uniformFilter1d agree along every axis, wide lines included', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 25 }), fc.constantFrom(...MODES), fc.integer({ min: 1, max: 1 << 30 }), fc.nat(),
      (shape, k, mode, seed, axisPick) => {
        const ndim = shape.length;
        const axis = (axisPick % (2 * ndim)) - ndim; // negative and positive axes
        const x = values(shape.reduce((a, b) => a * b, 1), seed, false);
        const w = values(k, seed + 1, true);
        const origin = (seed % k) - Math.floor(k / 2);
        const kshape = shape.map((_, d) => (d === (axis + ndim) % ndim ? k : 1));
        const originNd = shape.map((_, d) => (d === (axis + ndim) % ndim ? origin : 0));
        const want = correlateOracle({ data: x, shape }, { data: w, shape: kshape }, originNd, ORACLE[mode], 0.5).data;
        const got = ndimage.correlate1d(array(x, shape), w, { axis, mode, cval: 0.5, origin });
        expect(maxRelError(got.data, want)).toBeLessThan(1e-13);
        const box = new Array<number>(k).fill(1 / k);
        const wantU = correlateOracle({ data: x, shape }, { data: box, shape: kshape }, originNd, ORACLE[mode], 0.5).data;
        const gotU = ndimage.uniformFilter1d(array(x, shape), k, { axis, mode, cval: 0.5, origin });
        expect(maxRelError(gotU.data, wantU)).toBeLessThan(1e-12);
      }), { numRuns: 120 });
  });

  it('float32 input gives float32 output computed in float64', () => {
    const x = Float32Array.from(values(60, 5, false));
    const got = ndimage.correlate(array(x, [6, 10]), [[1, 2], [3, 4]], { mode: 'wrap' });
    expect(got.dtype).toBe('float32');
    const want = correlateOracle({ data: Array.from(x), shape: [6, 10] }, { data: [1, 2, 3, 4], shape: [2, 2] }, [0, 0], 'wrap', 0).data;
    want.forEach((v, i) => expect(got.data[i]).toBe(Math.fround(v)));
  });

  it('reads strided and offset views in place', () => {
    const base = Float64Array.from(values(200, 11, false));
    const view = array(base, [7, 6], { strides: [-12, 2], offset: 189 });
    const dense = Array.from({ length: 42 }, (_, i) => base[189 - 12 * Math.floor(i / 6) + 2 * (i % 6)]!);
    const got = ndimage.gaussianFilter(view, [1, 2], { mode: 'mirror' });
    const ref = ndimage.gaussianFilter(array(dense, [7, 6]), [1, 2], { mode: 'mirror' });
    expect(Array.from(got.data)).toEqual(Array.from(ref.data));
  });

  it('large dense kernels (run by the FFT engine on the padded box) agree within float error', () => {
    for (const [n, m, k, mode] of [[90, 80, 41, 'reflect'], [80, 60, 33, 'constant'], [120, 40, 25, 'wrap']] as const) {
      const x = values(n * m, n + k, false), w = values(k * k, 3 * k, false);
      const got = ndimage.correlate(array(x, [n, m]), array(w, [k, k]), { mode, cval: 0.7 });
      const want = correlateOracle({ data: x, shape: [n, m] }, { data: w, shape: [k, k] }, [0, 0], mode, 0.7);
      // The FFT's rounding, not SciPy's exact sums: bounded relative to the largest output.
      expect(maxRelError(got.data, want.data)).toBeLessThan(1e-13);
    }
  });
});
