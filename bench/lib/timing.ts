// Timing helpers for benchmarks: medians over adaptive repetitions.

export interface Timing {
  /** Median wall time of one call, milliseconds. */
  medianMs: number;
  /** Every measured repetition, milliseconds. */
  samplesMs: number[];
}

/**
 * Times `fn` after one warm-up call: at least `minReps` repetitions and until about
 * `budgetMs` has been spent (at most `maxReps`). Returns the median.
 */
export function timeIt(fn: () => unknown, { minReps = 3, maxReps = 25, budgetMs = 1500 } = {}): Timing {
  fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minReps || (samples.length < maxReps && performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { medianMs: median(samples), samplesMs: samples };
}

/** True when node runs with --expose-gc, so `freeEarlierResults` can do its job. */
export const canFreeResults = typeof (globalThis as { gc?: unknown }).gc === 'function';

/**
 * Frees earlier results before a timed call, as Python does at once by reference
 * counting: collects garbage (node --expose-gc; else does nothing), then lets 10 ms
 * pass, because V8 frees the backing stores of dead ArrayBuffers on a background thread
 * after the collection returns. glibc then mostly reuses their memory for the next result
 * instead of handing out fresh pages, whose first touch costs ~20 us per 4 KiB on this
 * VM (a 32 MB result: ~190 ms). Without the pause, fftconvolve on (4,1000,1000) took 50
 * or 200 ms at random. The pause spins rather than sleeps: after a 10 ms sleep a
 * sub-millisecond call ran ~25% slower (cold core), and SciPy's calls run back to back.
 */
export async function freeEarlierResults(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  const end = performance.now() + 10;
  while (performance.now() < end) { /* spin: keep this core awake */ }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function geometricMean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((acc, x) => acc + Math.log(x), 0) / xs.length);
}

/**
 * Times several contenders in interleaved rounds (the order rotates every round), so
 * that none of them systematically pays for warm-up, memory growth or a noisy moment.
 * Each is called once untimed first. Returns the median and the fastest milliseconds of each.
 */
export async function timeInterleaved(
  contenders: Record<string, () => unknown>, { minRounds = 3, maxRounds = 25, budgetMs = 4000, freeResults = false } = {},
): Promise<{ median: Record<string, number>; min: Record<string, number> }> {
  // With freeResults (node --expose-gc), earlier results are freed before every timed
  // call (outside the timed region), so glibc reuses their memory instead of handing out
  // fresh pages at random. The budget counts only timed calls.
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) {
    // Warm-up calls too: results freed one at a time, never two 32 MB ones at once (glibc
    // then returns the memory to the system and the next result faults fresh pages).
    if (freeResults) await freeEarlierResults();
    contenders[n]!();
  }
  let spent = 0;
  for (let round = 0; round < maxRounds; round++) {
    if (round >= minRounds && spent > budgetMs) break;
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      if (freeResults) await freeEarlierResults();
      const t0 = performance.now();
      contenders[name]!();
      const ms = performance.now() - t0;
      samples[name]!.push(ms);
      spent += ms;
    }
  }
  return {
    median: Object.fromEntries(names.map((n) => [n, median(samples[n]!)])),
    min: Object.fromEntries(names.map((n) => [n, Math.min(...samples[n]!)])),
  };
}
