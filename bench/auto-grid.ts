// Checks method 'auto' against the fastest forced method on a grid of shapes
// (`npm run bench:auto`): 1-D, 2-D, 3-D, batched, K from 1 to 63, batches 1 to 500,
// both layouts, float32 and float64. Target (issue 5): auto within 15% of the fastest
// method on at least 90% of the grid and never more than 2x slower.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseConvMethod, convolve, type DType } from '../src/index.js';
import { machineDescription } from './lib/machine.js';
import { Progress } from './lib/progress.js';
import { timeInterleaved } from './lib/timing.js';
import { seededArray as fill } from './lib/random-array.js';

interface Case {
  name: string;
  x: number[];
  k: number[];
  axes?: number[];
  mode: 'full' | 'same' | 'valid';
  dtype: DType;
}

function c(name: string, x: number[], k: number[], mode: Case['mode'], dtype: DType, axes?: number[]): Case {
  return axes ? { name, x, k, axes, mode, dtype } : { name, x, k, mode, dtype };
}

/** The grid: every regime the seed's user and CNN users meet. */
export const GRID: Case[] = [
  // 1-D signals
  c('1d n=1e4 K=1', [10_000], [1], 'full', 'float64'),
  c('1d n=1e4 K=7', [10_000], [7], 'same', 'float64'),
  c('1d n=1e4 K=63', [10_000], [63], 'valid', 'float32'),
  c('1d n=2e5 K=31', [200_000], [31], 'same', 'float32'),
  c('1d n=1e6 K=15', [1_000_000], [15], 'full', 'float64'),
  c('1d n=1e6 K=63', [1_000_000], [63], 'same', 'float64'),
  c('1d n=3e3 K=3000', [3_000], [3_000], 'full', 'float64'),
  // batched 1-D
  c('1d batch (500,2000) K=31', [500, 2000], [31], 'same', 'float64', [1]),
  c('1d batch (2000,64) K=9 batch-inner', [2000, 64], [9], 'valid', 'float32', [0]),
  c('1d batch (100,10000) K=63', [100, 10_000], [63], 'valid', 'float32', [1]),
  c('1d batch (8,100000) K=5', [8, 100_000], [5], 'full', 'float64', [1]),
  // 2-D single images
  c('2d 64x64 K=3', [64, 64], [3, 3], 'same', 'float64'),
  c('2d 64x64 K=31', [64, 64], [31, 31], 'full', 'float64'),
  c('2d 256x256 K=1', [256, 256], [1, 1], 'same', 'float64'),
  c('2d 256x256 K=3', [256, 256], [3, 3], 'same', 'float32'),
  c('2d 256x256 K=11', [256, 256], [11, 11], 'valid', 'float64'),
  c('2d 256x256 K=31', [256, 256], [31, 31], 'same', 'float32'),
  c('2d 256x256 K=63', [256, 256], [63, 63], 'same', 'float64'),
  c('2d 1024x1024 K=3', [1024, 1024], [3, 3], 'same', 'float64'),
  c('2d 1024x1024 K=7', [1024, 1024], [7, 7], 'valid', 'float32'),
  c('2d 1024x1024 K=15', [1024, 1024], [15, 15], 'same', 'float64'),
  c('2d 1024x1024 K=31', [1024, 1024], [31, 31], 'same', 'float32'),
  c('2d 1024x1024 K=63', [1024, 1024], [63, 63], 'valid', 'float64'),
  c('2d 500x300 K=5x21', [500, 300], [5, 21], 'full', 'float64'),
  // batched 2-D, batch innermost (S, S, N)
  c('2d SSN (32,32,500) K=3', [32, 32, 500], [3, 3], 'valid', 'float64', [0, 1]),
  c('2d SSN (100,100,50) K=5', [100, 100, 50], [5, 5], 'valid', 'float64', [0, 1]),
  c('2d SSN (100,100,50) K=11', [100, 100, 50], [11, 11], 'valid', 'float64', [0, 1]),
  c('2d SSN (100,100,50) K=31', [100, 100, 50], [31, 31], 'valid', 'float64', [0, 1]),
  c('2d SSN (128,128,16) K=7', [128, 128, 16], [7, 7], 'same', 'float32', [0, 1]),
  c('2d SSN (64,64,200) K=15', [64, 64, 200], [15, 15], 'same', 'float32', [0, 1]),
  // batched 2-D, batch outermost (N, S, S)
  c('2d NSS (500,32,32) K=5', [500, 32, 32], [5, 5], 'same', 'float32', [1, 2]),
  c('2d NSS (50,100,100) K=11', [50, 100, 100], [11, 11], 'valid', 'float64', [1, 2]),
  c('2d NSS (50,100,100) K=31', [50, 100, 100], [31, 31], 'valid', 'float64', [1, 2]),
  c('2d NSS (16,256,256) K=15', [16, 256, 256], [15, 15], 'same', 'float32', [1, 2]),
  c('2d NSS (4,512,512) K=63', [4, 512, 512], [63, 63], 'same', 'float64', [1, 2]),
  c('2d NSS (200,28,28) K=1', [200, 28, 28], [1, 1], 'valid', 'float32', [1, 2]),
  c('2d NSS (10,200,200) K=41', [10, 200, 200], [41, 41], 'full', 'float32', [1, 2]),
  // 3-D volumes
  c('3d 32^3 K=3', [32, 32, 32], [3, 3, 3], 'same', 'float64'),
  c('3d 64^3 K=5', [64, 64, 64], [5, 5, 5], 'same', 'float32'),
  c('3d 64^3 K=9', [64, 64, 64], [9, 9, 9], 'same', 'float64'),
  c('3d 48^3 K=15', [48, 48, 48], [15, 15, 15], 'valid', 'float64'),
  c('3d 24^3 K=23', [24, 24, 24], [23, 23, 23], 'full', 'float32'),
  c('3d batch (8,32,32,32) K=3', [8, 32, 32, 32], [3, 3, 3], 'valid', 'float64', [1, 2, 3]),
  c('3d batch (32,32,32,6) K=7', [32, 32, 32, 6], [7, 7, 7], 'same', 'float32', [0, 1, 2]),
  c('3d 100x100x10 K=11x11x1', [100, 100, 10], [11, 11, 1], 'same', 'float64'),
];


const METHODS = ['direct', 'fft', 'oa'] as const;

async function main(): Promise<void> {
  const rows = [];
  const progress = new Progress(GRID.length, 'auto grid');
  for (const [i, cs] of GRID.entries()) {
    const x = fill(cs.x, cs.dtype, 17 + i), k = fill(cs.k, cs.dtype, 99 + i);
    const opts = cs.axes ? { mode: cs.mode, axes: cs.axes } : { mode: cs.mode };
    // Interleaved rounds: no method systematically pays for a noisy moment or for
    // memory that an earlier one left to be faulted in.
    const { median: times, min: minTimes } = await timeInterleaved(
      Object.fromEntries([...METHODS, 'auto'].map((method) => [method, () => convolve(x, k, { ...opts, method: method as typeof METHODS[number] | 'auto' })])),
      { minRounds: 5, maxRounds: 21, budgetMs: 1500, freeResults: true },
    );
    const chose = chooseConvMethod(x, k, opts);
    const fastest = METHODS.reduce((best, m) => (times[m]! < times[best]! ? m : best), METHODS[0] as (typeof METHODS)[number]);
    // auto's cost is the time of the method it chose (auto's own time is noisier).
    const ratio = times[chose]! / times[fastest]!;
    // The same on each method's fastest call: a fresh-page or noisy call adds time to
    // one method's median that says nothing about the choice.
    const fastestOfMins = METHODS.reduce((best, m) => (minTimes[m]! < minTimes[best]! ? m : best), METHODS[0] as (typeof METHODS)[number]);
    const ratioOfMins = minTimes[chose]! / minTimes[fastestOfMins]!;
    rows.push({ ...cs, times, minTimes, chose, fastest, ratio, ratioOfMins, autoMs: times.auto });
    progress.step(cs.name);
  }
  progress.finish();
  const within = rows.filter((r) => r.ratio <= 1.15).length;
  const worst = rows.reduce((w, r) => (r.ratio > w.ratio ? r : w), rows[0]!);
  const withinOfMins = rows.filter((r) => r.ratioOfMins <= 1.15).length;
  const worstOfMins = rows.reduce((w, r) => (r.ratioOfMins > w.ratioOfMins ? r : w), rows[0]!);
  for (const r of rows) {
    const t = METHODS.map((m) => `${m} ${r.times[m]!.toFixed(2)}`).join('  ');
    console.log(`${r.name.padEnd(36)} ${t.padEnd(48)} auto→${r.chose.padEnd(6)} fastest ${r.fastest.padEnd(6)} x${r.ratio.toFixed(2)} (of mins x${r.ratioOfMins.toFixed(2)})`);
  }
  const summary = {
    cases: rows.length,
    within15Percent: within,
    fractionWithin15Percent: within / rows.length,
    worstRatio: worst.ratio,
    worstCase: worst.name,
    fastestCalls: { within15Percent: withinOfMins, worstRatio: worstOfMins.ratioOfMins, worstCase: worstOfMins.name },
  };
  console.log(`\nauto within 15% of the fastest method on ${within}/${rows.length} cases (${(100 * summary.fractionWithin15Percent).toFixed(0)}%); worst x${worst.ratio.toFixed(2)} (${worst.name})`);
  console.log(`on each method's fastest call: within 15% on ${withinOfMins}/${rows.length} (${(100 * withinOfMins / rows.length).toFixed(0)}%); worst x${worstOfMins.ratioOfMins.toFixed(2)} (${worstOfMins.name})`);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `auto-grid-${new Date().toISOString().slice(0, 16).replace(':', '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: machineDescription(), summary, rows }, null, 2));
  console.log(`saved ${file}`);
}

await main();
