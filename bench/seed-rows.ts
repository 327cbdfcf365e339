// A/B helper for single rows of the seed table: times convolve(X, Y, {mode: 'valid', axes})
// for each method x thread count, interleaved in one process, with a full GC and a
// 10 ms pause before every timed call (so freed results are reused instead of fresh,
// slow-to-fault pages; see bench/lib/timing.ts), and prints median/min milliseconds.
//
//   node --expose-gc --import tsx bench/seed-rows.ts S,N,K [SSN,NSS] [auto,direct,fft,oa] [1,2] [reps]
//   NOGC=1 ... skips the GC and the pause (page-fault lottery included).
import { array, convolve } from '../src/index.js';

const [S, N, K] = (process.argv[2] ?? '100,5,11').split(',').map(Number) as [number, number, number];
const layouts = (process.argv[3] ?? 'SSN,NSS').split(',');
const methods = (process.argv[4] ?? 'auto,direct,fft,oa').split(',') as ('auto' | 'direct' | 'fft' | 'oa')[];
const threadCounts = (process.argv[5] ?? '1,2').split(',').map(Number);
const reps = Number(process.argv[6] ?? 30);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc && !process.env.NOGC) console.warn('run with node --expose-gc for reused result pages');

/** Deterministic data in [-0.5, 0.5) (Park-Miller). */
function data(n: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 16807) % 2147483647; a[i] = s / 2147483647 - 0.5; }
  return a;
}

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1]!;
for (const layout of layouts) {
  const shape = layout === 'SSN' ? [S, S, N] : [N, S, S];
  const axes = layout === 'SSN' ? [0, 1] : [1, 2];
  const x = array(data(S * S * N, 1), shape), y = array(data(K * K, 2), [K, K]);
  const names: string[] = [], calls: (() => unknown)[] = [];
  for (const method of methods) {
    for (const threads of threadCounts) {
      names.push(`${method}/t${threads}`);
      calls.push(() => convolve(x, y, { mode: 'valid', axes, method, threads }));
    }
  }
  const samples = names.map(() => [] as number[]);
  for (const call of calls) call();
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < calls.length; i++) {
      const j = (i + r) % calls.length; // rotate the order every round
      if (!process.env.NOGC) { gc?.(); await new Promise((done) => setTimeout(done, 10)); }
      const t0 = performance.now();
      calls[j]!();
      samples[j]!.push(performance.now() - t0);
    }
  }
  console.log(`(${S},${N},${K}) ${layout} median/min ms: ` + names.map((n, i) => `${n} ${median(samples[i]!).toFixed(3)}/${Math.min(...samples[i]!).toFixed(3)}`).join('  '));
}
