// The dense N-d path runs in bands along axis 0 (src/ndimage/dense-bands.ts), each band
// building its rows of the boundary-extended box itself. With tiny bands forced, every
// mode, origin, cval and kernel longer than the input must give the bits of one band
// (and agree with the naive oracle); large problems must give the same bits on 1, 2
// and 3 threads.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { array, convolve2d, ndimage } from '../src/index.js';
import { bandRows, setMinBandWork } from '../src/ndimage/dense-bands.js';
import { correlateOracle, type OracleMode } from './reference/ndimage-oracle.js';

const MODES = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'] as const;
const ORACLE: Record<(typeof MODES)[number], OracleMode> = {
  reflect: 'reflect', constant: 'constant', nearest: 'nearest', mirror: 'mirror', wrap: 'wrap',
  'grid-wrap': 'wrap', 'grid-constant': 'constant', 'grid-mirror': 'reflect',
};

function values(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, b[i]));

afterAll(() => setMinBandWork(null));

describe('dense bands', () => {
  it('band rows: up to 8 bands, at least 2 (k0 - 1) rows, from shapes only', () => {
    setMinBandWork(null);
    expect(bandRows([1000, 1000], [5, 5])).toBe(167); // 4e6 multiply-adds per band at least
    expect(bandRows([100, 100, 50], [11, 11, 1])).toBe(20); // 2 (k0 - 1) rows
    expect(bandRows([8, 8], [3, 3])).toBe(8); // too small: one band
    setMinBandWork(1);
    expect(bandRows([100, 7], [1, 3])).toBe(13); // at most 8 bands
    expect(bandRows([5, 7], [4, 3])).toBe(5); // k0 - 1 = 3: one band of 5 rows
  });

  it('every mode, origin and cval: many bands give the bits of one band and match the oracle', () => {
    const problem = fc.integer({ min: 1, max: 3 }).chain((ndim) => fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: ndim, maxLength: ndim }),
      kshape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: ndim, maxLength: ndim }),
      mode: fc.constantFrom(...MODES),
      cval: fc.double({ min: -3, max: 3, noNaN: true }),
      seed: fc.integer({ min: 1, max: 1 << 30 }),
      originPick: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: ndim, maxLength: ndim }),
      convolve: fc.boolean(),
    }));
    fc.assert(fc.property(problem, (p) => {
      // Longer first axes so that bands are several rows long.
      const shape = [p.shape[0]! * 3, ...p.shape.slice(1)];
      const x = values(shape.reduce((a, b) => a * b, 1), p.seed);
      const w = values(p.kshape.reduce((a, b) => a * b, 1), p.seed + 99);
      const origin = p.kshape.map((k, d) => [0, -Math.floor(k / 2), Math.floor((k - 1) / 2)][p.originPick[d]!]!);
      const call = () => (p.convolve ? ndimage.convolve : ndimage.correlate)(array(x, shape), array(w, p.kshape), { mode: p.mode, cval: p.cval, origin: p.convolve ? 0 : origin });
      setMinBandWork(null);
      const one = call();
      setMinBandWork(1);
      const many = call();
      setMinBandWork(null);
      expect(sameBits(many.data, one.data)).toBe(true);
      if (!p.convolve) {
        const want = correlateOracle({ data: Array.from(x), shape }, { data: Array.from(w), shape: p.kshape }, origin, ORACLE[p.mode], p.cval);
        let err = 0, scale = 1;
        want.data.forEach((v, i) => { scale = Math.max(scale, Math.abs(v)); err = Math.max(err, Math.abs(many.data[i]! - v)); });
        expect(err / scale).toBeLessThan(1e-13);
      }
    }), { numRuns: 150 });
  });

  it('convolve2d boundaries and float32 results run in bands too', () => {
    const img = array(values(40 * 9, 5), [40, 9]);
    const k = array(values(15, 6), [5, 3]);
    const f32 = array(Float32Array.from(values(40 * 9, 7)), [40, 9]);
    const calls = [
      () => convolve2d(img, k, { mode: 'same', boundary: 'symm' }),
      () => convolve2d(img, k, { mode: 'full', boundary: 'wrap' }),
      () => convolve2d(img, k, { mode: 'valid', boundary: 'fill', fillvalue: 2 }),
      () => ndimage.correlate(f32, k, { mode: 'mirror' }),
    ];
    for (const call of calls) {
      setMinBandWork(null);
      const one = call();
      setMinBandWork(1);
      const many = call();
      setMinBandWork(null);
      expect(many.shape).toEqual(one.shape);
      expect(sameBits(many.data, one.data)).toBe(true);
    }
  });

  it('large problems: 1, 2 and 3 threads give the same bits', () => {
    const img = array(values(900 * 700, 11), [900, 700]);
    const w = array(values(25, 12), [5, 5]);
    const stack = array(values(60 * 80 * 40, 13), [60, 80, 40]);
    const w3 = array(values(121, 14), [11, 11, 1]);
    for (const [x, k, mode] of [[img, w, 'wrap'], [stack, w3, 'reflect'], [img, w, 'constant']] as const) {
      const one = ndimage.convolve(x, k, { mode, cval: 0.5, threads: 1 });
      for (const threads of [2, 3]) {
        ndimage.convolve(x, k, { mode, cval: 0.5, threads }); // starts the pool
        expect(sameBits(ndimage.convolve(x, k, { mode, cval: 0.5, threads }).data, one.data)).toBe(true);
      }
    }
  });
});
