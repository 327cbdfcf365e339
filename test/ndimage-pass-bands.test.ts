// Separable passes run their first and last steps in bands (src/ndimage/passes.ts
// bandPlan / uniformRowBands) so input rows are copied in, and results out, while the
// pool computes. With tiny bands forced, every path (fused correlate slab + lines, lone
// slab, uniform slab by row bands with running sums carried between bands, lines) in
// every mode, with origins and filters longer than the input, must give the bits of the
// one-call passes; strided inputs and outs, and an out that is the input, too.
import { afterAll, describe, expect, it } from 'vitest';
import { array, ndimage, type NDArray } from '../src/index.js';
import { setMinPassBandWork } from '../src/ndimage/passes.js';

const MODES = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'] as const;

function values(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, b[i]));

/** The call with one band per step (the default for small problems) and with many. */
function oneAndMany(call: () => NDArray): [NDArray, NDArray] {
  setMinPassBandWork(null);
  const one = call();
  setMinPassBandWork(1);
  try {
    return [one, call()];
  } finally {
    setMinPassBandWork(null);
  }
}

afterAll(() => setMinPassBandWork(null));

describe('separable passes in bands', () => {
  const img = array(values(37 * 23, 1), [37, 23]);
  const vol = array(values(9 * 11 * 13, 2), [9, 11, 13]);
  const short = array(values(5 * 4, 3), [5, 4]);
  for (const mode of MODES) {
    it(`${mode}: every step kind gives the bits of one band`, () => {
      const o = { mode, cval: 0.75 };
      const calls: [string, () => NDArray][] = [
        ['gaussian 2-D (fused)', () => ndimage.gaussianFilter(img, [1.5, 2], o)],
        ['gaussian 3-D (slab, then fused)', () => ndimage.gaussianFilter(vol, [1, 1.5, 0.8], o)],
        ['gaussian longer than the input', () => ndimage.gaussianFilter(short, 3, o)],
        ['gaussian order 1, axis 0 only', () => ndimage.gaussianFilter1d(img, 2, { ...o, axis: 0, order: 1 })],
        ['uniform 2-D (row bands, then lines)', () => ndimage.uniformFilter(img, [7, 4], { ...o, origin: [1, -2] })],
        ['uniform 3-D', () => ndimage.uniformFilter(vol, [4, 3, 5], o)],
        ['uniform axis 0 only', () => ndimage.uniformFilter1d(img, 6, { ...o, axis: 0, origin: -3 })],
        ['uniform longer than the input', () => ndimage.uniformFilter(short, [9, 11], o)],
        ['correlate1d axis 0 (lone slab)', () => ndimage.correlate1d(img, [1, -2, 0.5, 3], { ...o, axis: 0, origin: 1 })],
        ['convolve1d last axis (lines)', () => ndimage.convolve1d(vol, [2, 1, -1], { ...o, axis: -1 })],
        ['rank-1 convolve (separable)', () => ndimage.convolve(img, [[1, 2, 1], [2, 4, 2], [1, 2, 1]], o)],
      ];
      for (const [name, call] of calls) {
        const [one, many] = oneAndMany(call);
        expect(sameBits(many.data, one.data), name).toBe(true);
      }
    });
  }

  it('float32 inputs, strided inputs and outs, and an out that is the input', () => {
    const img32 = array(Float32Array.from(values(37 * 23, 4)), [37, 23]);
    const [a1, a2] = oneAndMany(() => ndimage.gaussianFilter(img32, 1.7));
    expect(a2.dtype).toBe('float32');
    expect(sameBits(a2.data, a1.data)).toBe(true);
    const [u1, u2] = oneAndMany(() => ndimage.uniformFilter(img32, 5, { mode: 'wrap' }));
    expect(sameBits(u2.data, u1.data)).toBe(true);

    // A transposed view of img (not dense: copied in at once).
    const backing = values(23 * 37, 5);
    const transposed = array(backing, [37, 23], { strides: [1, 37] });
    const dense = array(Float64Array.from({ length: 37 * 23 }, (_, k) => backing[(k % 23) * 37 + Math.floor(k / 23)]!), [37, 23]);
    const [t1, t2] = oneAndMany(() => ndimage.uniformFilter(transposed, [5, 3]));
    expect(sameBits(t2.data, t1.data)).toBe(true);
    expect(sameBits(t2.data, ndimage.uniformFilter(dense, [5, 3]).data)).toBe(true);

    // A transposed out (written at the end) and the input as out (same).
    const want = ndimage.gaussianFilter(dense, 2, { mode: 'mirror' });
    const outBacking = new Float64Array(37 * 23);
    const outT = array(outBacking, [37, 23], { strides: [1, 37] });
    setMinPassBandWork(1);
    try {
      ndimage.gaussianFilter(dense, 2, { mode: 'mirror', out: outT });
      const self = array(Float64Array.from(dense.data), [37, 23]);
      ndimage.gaussianFilter(self, 2, { mode: 'mirror', out: self });
      expect(sameBits(self.data, want.data)).toBe(true);
      const u = array(Float64Array.from(dense.data), [37, 23]);
      ndimage.uniformFilter(u, 7, { out: u });
      expect(sameBits(u.data, ndimage.uniformFilter(dense, 7).data)).toBe(true);
    } finally {
      setMinPassBandWork(null);
    }
    for (let i = 0; i < 37; i++) for (let j = 0; j < 23; j++) expect(outBacking[i + 37 * j]).toBe(want.data[i * 23 + j]);
  });

  it('large problems (default bands): 1, 2 and 3 threads give the same bits', () => {
    const big = array(values(900 * 640, 6), [900, 640]);
    const run = (t: number) => [
      ndimage.gaussianFilter(big, 3, { threads: t }),
      ndimage.uniformFilter(big, 31, { mode: 'constant', cval: 0.5, threads: t }),
      ndimage.uniformFilter1d(big, 9, { axis: 0, threads: t }),
    ];
    const one = run(1);
    for (const t of [2, 3]) {
      run(t); // starts the pool
      run(t).forEach((r, i) => expect(sameBits(r.data, one[i]!.data)).toBe(true));
    }
  });
});
