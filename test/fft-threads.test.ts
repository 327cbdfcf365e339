// FFT paths on the worker pool: fftconvolve, oaconvolve and convolve/correlate with
// method 'fft' | 'oa' give bit-identical results for 1, 2 and 3 threads (work units are
// lane groups and line rows whose values never depend on the split), and the pool really
// takes part (otherwise the comparison would prove nothing).
import { describe, expect, it } from 'vitest';
import { array, convolve, correlate, fftconvolve, oaconvolve, type NDArray } from '../src/index.js';
import { poolSize, shutdownPool } from '../src/threads/pool.js';
import { noise } from './helpers/noise.js';

function input(shape: number[], seed: number, dtype: 'float32' | 'float64'): NDArray {
  const x = noise(shape.reduce((p, q) => p * q, 1), seed);
  return array(dtype === 'float32' ? Float32Array.from(x) : x, shape);
}

function bitIdentical(a: NDArray, b: NDArray): boolean {
  return a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));
}

type Run = (a: NDArray, b: NDArray, threads: number) => NDArray;

// Big enough that every stage passes the pool's work threshold.
const cases: { name: string; s1: number[]; s2: number[]; axes?: number[]; modes?: ('full' | 'same' | 'valid')[] }[] = [
  { name: 'long 1-d (overlap-save)', s1: [60_001], s2: [301] },
  { name: 'overlap-save, several lines', s1: [5, 20_001], s2: [1, 201], axes: [1] },
  { name: '2-d batch, shared kernel', s1: [9, 128, 121], s2: [1, 9, 8], axes: [1, 2] },
  { name: '3-d volume', s1: [48, 44, 61], s2: [5, 4, 3] },
  // One item, one line: the column pass splits the lane groups into blocks (more for more threads).
  { name: 'single 2-d image (column groups in blocks)', s1: [300, 280], s2: [21, 17] },
  { name: '2-d batch innermost (transposing staging)', s1: [128, 121, 9], s2: [9, 8, 1], axes: [0, 1] },
  { name: '2-d paired batch (one kernel per item)', s1: [4, 256, 240], s2: [4, 9, 8], axes: [1, 2] },
  // ('same' keeps in1's single batch item: one product, too small for the pool.)
  { name: 'broadcast image (spectrum products)', s1: [1, 150, 123], s2: [6, 7, 6], axes: [1, 2], modes: ['full', 'valid'] },
];

describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
  for (const { name, s1, s2, axes, modes } of cases) {
    for (const mode of modes ?? (['full', 'same', 'valid'] as const)) {
      const runs: Record<string, Run> = {
        fftconvolve: (a, b, threads) => fftconvolve(a, b, { mode, axes, threads }),
        oaconvolve: (a, b, threads) => oaconvolve(a, b, { mode, axes, threads }),
        "convolve 'fft'": (a, b, threads) => convolve(a, b, { mode, axes, method: 'fft', threads }),
        "correlate 'oa'": (a, b, threads) => correlate(a, b, { mode, axes, method: 'oa', threads }),
      };
      for (const [label, run] of Object.entries(runs)) {
        it(`${label} ${name} ${mode}: threads 1, 2, 3 agree bit for bit`, () => {
          const a = input(s1, 11, dtype), b = input(s2, 12, dtype);
          shutdownPool();
          const one = run(a, b, 1);
          expect(poolSize()).toBe(0);
          for (const threads of [2, 3]) expect(bitIdentical(one, run(a, b, threads)), `threads ${threads}`).toBe(true);
          expect(poolSize()).toBeGreaterThan(0);
        });
      }
    }
  }
});
