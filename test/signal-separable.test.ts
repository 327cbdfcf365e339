// signal.convolve / correlate with method 'auto' on rank-1 kernels take the separable
// passes (checked directly on the planner), and agree with method 'direct'.
import { describe, expect, it } from 'vitest';
import { array, convolve, correlate, type NDArray } from '../src/index.js';
import { convolveSeparable } from '../src/conv/separable.js';
import { convGeometry } from '../src/plan/conv-geometry.js';
import { toView } from '../src/ndarray/normalize.js';
import { rankOneFactors, separableWorthIt } from '../src/plan/separable.js';

function rand(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}
function outer(...f: Float64Array[]): Float64Array {
  let acc = [1];
  for (const v of f) acc = acc.flatMap((a) => Array.from(v, (b) => a * b));
  return Float64Array.from(acc);
}
function close(a: NDArray, b: NDArray, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  let scale = 1, err = 0;
  for (let i = 0; i < b.data.length; i++) { scale = Math.max(scale, Math.abs(b.data[i]!)); err = Math.max(err, Math.abs(a.data[i]! - b.data[i]!)); }
  expect(err / scale).toBeLessThan(tol);
}

describe('rank-1 detection', () => {
  it('finds the factors of outer products, 2-D and 3-D', () => {
    const u = rand(5, 1), v = rand(4, 2), z = rand(3, 3);
    const f = rankOneFactors(outer(u, v, z), [5, 4, 3])!;
    expect(f).not.toBeNull();
    const back = outer(...f);
    outer(u, v, z).forEach((x, i) => expect(Math.abs(back[i]! - x)).toBeLessThan(1e-15));
  });
  it('refuses kernels that are only nearly rank-1, and zero kernels', () => {
    const k = outer(rand(5, 1), rand(5, 2));
    k[7] = k[7]! * (1 + 1e-9);
    expect(rankOneFactors(k, [5, 5])).toBeNull();
    expect(rankOneFactors(rand(25, 4), [5, 5])).toBeNull();
    expect(rankOneFactors(new Float64Array(9), [3, 3])).toBeNull();
    expect(rankOneFactors(Float64Array.of(1, NaN, 1, 1), [2, 2])).toBeNull();
  });
  it('splits only when the passes are cheaper', () => {
    expect(separableWorthIt([3, 3])).toBe(false);
    expect(separableWorthIt([5, 5])).toBe(true);
    expect(separableWorthIt([11, 11, 1])).toBe(true);
    expect(separableWorthIt([25, 1])).toBe(false);
  });
});

describe("signal.convolve method 'auto' on rank-1 kernels", () => {
  const x2 = array(rand(30 * 27, 9), [30, 27]);
  const k2 = array(outer(rand(7, 5), rand(6, 6)), [7, 6]);
  it('takes the separable plan (and not for a full-rank kernel)', () => {
    const g = convGeometry([30, 27], [7, 6], 'same', [0, 1], 'convolve');
    expect(convolveSeparable({ in1: toView(x2, 'in1'), in2: toView(k2, 'in2'), geometry: g, dtype: 'float64' })).not.toBeNull();
    const full = array(rand(42, 3), [7, 6]);
    expect(convolveSeparable({ in1: toView(x2, 'in1'), in2: toView(full, 'in2'), geometry: g, dtype: 'float64' })).toBeNull();
  });
  for (const mode of ['full', 'same', 'valid'] as const) {
    it(`equals method 'direct' in mode '${mode}' (convolve and correlate, 2-D and 3-D)`, () => {
      close(convolve(x2, k2, { mode }), convolve(x2, k2, { mode, method: 'direct' }), 1e-14);
      close(correlate(x2, k2, { mode }), correlate(x2, k2, { mode, method: 'direct' }), 1e-14);
      const x3 = array(rand(9 * 10 * 11, 4), [9, 10, 11]);
      const k3 = array(outer(rand(4, 1), rand(3, 2), rand(5, 3)), [4, 3, 5]);
      close(convolve(x3, k3, { mode }), convolve(x3, k3, { mode, method: 'direct' }), 1e-14);
      // valid mode with the inputs swapped
      close(correlate(k3, x3, { mode }), correlate(k3, x3, { mode, method: 'direct' }), 1e-14);
    });
  }
  it('with axes: a batch of images and one rank-1 filter', () => {
    const xb = array(rand(12 * 13 * 3, 8), [12, 13, 3]);
    const kb = array(outer(rand(5, 1), rand(5, 2)), [5, 5]);
    close(convolve(xb, kb, { mode: 'valid', axes: [0, 1] }), convolve(xb, kb, { mode: 'valid', axes: [0, 1], method: 'direct' }), 1e-14);
    close(convolve(xb, kb, { mode: 'same', axes: [0, 1] }), convolve(xb, kb, { mode: 'same', axes: [0, 1], method: 'direct' }), 1e-14);
  });
  it('float32 stays float32', () => {
    const xf = array(Float32Array.from(rand(400, 1)), [20, 20]);
    const kf = array(Float32Array.from(outer(rand(5, 2), rand(5, 3))), [5, 5]);
    const got = convolve(xf, kf);
    expect(got.dtype).toBe('float32');
    close(got, convolve(xf, kf, { method: 'direct' }), 1e-6);
  });
});
