// Memory policy of the direct path (src/kernels/instance.ts): the heap is reused across
// calls without growing per call, and an unusually large call leaves no large heap behind.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { convolve } from '../src/index.js';
import { heapSize, runtime, setShrinkThreshold } from '../src/kernels/instance.js';

const DEFAULT_THRESHOLD = 256 * 1024 * 1024;
afterAll(() => setShrinkThreshold(DEFAULT_THRESHOLD));

function images(S: number, N: number): { data: Float64Array; shape: number[] } {
  const data = new Float64Array(S * S * N);
  for (let i = 0; i < data.length; i++) data[i] = (i % 7) - 3;
  return { data, shape: [S, S, N] };
}
const filter = { data: new Float64Array(9).fill(1), shape: [3, 3] };

describe('direct convolution heap', () => {
  it('is reused across calls: repeated and smaller calls do not grow it', () => {
    setShrinkThreshold(DEFAULT_THRESHOLD);
    const big = images(40, 6), small = images(12, 3);
    convolve(big, filter, { mode: 'full', axes: [0, 1], method: 'direct' });
    const after = heapSize();
    expect(after).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      convolve(big, filter, { mode: 'full', axes: [0, 1], method: 'direct' });
      convolve(small, filter, { mode: 'valid', axes: [0, 1], method: 'direct' });
      expect(heapSize()).toBe(after);
    }
  });

  it('shrinks after an unusually large call once idle: the next call starts from a small memory', () => {
    vi.useFakeTimers();
    const small = images(12, 3), large = images(200, 8); // large: ~5 MB of heap
    setShrinkThreshold(DEFAULT_THRESHOLD);
    const ref = convolve(small, filter, { mode: 'same', axes: [0, 1], method: 'direct' });
    const smallHeap = heapSize();
    setShrinkThreshold(2 * 1024 * 1024);
    const out = convolve(large, filter, { mode: 'same', axes: [0, 1], method: 'direct' });
    // Interior point: the 3x3 box sum of the input around it.
    let box = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) box += large.data[((100 + dy) * 200 + 100 + dx) * 8 + 5]!;
    expect(out.data[(100 * 200 + 100) * 8 + 5]).toBe(box);
    const largeHeap = heapSize();
    expect(largeHeap).toBeGreaterThan(2 * 1024 * 1024);
    const largeMemory = runtime().memory;
    // A second large call right away reuses the large heap ...
    convolve(large, filter, { mode: 'same', axes: [0, 1], method: 'direct' });
    expect(heapSize()).toBe(largeHeap);
    expect(runtime().memory).toBe(largeMemory);
    // ... and once the caller is idle the instance and its memory are dropped.
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    expect(heapSize()).toBe(0);
    const again = convolve(small, filter, { mode: 'same', axes: [0, 1], method: 'direct' });
    expect(heapSize()).toBeGreaterThan(0);
    expect(heapSize()).toBeLessThanOrEqual(smallHeap);
    expect(Array.from(again.data)).toEqual(Array.from(ref.data));
  });
});
