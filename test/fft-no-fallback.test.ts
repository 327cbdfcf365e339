// method 'fft' / 'oa' must really run the FFT paths: with the direct kernel replaced
// by a stub that throws, they still work while method 'direct' fails (SciPy's test
// does the same with a stub raising "Fell back to fftconvolve").
import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/conv/direct.js', () => ({
  convolveDirect: () => { throw new Error('Fell back to direct'); },
}));

const { array, convolve, correlate, fftconvolve, oaconvolve } = await import('../src/index.js');

describe('no silent fallback to direct', () => {
  const a = array(Float64Array.from({ length: 400 }, (_, i) => Math.sin(i)), [400]);
  const b = array(Float64Array.from({ length: 21 }, (_, i) => Math.cos(i)), [21]);
  it('the stub is in place', () => {
    expect(() => convolve(a, b, { method: 'direct' })).toThrow('Fell back to direct');
  });
  it.each(['fft', 'oa'] as const)('convolve and correlate with method %s', (method) => {
    for (const mode of ['full', 'same', 'valid'] as const) {
      expect(convolve(a, b, { mode, method }).shape[0]).toBeGreaterThan(0);
      expect(correlate(a, b, { mode, method }).shape[0]).toBeGreaterThan(0);
    }
  });
  it('fftconvolve and oaconvolve', () => {
    expect(fftconvolve(a, b).shape).toEqual([420]);
    expect(oaconvolve(a, b).shape).toEqual([420]);
  });
});

describe('working memory beyond the 4 GiB heap', () => {
  it('throws an error naming in1 and stays usable', () => {
    // 2^15 x 2^15 float64 (8 GiB of lazily zero-filled data is never touched: the size
    // check runs before packing). Use a strided view over a tiny buffer.
    const big = { data: new Float64Array(1), shape: [32768, 32768], strides: [0, 0] };
    expect(() => fftconvolve(big, [[1, 2], [3, 4]])).toThrow(/in1/);
    const after = fftconvolve([1, 2, 3], [1, 1]);
    [1, 3, 5, 3].forEach((v, i) => expect(after.data[i]).toBeCloseTo(v, 12));
  });
});
