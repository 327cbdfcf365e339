// Hand-checked examples of the signal family and the StackOverflow case against a
// loop over images (the golden suite checks SciPy itself).
import { describe, expect, it } from 'vitest';
import { array, convolve, correlate, toNested } from '../src/index.js';

/** Naive valid 2-D convolution of one image (true convolution: kernel flipped). */
function convolveValid2d(img: (r: number, c: number) => number, S: number, k: number[][]): number[][] {
  const K = k.length, out: number[][] = [];
  for (let r = 0; r + K <= S; r++) {
    const row: number[] = [];
    for (let c = 0; c + K <= S; c++) {
      let acc = 0;
      for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) acc += img(r + i, c + j) * k[K - 1 - i]![K - 1 - j]!;
      row.push(acc);
    }
    out.push(row);
  }
  return out;
}

describe('signal family examples', () => {
  it('1-D modes', () => {
    expect(toNested(convolve([1, 2, 3], [0, 1, 0.5]))).toEqual([0, 1, 2.5, 4, 1.5]);
    expect(toNested(convolve([1, 2, 3], [0, 1, 0.5], { mode: 'same' }))).toEqual([1, 2.5, 4]);
    expect(toNested(convolve([1, 2, 3], [0, 1, 0.5], { mode: 'valid' }))).toEqual([2.5]);
    expect(toNested(correlate([1, 2, 3], [0, 1, 0.5]))).toEqual([0.5, 2, 3.5, 3, 0]);
    expect(toNested(correlate([1, 2, 3], [0, 1, 0.5], { mode: 'same' }))).toEqual([2, 3.5, 3]);
  });

  it('valid mode swaps inputs; correlate then reverses (SciPy)', () => {
    expect(toNested(convolve([1, 2], [1, 2, 3, 4], { mode: 'valid' }))).toEqual([4, 7, 10]);
    // correlate([1,2],[1,2,3,4],'valid') == [11, 8, 5] in SciPy/NumPy
    expect(toNested(correlate([1, 2], [1, 2, 3, 4], { mode: 'valid' }))).toEqual([11, 8, 5]);
  });

  it('2-D same mode with an even kernel uses SciPy centring', () => {
    expect(toNested(convolve([[1, 2, 3], [4, 5, 6]], [[1, 1], [1, 1]], { mode: 'same' }))).toEqual([[1, 3, 5], [5, 12, 16]]);
  });

  it('0-d inputs multiply', () => {
    const r = convolve(3, 4);
    expect(r.shape).toEqual([]);
    expect(r.data[0]).toBe(12);
  });

  it('float32 in, float32 out; mixed gives float64', () => {
    const f = array(new Float32Array([1, 2, 3]), [3]);
    expect(convolve(f, array(new Float32Array([1, 1]), [2])).dtype).toBe('float32');
    expect(convolve(f, [1, 1]).dtype).toBe('float64');
    expect(convolve(array(new Int16Array([1, 2]), [2]), { data: new Int16Array([3]), shape: [1] }).dtype).toBe('float64');
  });

  for (const dtype of ['float64', 'float32'] as const) {
    it(`the StackOverflow case (S, S, N) * (K, K), valid, axes [0, 1] equals a loop over images (${dtype})`, () => {
      const S = 13, N = 5, K = 4;
      const xs = Float64Array.from({ length: S * S * N }, (_, i) => Math.sin(i * 0.37));
      const ks = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => Math.cos(i * 3 + j)));
      const X = array(xs, [S, S, N], { dtype });
      const Y = array(ks.flat(), [K, K], { dtype });
      const out = convolve(X, Y, { mode: 'valid', axes: [0, 1] });
      expect(out.shape).toEqual([S - K + 1, S - K + 1, N]);
      expect(out.dtype).toBe(dtype);
      for (let n = 0; n < N; n++) {
        const expected = convolveValid2d((r, c) => X.data[(r * S + c) * N + n]!, S, ks.map((row) => row.map((v) => (dtype === 'float32' ? Math.fround(v) : v))));
        for (let r = 0; r < S - K + 1; r++) {
          for (let c = 0; c < S - K + 1; c++) {
            expect(out.data[(r * (S - K + 1) + c) * N + n]).toBeCloseTo(expected[r]![c]!, dtype === 'float32' ? 4 : 12);
          }
        }
      }
    });
  }
});

describe('length-1 kernel axes are planned as batch axes', () => {
  it('convolve(X, Y[..., None]) equals the batched call with axes, in every mode and for correlate', () => {
    const S = 9, N = 3, K = 3;
    const X = array(Float64Array.from({ length: S * S * N }, (_, i) => Math.sin(i * 0.7)), [S, S, N]);
    const k = Float64Array.from({ length: K * K }, (_, i) => Math.cos(i * 1.3));
    for (const mode of ['full', 'same', 'valid'] as const) {
      for (const fn of [convolve, correlate]) {
        const expected = fn(X, array(k, [K, K]), { mode, axes: [0, 1], method: 'direct' });
        for (const method of ['direct', 'fft', 'auto'] as const) {
          const got = fn(X, array(k, [K, K, 1]), { mode, method });
          expect(got.shape).toEqual(expected.shape);
          got.data.forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 12));
        }
      }
    }
  });

  it('unitKernelAxesAsBatch drops them from convAxes; SciPy\'s validation and window stay', async () => {
    const { convGeometry, unitKernelAxesAsBatch } = await import('../src/plan/conv-geometry.js');
    const g = unitKernelAxesAsBatch(convGeometry([10, 10, 4], [3, 3, 1], 'valid', [0, 1, 2], 'convolve'));
    expect(g.convAxes).toEqual([0, 1]);
    expect(g.outShape).toEqual([8, 8, 4]);
    expect(g.start).toEqual([2, 2, 0]);
    // The length-1 axis still votes in the valid-mode swap check, as in SciPy.
    expect(() => convGeometry([2, 2, 4], [3, 3, 1], 'valid', [0, 1, 2], 'convolve')).toThrow(/mode/);
  });
});
