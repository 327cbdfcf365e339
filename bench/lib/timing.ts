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

/**
 * Collects garbage when node runs with --expose-gc (else does nothing): freed results
 * are then reused by glibc for the next one instead of fresh, slow-to-touch pages.
 */
export function collectGarbageIfExposed(): void {
  (globalThis as { gc?: () => void }).gc?.();
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
 * Each is called once untimed first. Returns the median milliseconds of each.
 */
export function timeInterleaved(
  contenders: Record<string, () => unknown>, { minRounds = 3, maxRounds = 25, budgetMs = 4000, collectGarbage = false } = {},
): Record<string, number> {
  // With collectGarbage (node --expose-gc), earlier results are freed before every timed
  // call, so glibc reuses their memory instead of handing out fresh pages at random.
  const gc = collectGarbage ? collectGarbageIfExposed : undefined;
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) contenders[n]!();
  const start = performance.now();
  for (let round = 0; round < maxRounds; round++) {
    if (round >= minRounds && performance.now() - start > budgetMs) break;
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      gc?.();
      const t0 = performance.now();
      contenders[name]!();
      samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]));
}
