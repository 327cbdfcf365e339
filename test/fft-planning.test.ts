// nextFastLen and the overlap-add block sizes against SciPy (golden data from
// tools/golden-fft.py), and the FFT length rule of fftconvolve.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextFastLen } from '../src/index.js';
import { nextFastEvenLen } from '../src/plan/fast-len.js';
import { calcOaLens } from '../src/plan/oa-lens.js';
import { fftLengthForWindow } from '../src/plan/fast-len.js';
import { isFftLength } from '../src/fft/plan.js';
import { fftBlockLens } from '../src/plan/block-lens.js';

const golden = JSON.parse(readFileSync(new URL('./golden/fft-golden.json', import.meta.url), 'utf8')) as {
  scipy: string;
  fast_len_limit: number;
  fast_len_real: number[];
  fast_len_complex: number[];
  oa_lens: [number, number, number, number | null, number, number][];
};

/** scipy's next_fast_len(n) is the smallest listed value >= n (checked by the generator). */
function expectMatchesScipy(values: number[], real: boolean): void {
  let v = 0;
  for (let n = 1; n <= golden.fast_len_limit; n++) {
    while (values[v]! < n) v++;
    const got = nextFastLen(n, real);
    if (got !== values[v]) expect(got, `nextFastLen(${n}, ${real})`).toBe(values[v]);
  }
}

describe(`nextFastLen equals scipy.fft.next_fast_len (SciPy ${golden.scipy})`, () => {
  it('real = true, every n up to 10^6', () => expectMatchesScipy(golden.fast_len_real, true));
  it('real = false, every n up to 10^6', () => expectMatchesScipy(golden.fast_len_complex, false));
  it('beyond the lookup table (values from SciPy 1.17)', () => {
    expect(nextFastLen(2 ** 31 + 1, true)).toBe(2149908480);
    expect(nextFastLen(2 ** 31 + 1, false)).toBe(2147531232);
    expect(nextFastLen(3e9 + 7, true)).toBe(3019898880);
  });
  it('rejects what SciPy rejects', () => {
    expect(() => nextFastLen(0)).toThrow(/n/);
    expect(() => nextFastLen(-3)).toThrow(/positive/);
    expect(() => nextFastLen(2.5)).toThrow(/integer/);
  });
  it('nextFastEvenLen is the smallest even 5-smooth length', () => {
    const evenSmooth = Array.from({ length: 20000 }, (_, i) => i).filter((c) => c % 2 === 0 && isFftLength(c));
    let next = 0;
    for (let n = 2; n < 10000; n++) {
      while (evenSmooth[next]! < n) next++;
      if (nextFastEvenLen(n) !== evenSmooth[next]) expect(nextFastEvenLen(n), `n = ${n}`).toBe(evenSmooth[next]);
    }
  });
});

describe('overlap-add lengths equal scipy.signal._signaltools._calc_oa_lens', () => {
  it(`on ${golden.oa_lens.length} (s1, s2) pairs`, () => {
    for (const [s1, s2, block, overlap, step1, step2] of golden.oa_lens) {
      expect(calcOaLens(s1, s2), `(${s1}, ${s2})`).toEqual({ blockSize: block, overlap, in1Step: step1, in2Step: step2 });
    }
  });
});

describe('fftLengthForWindow', () => {
  it('pads full mode to a fast length >= n1 + n2 - 1 and same mode to n1 + (n2 - 1) / 2', () => {
    expect(fftLengthForWindow(100, 31, 0, 130, false)).toBe(135);
    expect(fftLengthForWindow(100, 31, 0, 130, true)).toBe(144);
    expect(fftLengthForWindow(100, 31, 15, 100, true)).toBe(120);
    expect(fftLengthForWindow(100, 31, 30, 70, false)).toBe(100);
  });
});

describe('fftBlockLens (when fftconvolve cuts a long 1-d signal into blocks)', () => {
  it('keeps whole transforms for comparable lengths and many lines', () => {
    expect(fftBlockLens(1000, 1000, 1, 'float64')).toBeNull();
    expect(fftBlockLens(1000, 200, 1, 'float64')).toBeNull();
    expect(fftBlockLens(5, 1, 1, 'float64')).toBeNull();
  });
  it('blocks a long signal with a short kernel, with steps that tile it', () => {
    for (const [n1, n2] of [[1_000_000, 10_001], [10_001, 1_000_000], [20000, 301]] as const) {
      const l = fftBlockLens(n1, n2, 1, 'float64');
      expect(l).not.toBeNull();
      const small = Math.min(n1, n2);
      expect(l!.in1Step + l!.in2Step - 1).toBeLessThanOrEqual(l!.blockSize);
      expect(l!.overlap).toBe(small - 1);
      expect(isFftLength(l!.blockSize) && l!.blockSize % 2 === 0).toBe(true);
      expect(n1 >= n2 ? l!.in2Step : l!.in1Step).toBe(small);
    }
  });
});
