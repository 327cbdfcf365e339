// How much of a call is the "cold" state the benchmarks time it in. Every benchmark
// collects garbage and pauses before each call (freeEarlierResults), to free earlier
// results as Python does; this times the same calls three ways, interleaved:
//   after-gc     gc, then 10 ms: what the benchmarks measure;
//   after-other  the same, then one tiny call of the same function on other shapes
//                (untimed): warms the library's JavaScript, not this call's data;
//   repeat       the same, then this very call once (untimed).
// after-other recovers most of the gap, so the cold cost is the JavaScript path (code
// and metadata evicted by the collection), not the data or the kernel. On small calls
// `repeat` warms it too; on large ones it does not: the call's own data traffic evicts
// the path again, so large calls run it cold in real use as well.
//
//   node --expose-gc --import tsx bench/cold-call.ts [rounds]
import { convolve, ndimage, zeros } from '../src/index.js';
import { seededArray } from './lib/random-array.js';
import { canFreeResults, freeEarlierResults, median } from './lib/timing.js';

interface Case { name: string; call: () => unknown; other: () => unknown }

const batch = seededArray([5, 100, 100], 'float64', 1), k11 = seededArray([11, 11], 'float64', 2);
const tinyBatch = seededArray([1, 12, 12], 'float64', 3), k3 = seededArray([3, 3], 'float64', 4);
const image = seededArray([1000, 1000], 'float64', 5), k5 = seededArray([5, 5], 'float64', 6);
const tinyImage = seededArray([12, 12], 'float64', 7);
const stack = seededArray([100, 100, 50], 'float64', 8), k11x1 = seededArray([11, 11, 1], 'float64', 9);
const tinyStack = seededArray([12, 12, 3], 'float64', 10), k3x1 = seededArray([3, 3, 1], 'float64', 11);
const imageOut = zeros([1000, 1000], 'float64'), stackOut = zeros([100, 100, 50], 'float64');

const signalCase = (method: 'direct' | 'fft'): Case => ({
  name: `convolve (5,100,100)*11x11 valid, ${method}`,
  call: () => convolve(batch, k11, { mode: 'valid', axes: [1, 2], method }),
  other: () => convolve(tinyBatch, k3, { mode: 'valid', axes: [1, 2], method }),
});
const cases: Case[] = [
  signalCase('direct'),
  signalCase('fft'),
  { name: 'ndimage.convolve 1000^2*5x5 into out', call: () => ndimage.convolve(image, k5, { out: imageOut }), other: () => ndimage.convolve(tinyImage, k3) },
  { name: 'ndimage.convolve (100,100,50)*11x11x1 into out', call: () => ndimage.convolve(stack, k11x1, { out: stackOut }), other: () => ndimage.convolve(tinyStack, k3x1) },
];

if (!canFreeResults) console.warn('run with node --expose-gc: without it there is no collection to measure after');
const rounds = Number(process.argv[2] ?? 40);
for (const c of cases) {
  const states: Record<string, (() => unknown) | null> = { 'after-gc': null, 'after-other': c.other, repeat: c.call };
  const samples: Record<string, number[]> = { 'after-gc': [], 'after-other': [], repeat: [] };
  c.call();
  for (let round = 0; round < rounds; round++) {
    for (const [state, before] of Object.entries(states)) {
      await freeEarlierResults();
      before?.();
      const t0 = performance.now();
      c.call();
      samples[state]!.push(performance.now() - t0);
    }
  }
  const ms = Object.fromEntries(Object.entries(samples).map(([s, xs]) => [s, median(xs)]));
  console.log(`${c.name}: median ms ` + Object.entries(ms).map(([s, m]) => `${s} ${m.toFixed(3)}`).join(', ')
    + `; cold JavaScript path (after-gc - after-other) ${(ms['after-gc']! - ms['after-other']!).toFixed(3)} ms`);
}
