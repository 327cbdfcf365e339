// A/B helper for single rows of the seed table: times convolve(X, Y, {mode: 'valid', axes})
// for each method x thread count, interleaved in one process, with earlier results
// freed before every call (freeEarlierResults in bench/lib/timing.ts, so freed results
// are reused instead of fresh, slow-to-fault pages), and prints median/min milliseconds.
//
//   node --expose-gc --import tsx bench/seed-rows.ts S,N,K [SSN,NSS] [auto,direct,fft,oa] [1,2] [reps]
//   NOGC=1 ... skips the freeing (page-fault lottery included).
import { convolve } from '../src/index.js';
import { seededArray } from './lib/random-array.js';
import { canFreeResults, timeInterleaved } from './lib/timing.js';

const [S, N, K] = (process.argv[2] ?? '100,5,11').split(',').map(Number) as [number, number, number];
const layouts = (process.argv[3] ?? 'SSN,NSS').split(',');
const methods = (process.argv[4] ?? 'auto,direct,fft,oa').split(',') as ('auto' | 'direct' | 'fft' | 'oa')[];
const threadCounts = (process.argv[5] ?? '1,2').split(',').map(Number);
const reps = Number(process.argv[6] ?? 30);
const freeResults = !process.env.NOGC;
if (freeResults && !canFreeResults) console.warn('run with node --expose-gc for reused result pages');

for (const layout of layouts) {
  const shape = layout === 'SSN' ? [S, S, N] : [N, S, S];
  const axes = layout === 'SSN' ? [0, 1] : [1, 2];
  const x = seededArray(shape, 'float64', 1), y = seededArray([K, K], 'float64', 2);
  const calls: Record<string, () => unknown> = {};
  for (const method of methods) {
    for (const threads of threadCounts) calls[`${method}/t${threads}`] = () => convolve(x, y, { mode: 'valid', axes, method, threads });
  }
  // Exactly `reps` rounds, the order rotating every round.
  const { median, min } = await timeInterleaved(calls, { minRounds: reps, maxRounds: reps, freeResults });
  console.log(`(${S},${N},${K}) ${layout} median/min ms: ` + Object.keys(calls).map((n) => `${n} ${median[n]!.toFixed(3)}/${min[n]!.toFixed(3)}`).join('  '));
}
