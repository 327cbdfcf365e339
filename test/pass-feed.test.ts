// The fused uniform first step runs while the calling thread copies the input in
// (feedInput): a failure in the middle of that copy must release the workers that wait
// for rows, surface as the error, and leave the library usable.
import { describe, expect, it } from 'vitest';
import { runPasses, type Pass } from '../src/ndimage/passes.js';
import { poolSize } from '../src/threads/pool.js';
import { ndimage } from '../src/index.js';
import { unreadableAt } from './helpers/unreadable.js';

const h = 600, w = 700;
const base = Float64Array.from({ length: h * w }, (_, i) => Math.sin(i * 0.37) + (i % 5));
const passes = (size: number): Pass[] => [0, 1].map((axis) => ({
  axis, op: { kind: 'uniform', size }, nOut: axis === 0 ? h : w, first: -(size >> 1), ext: 'reflect', cval: 0,
}));

describe('fed uniform step', () => {
  it('a copy that fails half-way releases the workers, throws, and the next call works', () => {
    ndimage.uniformFilter({ data: base, shape: [h, w] }, 31, { threads: 2 }); // starts the pool
    expect(poolSize()).toBeGreaterThan(0);
    const failAt = 500 * w + 3;
    const view = { data: unreadableAt(base, failAt), shape: [h, w], strides: [w, 1], offset: 0, dtype: 'float64' as const };
    const start = performance.now();
    expect(() => runPasses(view, passes(31), 'float64', false, undefined, 2)).toThrow('unreadable element');
    // Released at once, not after the pool's 2 s deadline for a lost worker.
    expect(performance.now() - start).toBeLessThan(1500);
    const after = runPasses({ ...view, data: base }, passes(31), 'float64', false, undefined, 2).data;
    const one = ndimage.uniformFilter({ data: base, shape: [h, w] }, 31, { threads: 1 }).data;
    expect(Array.prototype.findIndex.call(after, (v: number, i: number) => !Object.is(v, one[i]))).toBe(-1);
  });
});
