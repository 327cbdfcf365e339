// The feeding side of a fed pool job (KernelJob.feed): the calling thread copies the
// job's input into the heap in steps while workers already compute on what is in. After
// each step it stores the bytes copied so far in a heap word and wakes the waiters; the
// kernels wait on it with assembly/threads/feed.ts awaitBytes. The input is filled as a
// prefix, in slabs along its first axis.

/** Input bytes copied per step. */
export const FEED_STEP_BYTES = 1 << 18;

/**
 * Fills `slabs` slabs of `slabBytes` bytes each, in order, with fill(a, b) (slabs
 * [a, b)) in steps of about FEED_STEP_BYTES, storing b * slabBytes at ready[0] after
 * each step (read as unsigned by the kernels, so stored modulo 2^32). On an error the
 * count is set to all ones first, so the waiting workers finish and the job can be joined.
 */
export function feedInSteps(slabs: number, slabBytes: number, fill: (first: number, end: number) => void, ready: Int32Array): void {
  const step = Math.max(1, Math.floor(FEED_STEP_BYTES / slabBytes));
  try {
    for (let a = 0; a < slabs; a += step) {
      const b = Math.min(slabs, a + step);
      fill(a, b);
      Atomics.store(ready, 0, b * slabBytes);
      Atomics.notify(ready, 0);
    }
  } finally {
    Atomics.store(ready, 0, 0xffffffff);
    Atomics.notify(ready, 0);
  }
}
