// laplace, gaussianLaplace and gaussianGradientMagnitude run one filter per axis in one
// heap session and combine the results there (src/ndimage/passes.ts runPassesSummed).
// They must equal SciPy's definitions built from the public one-axis filters, element
// for element: generic_laplace sums the per-axis results in the output dtype, and
// generic_gradient_magnitude sums their squares (each stored in the output dtype
// first), then takes the root. Large enough for the pool to split every pass, and
// checked on 1 and 2 threads.
import { describe, expect, it } from 'vitest';
import { array, ndimage, type NDArray } from '../src/index.js';

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Sums (or the root of summed squares) of per-axis results, rounded as the output dtype. */
function combine(parts: NDArray[], squares: boolean): number[] {
  const round = parts[0]!.dtype === 'float32' ? Math.fround : (x: number) => x;
  const out = Array.from(parts[0]!.data, (t) => (squares ? round(t * t) : t));
  for (const part of parts.slice(1)) {
    part.data.forEach((t, i) => { out[i] = round(out[i]! + (squares ? round(t * t) : t)); });
  }
  return squares ? out.map((s) => round(Math.sqrt(s))) : out;
}

/** Element-for-element equality, reported briefly (a diff of 100k numbers takes minutes to print). */
function expectSame(got: ArrayLike<number>, want: number[]): void {
  const bad = want.findIndex((w, i) => !Object.is(got[i], w));
  expect(got.length).toBe(want.length);
  expect(bad < 0 ? 'equal' : `first difference at ${bad}: ${got[bad]} vs ${want[bad]}`).toBe('equal');
}

describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
  const data = noise(300 * 340, 7);
  const x = array(dtype === 'float32' ? Float32Array.from(data) : data, [300, 340]);
  const x3 = array(dtype === 'float32' ? Float32Array.from(noise(30 * 40 * 50, 8)) : noise(30 * 40 * 50, 8), [30, 40, 50]);

  it.each([1, 2])('laplace on %i thread(s) is the sum of the [1, -2, 1] filters along each axis', (threads) => {
    for (const [input, mode] of [[x, 'reflect'], [x3, 'wrap']] as const) {
      const parts = input.shape.map((_, axis) => ndimage.correlate1d(input, [1, -2, 1], { axis, mode }));
      expectSame(ndimage.laplace(input, { mode, threads }).data, combine(parts, false));
    }
  });

  it.each([1, 2])('gaussianLaplace and gaussianGradientMagnitude on %i thread(s) combine the Gaussian derivatives', (threads) => {
    const orders = (axis: number, order: number) => x.shape.map((_, d) => (d === axis ? order : 0));
    const second = x.shape.map((_, axis) => ndimage.gaussianFilter(x, [1.5, 2.5], { order: orders(axis, 2), mode: 'nearest' }));
    expectSame(ndimage.gaussianLaplace(x, [1.5, 2.5], { mode: 'nearest', threads }).data, combine(second, false));
    const first = x.shape.map((_, axis) => ndimage.gaussianFilter(x, 2, { order: orders(axis, 1) }));
    expectSame(ndimage.gaussianGradientMagnitude(x, 2, { threads }).data, combine(first, true));
    // 3-D: each axis's filter takes two steps, so the input must survive the first axis's.
    const first3 = x3.shape.map((_, axis) => ndimage.gaussianFilter(x3, 1.2, { order: x3.shape.map((__, d) => (d === axis ? 1 : 0)) }));
    expectSame(ndimage.gaussianGradientMagnitude(x3, 1.2, { threads }).data, combine(first3, true));
  });

  it('axes subsets and `out` with strides', () => {
    const parts = [0, 2].map((axis) => ndimage.correlate1d(x3, [1, -2, 1], { axis, mode: 'constant', cval: 0.25 }));
    const backing = array(new (dtype === 'float32' ? Float32Array : Float64Array)(30 * 40 * 50 * 2), [30, 40, 100]);
    const out = { ...backing, shape: [30, 40, 50], strides: [4000, 100, 2] };
    const got = ndimage.laplace(x3, { axes: [0, 2], mode: 'constant', cval: 0.25, out });
    expect(got).toBe(out);
    const want = combine(parts, false);
    const read = want.map((_, i) => backing.data[Math.floor(i / 2000) * 4000 + (Math.floor(i / 50) % 40) * 100 + (i % 50) * 2]!);
    expectSame(read, want);
  });
});
