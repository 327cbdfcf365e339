// `out` (SciPy's `output`): written in place, any strides, may alias the input,
// validated before anything is written.
import { describe, expect, it } from 'vitest';
import { array, convolve2d, ndimage, zeros } from '../src/index.js';
import { poolSize } from '../src/threads/pool.js';

const data = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) * 3);
const x = array(data, [5, 6]);

describe('out', () => {
  const calls: [string, (o?: object) => ReturnType<typeof ndimage.correlate>][] = [
    ['correlate (general)', (o) => ndimage.correlate(x, [[1, 2, 0], [0, -1, 3]], { mode: 'wrap', ...o })],
    ['convolve (rank-1)', (o) => ndimage.convolve(x, [[1, 2, 1], [2, 4, 2], [1, 2, 1], [3, 6, 3]], { mode: 'nearest', ...o })],
    ['gaussianFilter', (o) => ndimage.gaussianFilter(x, [1, 2], o)],
    ['uniformFilter1d', (o) => ndimage.uniformFilter1d(x, 4, { axis: 0, ...o })],
    ['sobel', (o) => ndimage.sobel(x, o)],
    ['gaussianGradientMagnitude', (o) => ndimage.gaussianGradientMagnitude(x, 1, o)],
  ];
  for (const [name, call] of calls) {
    it(`${name}: dense and transposed outs receive the result and are returned`, () => {
      const want = Array.from(call().data);
      const dense = zeros([5, 6]);
      expect(call({ out: dense })).toBe(dense);
      expect(Array.from(dense.data)).toEqual(want);
      const backing = new Float64Array(30).fill(NaN);
      const transposed = array(backing, [5, 6], { strides: [1, 5] });
      call({ out: transposed });
      for (let i = 0; i < 5; i++) for (let j = 0; j < 6; j++) expect(backing[i + 5 * j]).toBe(want[i * 6 + j]);
    });
  }
  it('may be the input itself', () => {
    const want = Array.from(ndimage.gaussianFilter(x, 1.5).data);
    const y = array(Float64Array.from(data), [5, 6]);
    ndimage.gaussianFilter(y, 1.5, { out: y });
    expect(Array.from(y.data)).toEqual(want);
  });
  it('rejects a wrong shape or dtype without writing', () => {
    const wrong = array(new Float32Array(30).fill(7), [5, 6]);
    expect(() => ndimage.uniformFilter(x, 3, { out: wrong })).toThrow(/^out: /);
    expect(Array.from(wrong.data).every((v) => v === 7)).toBe(true);
    expect(() => ndimage.uniformFilter(x, 3, { out: zeros([6, 5]) })).toThrow(/^out: /);
  });
});

describe('fused slab + lines passes', () => {
  // Blocks of 32768 elements: 300-wide rows give blocks of 109 rows, so 250 rows span
  // three blocks; the result must equal two separate 1-D calls bit for bit.
  for (const dtype of ['float64', 'float32'] as const) {
    const n = 250 * 300 * 2;
    const raw = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.37) * 5 + (i % 7));
    const img = array(dtype === 'float32' ? Float32Array.from(raw) : raw, [2, 250, 300]);
    it(`gaussianFilter and uniformFilter equal their 1-D passes run one by one (${dtype})`, () => {
      const g = ndimage.gaussianFilter(img, [0, 2.5, 1.5], { mode: 'mirror' });
      const g1 = ndimage.gaussianFilter1d(ndimage.gaussianFilter1d(img, 2.5, { axis: 1, mode: 'mirror' }), 1.5, { axis: 2, mode: 'mirror' });
      expect(Array.from(g.data)).toEqual(Array.from(g1.data));
      const u = ndimage.uniformFilter(img, [1, 7, 4], { mode: 'constant', cval: 1 });
      const u1 = ndimage.uniformFilter1d(ndimage.uniformFilter1d(img, 7, { axis: 1, mode: 'constant', cval: 1 }), 4, { axis: 2, mode: 'constant', cval: 1 });
      expect(Array.from(u.data)).toEqual(Array.from(u1.data));
    });
  }
});

describe('threads', () => {
  it('the N-d kernel split over the worker pool gives the same bits as one thread', () => {
    const n = 320 * 300;
    const img = array(Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.013) + (i % 11) * 0.1), [320, 300]);
    const w = array(Float64Array.from({ length: 35 }, (_, i) => Math.cos(i)), [5, 7]);
    const one = ndimage.correlate(img, w, { mode: 'mirror', threads: 1 });
    const all = ndimage.correlate(img, w, { mode: 'mirror' });
    expect(Array.from(all.data)).toEqual(Array.from(one.data));
    const c1 = convolve2d(img, w, { boundary: 'wrap', mode: 'same', threads: 1 });
    const c2 = convolve2d(img, w, { boundary: 'wrap', mode: 'same', threads: 2 });
    expect(Array.from(c2.data)).toEqual(Array.from(c1.data));
  });

  // Large enough for the pool (above its minimum work); every path of the passes:
  // fused correlate slab + lines, lone slab passes (3-D), uniform slab by column
  // chunks and lines, float32 rounding between passes.
  const noise = (shape: number[], f32 = false) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const d = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 2 + ((i * 7919) % 13) * 0.05);
    return array(f32 ? Float32Array.from(d) : d, shape);
  };
  const img = noise([700, 650]), wide = noise([1000, 800]), vol = noise([60, 100, 90]), img32 = noise([700, 650], true);
  const passCalls: [string, (threads: number) => ReturnType<typeof ndimage.correlate>][] = [
    ['gaussianFilter 2-D', (t) => ndimage.gaussianFilter(img, 3, { mode: 'reflect', threads: t })],
    ['gaussianFilter 3-D', (t) => ndimage.gaussianFilter(vol, [2, 1.5, 2.5], { mode: 'wrap', threads: t })],
    ['gaussianFilter float32', (t) => ndimage.gaussianFilter(img32, 2, { threads: t })],
    ['uniformFilter 2-D', (t) => ndimage.uniformFilter(wide, 31, { mode: 'constant', cval: 0.25, threads: t })],
    ['uniformFilter 3-D', (t) => ndimage.uniformFilter(vol, [5, 7, 9], { threads: t })],
    ['convolve rank-1 (separable)', (t) => ndimage.convolve(img, [[1, 4, 6, 4, 1], [2, 8, 12, 8, 2], [1, 4, 6, 4, 1]], { mode: 'nearest', threads: t })],
    ['convolve dense 11x11x1 (direct kernel)', (t) => ndimage.convolve(vol, noise([11, 11, 1]), { mode: 'mirror', threads: t })],
  ];
  for (const [name, call] of passCalls) {
    it(`${name}: threads 2 give the same bits as threads 1, and the pool ran`, () => {
      const one = call(1);
      // The first threaded call starts the pool (workers may join late); the second
      // finds the workers ready, so they claim chunks while the caller runs its own.
      const warm = call(2);
      expect(poolSize()).toBeGreaterThan(0);
      const two = call(2);
      // Index of the first element whose bits differ (-1: none); Object.is tells -0 and NaNs apart from 0.
      const firstDiff = (a: ArrayLike<number>) => Array.prototype.findIndex.call(a, (v: number, i: number) => !Object.is(v, one.data[i]));
      expect(firstDiff(warm.data)).toBe(-1);
      expect(firstDiff(two.data)).toBe(-1);
    });
  }
});

describe('filters with no pass to run', () => {
  it('size 1 and sigma 0 on every axis give a copy of the input (SciPy returns the input values)', () => {
    const x = array(Float64Array.from({ length: 12 }, (_, i) => i * 1.5 - 4), [3, 4]);
    for (const y of [ndimage.uniformFilter(x, 1), ndimage.gaussianFilter(x, 0), ndimage.uniformFilter1d(x, 1)]) {
      expect(y.shape).toEqual([3, 4]);
      expect(Array.from(y.data)).toEqual(Array.from(x.data));
      expect(y.data).not.toBe(x.data);
    }
    expect(Array.from(ndimage.uniformFilter(x, [1, 3], { mode: 'nearest' }).data)).toEqual(
      Array.from(ndimage.uniformFilter1d(x, 3, { axis: 1, mode: 'nearest' }).data));
  });
});
