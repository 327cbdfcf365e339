// A/B timing of the issue-6 ndimage cases: a base source tree against this one,
// interleaved in one process (base, this, base, this, ...), medians and minimums of
// wall time. Both trees run their own Wasm runtime and worker pool.
//
//   git worktree add /tmp/base <base-commit> && (cd /tmp/base && npm ci)
//   BASE_SRC=/tmp/base/src node --expose-gc --import tsx bench/ab-ndimage.ts [case regex]
//
// Env: BENCH_REPS (default 21), THREADS (default: every core), PAUSE=1 (free results as
// the benchmarks do: collect, then 10 ms; default: collect only), ALL=1 (print every
// sample). On a machine shared with other jobs, 2-thread figures mostly show how often
// the second core was free; a short run under `chrt -f 1` (real-time priority, ahead of
// the other jobs) gave figures close to the idle machine's on the 2-core VM (it delays
// the others meanwhile).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as thisTree from '../src/index.js';
import { freeEarlierResults, median } from './lib/timing.js';

type Library = typeof thisTree;
const baseDir = process.env.BASE_SRC;
if (!baseDir) throw new Error('set BASE_SRC to the src directory of the base tree');
const base = (await import(pathToFileURL(join(baseDir, 'index.ts')).href)) as Library;
const REPS = Number(process.env.BENCH_REPS ?? 21);
const threads = process.env.THREADS ? Number(process.env.THREADS) : undefined;

/** Deterministic uniform [0, 1) numbers. */
function random(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

function cases(L: Library): Record<string, () => unknown> {
  const img = L.array(random(4e6, 1), [2000, 2000]), out = L.zeros([2000, 2000]);
  const img1k = L.array(random(1e6, 2), [1000, 1000]), out1k = L.zeros([1000, 1000]);
  const k5 = L.array(random(25, 3), [5, 5]);
  const stack = L.array(random(5e5, 4), [100, 100, 50]), outS = L.zeros([100, 100, 50]);
  const k11 = L.array(random(121, 5), [11, 11, 1]);
  const nd = L.ndimage;
  return {
    'convolve-stack-random': () => nd.convolve(stack, k11, { threads }),
    'convolve-stack-random+out': () => nd.convolve(stack, k11, { out: outS, threads }),
    'convolve-1000-5x5-random': () => nd.convolve(img1k, k5, { threads }),
    'convolve-1000-5x5-random+out': () => nd.convolve(img1k, k5, { out: out1k, threads }),
    'gaussian-2000-sigma3': () => nd.gaussianFilter(img, 3, { threads }),
    'gaussian-2000-sigma3+out': () => nd.gaussianFilter(img, 3, { out, threads }),
    'uniform-2000-size31': () => nd.uniformFilter(img, 31, { threads }),
    'uniform-2000-size31+out': () => nd.uniformFilter(img, 31, { out, threads }),
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const a = cases(base), b = cases(thisTree);
const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
for (const name of Object.keys(a)) {
  if (only && !only.test(name)) continue;
  a[name]!(); b[name]!();
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < REPS; r++) {
    for (const [run, times] of [[a[name]!, ta], [b[name]!, tb]] as const) {
      if (process.env.PAUSE) await freeEarlierResults();
      else gc();
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
  }
  const f = (x: number) => x.toFixed(2).padStart(6);
  const sorted = (xs: number[]) => [...xs].sort((p, q) => p - q).map((x) => x.toFixed(1)).join(' ');
  if (process.env.ALL) console.log(`base ${sorted(ta)}\nthis ${sorted(tb)}`);
  console.log(`${name.padEnd(30)} base med ${f(median(ta))} min ${f(Math.min(...ta))} | this med ${f(median(tb))} min ${f(Math.min(...tb))} | this/base med ${(median(tb) / median(ta)).toFixed(2)} min ${(Math.min(...tb) / Math.min(...ta)).toFixed(2)}`);
}
