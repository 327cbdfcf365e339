// Method 'auto': the cost model picks sensible methods at the extremes, never an FFT
// method where the contract's error bound could break (scipy issue 22390), and
// `measure: true` times the admissible methods.
import { describe, expect, it } from 'vitest';
import { array, chooseConvMethod, convolve, type NDArray } from '../src/index.js';
import { fftMeetsContract } from '../src/plan/fft-precision.js';

function seeded(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  });
}

/** Full 1-D convolution in float64, the plain double loop. */
function naiveConvolve(x: Float64Array, h: Float64Array): Float64Array {
  const out = new Float64Array(x.length + h.length - 1);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    for (let j = 0; j < h.length; j++) out[i + j]! += xi * h[j]!;
  }
  return out;
}

/** Largest |got - exact| over the contract's bound T * ||in1||_1 * max|in2|. */
function boundRatio(got: NDArray, exact: Float64Array, in1: Float64Array, in2: Float64Array, T: number): number {
  let norm1 = 0, max2 = 0, worst = 0;
  for (const v of in1) norm1 += Math.abs(v);
  for (const v of in2) max2 = Math.max(max2, Math.abs(v));
  for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(got.data[i]! - exact[i]!));
  return worst / (T * norm1 * max2);
}

describe('method choice', () => {
  it('takes direct for small kernels and FFT for large ones', () => {
    const image = array(seeded(512 * 512, 1), [512, 512]);
    expect(chooseConvMethod(image, array(seeded(9, 2), [3, 3]))).toBe('direct');
    expect(['fft', 'oa']).toContain(chooseConvMethod(image, array(seeded(63 * 63, 3), [63, 63])));
    const batch = array(seeded(50 * 100 * 100, 4), [50, 100, 100]);
    expect(chooseConvMethod(batch, array(seeded(25, 5), [5, 5]), { mode: 'valid', axes: [1, 2] })).toBe('direct');
  });

  it('measure: true returns a method that actually runs, and validates the flag', () => {
    const x = array(seeded(4096, 6), [4096]);
    const k = array(seeded(257, 7), [257]);
    expect(['direct', 'fft', 'oa']).toContain(chooseConvMethod(x, k, { measure: true }));
    expect(() => chooseConvMethod(x, k, { measure: 'yes' as never })).toThrow(/measure/);
  });

  it('the precision rule: spiky data with a wide kernel fails in float32 arithmetic, passes in float64', () => {
    const spiky = { norm1: 1e6 + 1000, norm2: 1e6, maxAbs: 1e6 };
    const wide = { norm1: 4000, norm2: 64, maxAbs: 1 };
    expect(fftMeetsContract(spiky, wide, 2 ** 20, 'float32', 'float32')).toBe(false);
    expect(fftMeetsContract(spiky, wide, 2 ** 20, 'float64', 'float32')).toBe(true);
    expect(fftMeetsContract(spiky, wide, 2 ** 20, 'float64', 'float64')).toBe(true);
    // Non-finite data never goes to an FFT.
    expect(fftMeetsContract({ norm1: Infinity, norm2: Infinity, maxAbs: Infinity }, wide, 1024, 'float64', 'float64')).toBe(false);
  });

  it('auto keeps float32 results within the contract bound on inputs of very different magnitudes', () => {
    // One huge spike in a sea of small values (the shape of scipy issue 22390), and a
    // wide kernel: plain float32 FFT arithmetic would put every small output at risk.
    const n = 20000, K = 4001;
    const x = seeded(n, 8).map((v) => v * 1e-3);
    x[n >> 1] = 1e6;
    const h = seeded(K, 9);
    const x32 = array(Float32Array.from(x), [n]), h32 = array(Float32Array.from(h), [K]);
    const exact32 = naiveConvolve(Float64Array.from(Float32Array.from(x)), Float64Array.from(Float32Array.from(h)));
    const auto = convolve(x32, h32);
    expect(auto.dtype).toBe('float32');
    const autoRatio = boundRatio(auto, exact32, Float64Array.from(x32.data), Float64Array.from(h32.data), 1e-4);
    expect(autoRatio).toBeLessThan(1);
    // auto ran its FFT in float64 arithmetic: clearly more accurate than a float32 FFT.
    const fft32 = convolve(x32, h32, { method: 'fft' });
    const fftRatio = boundRatio(fft32, exact32, Float64Array.from(x32.data), Float64Array.from(h32.data), 1e-4);
    expect(autoRatio).toBeLessThan(fftRatio / 3);
  });

  it('auto sends NaN and Inf data to the direct method, which keeps them local', () => {
    const n = 4096, K = 1025;
    const x = seeded(n, 10);
    x[100] = Infinity;
    const h = seeded(K, 11);
    const r = convolve(array(x, [n]), array(h, [K]), { mode: 'same' });
    // Far from the Inf (more than K away) every output is finite.
    let finite = 0;
    for (let i = 100 + K; i < n; i++) if (Number.isFinite(r.data[i]!)) finite++;
    expect(finite).toBe(n - 100 - K);
    // A forced FFT spreads it (that is why auto refuses).
    const f = convolve(array(x, [n]), array(h, [K]), { mode: 'same', method: 'fft' });
    expect(Number.isFinite(f.data[n - 1]!)).toBe(false);
  });

  it('auto chooses FFT in float64 for the issue 22390 input and stays within the bound', () => {
    const a = new Float64Array(10010);
    for (let i = 0; i < 10; i++) a[10000 + i] = 10 ** (9 * i);
    const exact = naiveConvolve(a, a);
    const r = convolve(array(a, [a.length]), array(a, [a.length]));
    expect(boundRatio(r, exact, a, a, 1e-10)).toBeLessThan(1);
  });
});

describe('what auto remembers between calls', () => {
  it('cost estimates are kept per shape, the precision rule is applied to every call\'s values', () => {
    const n = 4096, K = 1025;
    const h = array(seeded(K, 12), [K]);
    const clean = array(seeded(n, 13), [n]);
    const dirty = array(seeded(n, 13), [n]);
    dirty.data[7] = Infinity;
    // Same shapes, so the second and third calls reuse the first one's estimates.
    expect(chooseConvMethod(clean, h)).not.toBe('direct');
    expect(chooseConvMethod(dirty, h)).toBe('direct');
    expect(chooseConvMethod(clean, h)).not.toBe('direct');
  });

  it('a kernel changed in place between calls is tested again for rank 1', () => {
    const x = array(seeded(64 * 64, 14), [64, 64]);
    const col = seeded(7, 15), row = seeded(7, 16);
    const k = new Float64Array(49);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) k[i * 7 + j] = col[i]! * row[j]!;
    const kernel = array(k, [7, 7]);
    const close = (a: NDArray, b: NDArray) => a.data.every((v, i) => Math.abs(v - b.data[i]!) <= 1e-12);
    expect(close(convolve(x, kernel), convolve(x, kernel, { method: 'direct' }))).toBe(true);
    k[10] = k[10]! + 0.5; // no longer rank 1: the separable passes would now be wrong
    expect(close(convolve(x, kernel), convolve(x, kernel, { method: 'direct' }))).toBe(true);
    k[10] = k[10]! - 0.5;
    expect(close(convolve(x, kernel), convolve(x, kernel, { method: 'direct' }))).toBe(true);
  });
});

describe('auto on shapes the cost model must tell apart', () => {
  it('a kernel of length 1 along every axis is an elementwise product: direct', () => {
    const x = array(seeded(200 * 28 * 28, 5), [200, 28, 28]);
    expect(chooseConvMethod(x, array([2], [1, 1, 1]))).toBe('direct');
    expect(chooseConvMethod(array(seeded(256 * 256, 6), [256, 256]), array([3], [1, 1]))).toBe('direct');
  });

  it('an (S, S, N) stack with an 11x11 filter stays direct (FFT columns across the batch cost more)', () => {
    const x = array(seeded(100 * 100 * 50, 7), [100, 100, 50]);
    const k = array(seeded(121, 8), [11, 11]);
    expect(chooseConvMethod(x, k, { mode: 'valid', axes: [0, 1] })).toBe('direct');
    expect(chooseConvMethod(x, k, { mode: 'valid', axes: [0, 1], threads: 1 })).toBe('direct');
  });
});
