// A/B timing of fftconvolve between this checkout and another copy of convnd (a
// baseline, e.g. `git archive <commit> | tar -x -C /tmp/base` with node_modules linked
// and `node tools/build-wasm.mjs` run there), interleaved call by call in one process,
// one thread each: on a shared machine both sides see the same load. Reports the
// median and minimum wall time (ms) per case and the ratio of the medians.
//
// Usage: tsx bench/fft-ab.ts <baseline dir> [--only=substring] [--reps=N]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as current from '../src/index.js';
import * as currentNd from '../src/fft/real-nd.js';
import * as currentHeap from '../src/kernels/instance.js';
import { noise } from '../test/helpers/noise.js';
import { median } from './lib/timing.js';

interface Case { name: string; s1: number[]; s2: number[]; axes?: number[]; mode: 'same' | 'valid' | 'full' }

const cases: Case[] = [
  { name: '(50,100,100)*(1,31,31) axes 1,2', s1: [50, 100, 100], s2: [1, 31, 31], axes: [1, 2], mode: 'same' },
  { name: '(4,1000,1000)*(1,11,11) axes 1,2', s1: [4, 1000, 1000], s2: [1, 11, 11], axes: [1, 2], mode: 'same' },
  { name: '1e6 * 10001 taps', s1: [1_000_000], s2: [10_001], mode: 'same' },
  { name: '64^3 * 9^3', s1: [64, 64, 64], s2: [9, 9, 9], mode: 'same' },
  { name: '(100,100,5)*(11,11,1) valid', s1: [100, 100, 5], s2: [11, 11, 1], mode: 'valid' },
];

const args = process.argv.slice(2);
const baseDir = args.find((a) => !a.startsWith('--'));
if (!baseDir) throw new Error('usage: tsx bench/fft-ab.ts <baseline dir> [--only=..] [--reps=N]');
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const reps = Number(args.find((a) => a.startsWith('--reps='))?.slice(7) ?? 15);
const base = await import(pathToFileURL(resolve(baseDir, 'src/index.ts')).href) as typeof current;
const baseNd = await import(pathToFileURL(resolve(baseDir, 'src/fft/real-nd.ts')).href) as typeof currentNd;
const baseHeap = await import(pathToFileURL(resolve(baseDir, 'src/kernels/instance.ts')).href) as typeof currentHeap;

/** The engine alone: forward real FFT of `items` items of shape `lengths` already in the heap. */
function engine(nd: typeof currentNd, heapMod: typeof currentHeap, lengths: number[], items: number): () => void {
  const layout = new nd.SpectrumLayout(lengths, 'float64');
  return () => {
    const heap = new heapMod.HeapLayout();
    const { placed, write } = nd.reservePlans(heap, layout, 1);
    const ptr = heap.alloc(items * layout.itemBytes);
    heap.commit();
    write(heap.buffer);
    new Float64Array(heap.buffer, ptr, items * layout.itemStride).fill(0.5);
    const s = performance.now();
    nd.forwardItems(layout, placed, ptr, items, lengths);
    return performance.now() - s;
  };
}
const engineCases: { name: string; lengths: number[]; items: number }[] = [
  { name: 'engine rfftn 72^3', lengths: [72, 72, 72], items: 1 },
  { name: 'engine rfft 60000 x 20', lengths: [60000], items: 20 },
  { name: 'engine rfft 65536 x 20', lengths: [65536], items: 20 },
  { name: 'engine rfft 72 x 4096', lengths: [72], items: 4096 },
  { name: 'engine rfftn 1024x1024', lengths: [1024, 1024], items: 1 },
  { name: 'engine rfftn 120x120 x 50', lengths: [120, 120], items: 50 },
];
for (const c of engineCases.filter((x) => !only || x.name.includes(only))) {
  const fns = { base: engine(baseNd, baseHeap, c.lengths, c.items), new: engine(currentNd, currentHeap, c.lengths, c.items) };
  const times: Record<string, number[]> = { base: [], new: [] };
  for (let r = 0; r < reps * 4; r++) {
    for (const k of (r % 2 ? ['base', 'new'] : ['new', 'base']) as ('base' | 'new')[]) {
      for (let i = 0; i < 3; i++) (times[k] as number[]).push(fns[k]() as unknown as number);
    }
  }
  const mb = median(times.base!), mn = median(times.new!);
  console.log(`${c.name}: base ${mb.toFixed(3)} ms (min ${Math.min(...times.base!).toFixed(3)}) | new ${mn.toFixed(3)} ms (min ${Math.min(...times.new!).toFixed(3)}) | base/new ${(mb / mn).toFixed(2)}x | ${times.new!.length} calls each`);
}

const size = (s: number[]) => s.reduce((p, q) => p * q, 1);

for (const c of cases.filter((x) => !only || x.name.includes(only))) {
  const sides = { base, new: current };
  const outs: Record<string, Float64Array> = {};
  const times: Record<string, number[]> = { base: [], new: [] };
  const run = (lib: typeof current) => {
    const a = lib.array(noise(size(c.s1), 1), c.s1), b = lib.array(noise(size(c.s2), 2), c.s2);
    return () => lib.fftconvolve(a, b, { mode: c.mode, axes: c.axes, threads: 1 }).data as Float64Array;
  };
  const fns = { base: run(base), new: run(current) };
  for (const k of ['base', 'new'] as const) { outs[k] = fns[k](); fns[k](); }
  let maxDiff = 0, maxAbs = 0;
  for (let i = 0; i < outs.base!.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(outs.base![i]! - outs.new![i]!));
    maxAbs = Math.max(maxAbs, Math.abs(outs.base![i]!));
  }
  const t0 = performance.now(); fns.new(); const once = performance.now() - t0;
  const inner = Math.max(1, Math.min(20, Math.round(40 / once)));
  for (let r = 0; r < reps; r++) {
    for (const k of (r % 2 ? ['base', 'new'] : ['new', 'base']) as ('base' | 'new')[]) {
      for (let i = 0; i < inner; i++) {
        const s = performance.now();
        fns[k]();
        times[k]!.push(performance.now() - s);
      }
    }
  }
  void sides;
  const mb = median(times.base!), mn = median(times.new!);
  console.log(`${c.name}: base ${mb.toFixed(2)} ms (min ${Math.min(...times.base!).toFixed(2)}) | new ${mn.toFixed(2)} ms (min ${Math.min(...times.new!).toFixed(2)}) | base/new ${(mb / mn).toFixed(2)}x | ${times.new!.length} calls each | max |diff| ${maxDiff.toExponential(1)} of max ${maxAbs.toFixed(1)}`);
}
