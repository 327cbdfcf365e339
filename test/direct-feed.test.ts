// Direct convolutions on the worker pool start while the calling thread is still
// copying in1 into the heap (feedIn1 in src/conv/direct.ts): workers wait in the row
// kernel until the input rows they read are in. The results must be the bits of the
// unfed single-thread path, for every layout, mode, boundary and kernel rank, and a
// copy that fails half-way must release the waiting workers.
import { describe, expect, it } from 'vitest';
import { convolve, ndimage } from '../src/index.js';
import { convolveDirect, packDirect } from '../src/conv/direct.js';
import { convGeometry } from '../src/plan/conv-geometry.js';
import { poolSize } from '../src/threads/pool.js';
import type { View } from '../src/ndarray/types.js';
import { noise } from './helpers/noise.js';
import { unreadableAt } from './helpers/unreadable.js';

function random(n: number, seed: number, Typed: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): Float64Array | Float32Array {
  const values = noise(n, seed);
  return Typed === Float64Array ? values : Float32Array.from(values);
}

/** Index of the first element whose bits differ, or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const view = (data: Float64Array, shape: number[]): View => {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  return { data, shape, strides, offset: 0, dtype: 'float64' };
};

describe('direct convolution fed while it runs', () => {
  it('is fed on the pool for inputs of several copy steps (and not for small ones)', () => {
    const big = view(random(300 * 300 * 2, 1) as Float64Array, [300, 300, 2]);
    const small = view(random(20 * 20, 1) as Float64Array, [20, 20]);
    const k = view(random(25, 2) as Float64Array, [5, 5]);
    const g = (v: View, axes: number[]) => convGeometry(v.shape, [5, 5, 1].slice(0, v.shape.length), 'valid', axes, 'freq');
    const kBig = { ...k, shape: [5, 5, 1], strides: [5, 1, 1] };
    expect(packDirect({ in1: big, in2: kBig, geometry: g(big, [0, 1]), dtype: 'float64' }, undefined, undefined, true).feed).toBeTypeOf('function');
    expect(packDirect({ in1: small, in2: k, geometry: g(small, [0, 1]), dtype: 'float64' }, undefined, undefined, true).feed).toBeUndefined();
  });

  for (const dtype of ['float64', 'float32'] as const) {
    const Typed = dtype === 'float64' ? Float64Array : Float32Array;
    for (const layout of ['SSN', 'NSS'] as const) {
      for (const mode of ['valid', 'same', 'full'] as const) {
        it(`signal convolve ${dtype} ${layout} ${mode}: the bits of one thread`, () => {
          const shape = layout === 'SSN' ? [260, 250, 4] : [4, 260, 250];
          const axes = layout === 'SSN' ? [0, 1] : [1, 2];
          const x = { data: random(260 * 250 * 4, 3, Typed), shape };
          const y = { data: random(7 * 6, 4, Typed), shape: [7, 6] };
          const fed = convolve(x, y, { mode, axes, method: 'direct' });
          const one = convolve(x, y, { mode, axes, method: 'direct', threads: 1 });
          expect(poolSize()).toBeGreaterThan(0);
          expect(firstDifference(fed.data, one.data)).toBe(-1);
        });
      }
    }
  }

  it('signal convolve with a 3-D kernel (planes) and a 1-D signal batch: the bits of one thread', () => {
    const x3 = { data: random(70 * 64 * 66, 5), shape: [70, 64, 66] };
    const y3 = { data: random(5 * 4 * 3, 6), shape: [5, 4, 3] };
    for (const mode of ['valid', 'full'] as const) {
      const fed = convolve(x3, y3, { mode, method: 'direct' });
      expect(firstDifference(fed.data, convolve(x3, y3, { mode, method: 'direct', threads: 1 }).data)).toBe(-1);
    }
    const x1 = { data: random(40 * 20000, 7), shape: [40, 20000] };
    const y1 = { data: random(9, 8), shape: [9] };
    const fed = convolve(x1, y1, { mode: 'same', axes: [1], method: 'direct' });
    expect(firstDifference(fed.data, convolve(x1, y1, { mode: 'same', axes: [1], method: 'direct', threads: 1 }).data)).toBe(-1);
  });

  const modes = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror'] as const;
  for (const mode of modes) {
    it(`ndimage.convolve ${mode}: the bits of one thread (stack, image, leading batch axis, 3-D kernel)`, () => {
      const cases = [
        { x: { data: random(120 * 110 * 20, 9), shape: [120, 110, 20] }, w: { data: random(11 * 9, 10), shape: [11, 9, 1] }, origin: [2, -3, 0] },
        { x: { data: random(700 * 690, 11), shape: [700, 690] }, w: { data: random(25, 12), shape: [5, 5] }, origin: 0 },
        { x: { data: random(6 * 200 * 210, 13), shape: [6, 200, 210] }, w: { data: random(7 * 6, 14), shape: [1, 7, 6] }, origin: [0, 1, -2] },
        { x: { data: random(64 * 60 * 62, 15), shape: [64, 60, 62] }, w: { data: random(5 * 4 * 3, 16), shape: [5, 4, 3] }, origin: 0 },
      ];
      for (const { x, w, origin } of cases) {
        const opts = { mode, cval: 2.5, origin };
        const fed = ndimage.convolve(x, w, opts);
        const one = ndimage.convolve(x, w, { ...opts, threads: 1 });
        expect(firstDifference(fed.data, one.data)).toBe(-1);
      }
    });
  }

  it('a copy that fails half-way releases the workers, throws, and the next call works', () => {
    const h = 400, w = 500;
    const base = random(h * w, 17) as Float64Array;
    const k = view(random(9 * 9, 18) as Float64Array, [9, 9]);
    const geometry = convGeometry([h, w], [9, 9], 'full', [0, 1], 'convolve');
    convolveDirect({ in1: view(base, [h, w]), in2: k, geometry, dtype: 'float64', threads: 2 }); // starts the pool
    expect(poolSize()).toBeGreaterThan(0);
    const failAt = 300 * w + 7;
    const bad = { ...view(base, [h, w]), data: unreadableAt(base, failAt) };
    const start = performance.now();
    expect(() => convolveDirect({ in1: bad, in2: k, geometry, dtype: 'float64', threads: 2 })).toThrow('unreadable element');
    // Released at once, not after the pool's 2 s deadline for a lost worker.
    expect(performance.now() - start).toBeLessThan(1500);
    const after = convolveDirect({ in1: view(base, [h, w]), in2: k, geometry, dtype: 'float64', threads: 2 });
    const one = convolveDirect({ in1: view(base, [h, w]), in2: k, geometry, dtype: 'float64', threads: 1 });
    expect(firstDifference(after, one)).toBe(-1);
  });
});
