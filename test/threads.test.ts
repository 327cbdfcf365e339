// The worker pool: identical results for any thread count, recovery from a worker
// that dies or stalls mid-job, and a pool that never keeps the process alive.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { array, convolve, correlate, type NDArray } from '../src/index.js';
import { failWorkersOnNextJob, poolSize } from '../src/threads/pool.js';
import { noise } from './helpers/noise.js';

function randomArray(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float64'): NDArray {
  return array(noise(shape.reduce((a, b) => a * b, 1), seed), shape, { dtype });
}

function bitIdentical(a: NDArray, b: NDArray): boolean {
  return a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));
}

describe('worker pool', () => {
  const X = randomArray([24, 60, 60], 1);
  const Y = randomArray([7, 7], 2);

  for (const dtype of ['float64', 'float32'] as const) {
    it(`threaded equals single-threaded bit for bit (${dtype})`, () => {
      const x = randomArray([60, 60, 24], 3, dtype), y = randomArray([5, 6], 4, dtype);
      for (const mode of ['full', 'same', 'valid'] as const) {
        const one = convolve(x, y, { mode, axes: [0, 1], threads: 1 });
        for (const threads of [2, 3, 4]) {
          expect(bitIdentical(one, convolve(x, y, { mode, axes: [0, 1], threads }))).toBe(true);
        }
        expect(bitIdentical(correlate(x, y, { mode, axes: [0, 1], threads: 1 }), correlate(x, y, { mode, axes: [0, 1], threads: 2 }))).toBe(true);
      }
    });
  }

  it("'auto' picks the same method, so the same bits, for every thread count", () => {
    // Near the direct/FFT boundary: a cost model scaled by the requested threads picked
    // FFT for threads: 4 and direct for threads: 1 here.
    const x = randomArray([40, 80, 80], 5), k = randomArray([9, 9], 6);
    const one = convolve(x, k, { axes: [1, 2], threads: 1 });
    for (const threads of [2, 4]) expect(bitIdentical(one, convolve(x, k, { axes: [1, 2], threads }))).toBe(true);
  });

  for (const how of ['exit', 'hang'] as const) {
    it(`recovers when a worker ${how === 'exit' ? 'dies' : 'stalls'} holding a chunk`, { timeout: 30_000 }, () => {
      const expected = convolve(X, Y, { mode: 'valid', axes: [1, 2], threads: 1 });
      // Make sure workers exist and have taken part in a job.
      for (let i = 0; i < 3; i++) convolve(X, Y, { mode: 'valid', axes: [1, 2], threads: 2 });
      expect(poolSize()).toBeGreaterThan(0);
      expect(failWorkersOnNextJob(how)).toBeGreaterThan(0);
      // The failing worker may or may not claim a chunk (the calling thread may take
      // them all); either way the result must be right, and so must the next calls.
      for (let i = 0; i < 3; i++) {
        expect(bitIdentical(convolve(X, Y, { mode: 'valid', axes: [1, 2], threads: 2 }), expected)).toBe(true);
      }
    });
  }

  // FFT convolution runs every pass as its own pool job: a worker lost in the first
  // pass must not move the remaining passes of the same call onto a fresh heap.
  for (const how of ['exit', 'hang'] as const) {
    it(`a call of many jobs survives a worker that ${how === 'exit' ? 'dies' : 'stalls'} in its first job`, { timeout: 30_000 }, () => {
      const x = randomArray([16, 96, 96], 7), y = randomArray([15, 15], 8);
      const opts = { mode: 'same' as const, axes: [1, 2], method: 'fft' as const };
      const expected = convolve(x, y, { ...opts, threads: 1 });
      for (let i = 0; i < 3; i++) convolve(x, y, { ...opts, threads: 2 });
      expect(failWorkersOnNextJob(how)).toBeGreaterThan(0);
      expect(bitIdentical(convolve(x, y, { ...opts, threads: 2 }), expected)).toBe(true);
      expect(bitIdentical(convolve(x, y, { ...opts, threads: 2 }), expected)).toBe(true);
    });
  }

  it('never keeps the process alive', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script = `
      import { array, convolve } from './src/index.ts';
      const x = array(new Float64Array(40 * 80 * 80).map((_, i) => Math.sin(i)), [40, 80, 80]);
      const r = convolve(x, array(new Float64Array(81).fill(1), [9, 9]), { axes: [1, 2], threads: 2 });
      console.log('done', r.shape.join('x'));
    `;
    const t0 = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('done 40x88x88');
    expect(child.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('job board layout', () => {
  it('claimChunk\'s literal word index matches the board constant, and a late claimer takes nothing', async () => {
    const C = await import('../src/threads/control.js');
    expect(C.CLAIM).toBe(1);
    const board = new Int32Array(new SharedArrayBuffer(C.BOARD_BYTES));
    board[C.CLAIM] = 5 << 16;
    expect(C.claimChunk(board, 5, 2)).toBe(0);
    expect(C.claimChunk(board, 4, 2)).toBe(-1); // an older job's reader cannot claim
    expect(C.claimChunk(board, 5, 2)).toBe(1);
    expect(C.claimChunk(board, 5, 2)).toBe(-1);
    // The next job writes a larger chunk count before its CLAIM word: a late claimer of
    // the finished job, holding its own count, still finds nothing to take.
    board[C.CHUNKS] = 8;
    expect(C.claimChunk(board, 5, 2)).toBe(-1);
    expect(board[C.CLAIM]).toBe((5 << 16) | 2);
  });
});
