// The waiting side of a fed job (src/threads/feed.ts): the calling thread copies the
// input into the heap in steps while workers already compute, and after each step
// stores how many bytes of it are in (a u32 that only grows; all ones once the copy
// has ended or failed) and wakes the waiters.

/** Looks at the count this many times before sleeping on it (a copy step takes ~30 us). */
const SPINS = 1000;
/** Longest sleep between looks (ns), in case a wake-up is missed. */
const NAP_NS: i64 = 200_000;

/**
 * Waits until the count at `ready` reaches `need` bytes and returns the count seen:
 * spins briefly, then sleeps on the word, leaving the core to the copy. Builds without
 * threads (private memory: no workers, the copy runs first) return at once.
 */
// @ts-ignore: decorator
@inline
export function awaitBytes(ready: usize, need: usize): usize {
  if (!ASC_FEATURE_THREADS) return <usize>u32.MAX_VALUE;
  let seen = atomic.load<u32>(ready), spins = 0;
  while (<usize>seen < need) {
    if (++spins > SPINS) memory.atomic.wait32(ready, <i32>seen, NAP_NS);
    seen = atomic.load<u32>(ready);
  }
  return <usize>seen;
}
