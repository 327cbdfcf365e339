// Deterministic pseudo-random numbers in [-1, 1) (xorshift32), shared by the FFT tests
// and bench/fft.ts so that both see the same data for a seed.

export function noise(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
