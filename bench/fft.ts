// `npm run bench:fft`: convnd's FFT engine and fftconvolve/oaconvolve side by side with
// numpy.fft / scipy.fft and SciPy's fftconvolve / oaconvolve (python3 subprocess), in
// one run, interleaved call by call (a round runs every contender a few times, in an
// order that rotates from round to round, each batch after one untimed warm-up call:
// whoever runs first after the other process was busy pays for cold caches and
// re-faulted memory). One thread each, plus convnd fftconvolve on 2 threads. Each call records wall-clock time and process CPU time: on a shared,
// oversubscribed machine the CPU time is the steadier measure of the work done, so the
// ratios are reported for both. Medians over all calls; the result (with the machine's
// description) goes to bench/results/fft-<date>.json, with a bar chart of the CPU times
// next to it (.svg).
//
// Options: --quick (shorter budget), --only=<substring of case names>.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, fftconvolve, oaconvolve, type NDArray } from '../src/index.js';
import { rfftnDense } from '../src/fft/dense.js';
import { forwardItems, reservePlans, SpectrumLayout } from '../src/fft/real-nd.js';
import { HeapLayout, kernelFlavour } from '../src/kernels/instance.js';
import { noise } from '../test/helpers/noise.js';
import { groupedBarChartSvg } from './lib/svg-chart.js';
import { canFreeResults, freeEarlierResults } from './lib/timing.js';

interface Case {
  kind: 'rfft' | 'conv';
  s1: number[];
  s2?: number[];
  axes?: number[];
  mode?: 'same';
  dtype: 'float64';
  /** Target of issue 4: convnd fftconvolve >= 1.5x faster than the better SciPy peer. */
  target?: boolean;
}

const cases: Record<string, Case> = {
  'rfft n=128': { kind: 'rfft', s1: [128], dtype: 'float64' },
  'rfft n=1024': { kind: 'rfft', s1: [1024], dtype: 'float64' },
  'rfft2 128x128': { kind: 'rfft', s1: [128, 128], dtype: 'float64' },
  'rfft2 1024x1024': { kind: 'rfft', s1: [1024, 1024], dtype: 'float64' },
  'conv (50,100,100)*(1,31,31) axes 1,2': { kind: 'conv', s1: [50, 100, 100], s2: [1, 31, 31], axes: [1, 2], mode: 'same', dtype: 'float64', target: true },
  'conv (4,1000,1000)*(1,11,11) axes 1,2': { kind: 'conv', s1: [4, 1000, 1000], s2: [1, 11, 11], axes: [1, 2], mode: 'same', dtype: 'float64', target: true },
  'conv 1e6 * 10001 taps': { kind: 'conv', s1: [1_000_000], s2: [10_001], mode: 'same', dtype: 'float64', target: true },
  'conv 64^3 * 9^3': { kind: 'conv', s1: [64, 64, 64], s2: [9, 9, 9], mode: 'same', dtype: 'float64', target: true },
  // Overlap-add's worst case: SciPy's block lengths cut the signal into ~12k short blocks.
  'conv 1e6 * 15 taps': { kind: 'conv', s1: [1_000_000], s2: [15], mode: 'same', dtype: 'float64' },
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
/** Per-case time budget (seconds of wall clock) and bounds on the number of rounds. */
const budget = quick ? 4 : 15;
const minRounds = quick ? 3 : 7, maxRounds = 40;


const size = (shape: number[]) => shape.reduce((p, q) => p * q, 1);

/** Checks a few output points of a 'same' convolution against direct sums. */
function checkSame(c: Case, a: NDArray, b: NDArray, out: NDArray): void {
  const ndim = c.s1.length;
  const axes = c.axes ?? c.s1.map((_, i) => i);
  for (let t = 0; t < 3; t++) {
    const idx = c.s1.map((n, d) => Math.floor(((t + 1) * 0.29 * n + d) % n));
    let sum = 0;
    const kIdx = new Array<number>(ndim).fill(0);
    const kSize = size(c.s2!);
    for (let j = 0; j < kSize; j++) {
      let rest = j, ia = 0, ok = true, strideA = 1;
      for (let d = ndim - 1; d >= 0; d--) {
        kIdx[d] = rest % c.s2![d]!; rest = Math.floor(rest / c.s2![d]!);
      }
      for (let d = ndim - 1; d >= 0; d--) {
        const shift = axes.includes(d) ? Math.floor((c.s2![d]! - 1) / 2) : 0;
        const i = axes.includes(d) ? idx[d]! + shift - kIdx[d]! : idx[d]!;
        if (i < 0 || i >= c.s1[d]!) { ok = false; break; }
        ia += i * strideA; strideA *= c.s1[d]!;
      }
      if (ok) sum += a.data[ia]! * b.data[j]!;
    }
    let io = 0, st = 1;
    for (let d = ndim - 1; d >= 0; d--) { io += idx[d]! * st; st *= out.shape[d]!; }
    const scale = Math.sqrt(kSize) * 4;
    if (Math.abs(out.data[io]! - sum) > 1e-9 * scale) throw new Error(`bench result check failed at [${idx}]: ${out.data[io]} vs ${sum}`);
  }
}

interface Runner {
  label: string;
  /** Untimed setup before each timed call. */
  prepare?: () => void;
  run: () => void;
}

/**
 * The engine alone: a forward transform of data already in the Wasm heap (what the
 * convolution paths run), without the copies and result arrays of rfftnDense.
 */
function engineRunner(c: Case, x: Float64Array): Runner {
  const layout = new SpectrumLayout(c.s1, 'float64');
  let ptr = 0;
  let placedPlans: ReturnType<typeof reservePlans>['placed'] | null = null;
  return {
    label: 'convnd engine (in heap)',
    prepare: () => {
      // Other runners reuse the heap from its base, so lay out plans and data each time.
      const heap = new HeapLayout();
      const { placed, write } = reservePlans(heap, layout, 1);
      ptr = heap.alloc(layout.itemBytes);
      heap.commit();
      write(heap.buffer);
      const view = new Float64Array(heap.buffer, ptr, layout.itemStride);
      const rowLen = c.s1[c.s1.length - 1]!;
      for (let r = 0; r < layout.rowsPerItem; r++) view.set(x.subarray(r * rowLen, (r + 1) * rowLen), r * layout.rowStride);
      placedPlans = placed;
    },
    run: () => forwardItems(layout, placedPlans!, ptr, 1, c.s1),
  };
}

function convndRunner(name: string, c: Case): Runner[] {
  const a = array(noise(size(c.s1), 1), c.s1);
  if (c.kind === 'rfft') {
    return [
      { label: 'convnd rfftn', run: () => { rfftnDense(a.data, 1, c.s1, 'float64'); } },
      engineRunner(c, a.data as Float64Array),
    ];
  }
  const b = array(noise(size(c.s2!), 2), c.s2!);
  // One thread for the comparison with SciPy (workers=1); the 2-thread row shows what
  // the worker pool adds.
  const opts = { mode: c.mode, axes: c.axes, threads: 1 };
  const opts2 = { ...opts, threads: 2 };
  const check = (out: NDArray) => { if (out.data.length !== a.data.length) throw new Error(`${name}: wrong output size`); };
  checkSame(c, a, b, fftconvolve(a, b, opts));
  checkSame(c, a, b, oaconvolve(a, b, opts));
  checkSame(c, a, b, fftconvolve(a, b, opts2));
  return [
    { label: 'convnd fftconvolve', run: () => check(fftconvolve(a, b, opts)) },
    { label: 'convnd oaconvolve', run: () => check(oaconvolve(a, b, opts)) },
    { label: 'convnd fftconvolve 2 threads', run: () => check(fftconvolve(a, b, opts2)) },
  ];
}

class Peer {
  private lines: AsyncIterableIterator<string>;
  private child;
  constructor() {
    const here = dirname(fileURLToPath(import.meta.url));
    this.child = spawn('python3', [join(here, 'fft_peer.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }
  async ask(req: object): Promise<any> {
    this.child.stdin.write(JSON.stringify(req) + '\n');
    const { value, done } = await this.lines.next();
    if (done) throw new Error('python peer exited');
    return JSON.parse(value);
  }
  close(): void { this.child.stdin.end(); }
}

const median = (xs: number[]) => { const s = [...xs].sort((p, q) => p - q); return s[Math.floor(s.length / 2)]!; };

async function main(): Promise<void> {
  const selected = Object.entries(cases).filter(([name]) => !only || name.includes(only));
  let peer: Peer | null = null;
  let versions: Record<string, string> = {};
  try {
    peer = new Peer();
    versions = (await peer.ask({ op: 'setup', cases: Object.fromEntries(selected) })).versions;
  } catch (e) {
    console.warn(`python3 peers unavailable (${(e as Error).message}); timing convnd only`);
    peer = null;
  }
  const results: Record<string, { wall: Record<string, number>; cpu: Record<string, number>; calls: number }> = {};
  const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  for (const [name, c] of selected) {
    const ours = convndRunner(name, c);
    const peers = c.kind === 'rfft' ? ['numpy.fft', 'scipy.fft'] : ['scipy.fftconvolve', 'scipy.oaconvolve'];
    // Calls per contender per round: about 50 ms of work, at most 50.
    const t0 = performance.now(); ours[0]!.run(); const once = (performance.now() - t0) / 1000;
    const iters = Math.max(1, Math.min(50, Math.round(0.05 / Math.max(once, 1e-6))));
    const wall: Record<string, number[]> = {}, cpu: Record<string, number[]> = {};
    const start = performance.now();
    let round = 0;
    const contenders: (Runner | string)[] = [...ours, ...(peer ? peers : [])];
    for (; round < maxRounds && (round < minRounds || performance.now() - start < budget * 1000); round++) {
      for (let j = 0; j < contenders.length; j++) {
        const who = contenders[(j + round) % contenders.length]!;
        if (typeof who === 'string') {
          const r = await peer!.ask({ op: 'time', case: name, peer: who, iters });
          (wall[who] ??= []).push(...r.seconds);
          (cpu[who] ??= []).push(...r.cpu);
          continue;
        }
        who.prepare?.();
        await freeEarlierResults(); // before the warm-up call too (see timeInterleaved)
        who.run(); // untimed warm-up call
        for (let i = 0; i < iters; i++) {
          who.prepare?.();
          // Free earlier results first (node --expose-gc), as Python does by reference
          // counting: glibc then reuses their pages instead of handing out fresh ones.
          await freeEarlierResults();
          const c0 = cpuNow(), s0 = performance.now();
          who.run();
          (wall[who.label] ??= []).push((performance.now() - s0) / 1000);
          (cpu[who.label] ??= []).push(cpuNow() - c0);
        }
      }
    }
    const med = (rec: Record<string, number[]>) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, median(v)]));
    results[name] = { wall: med(wall), cpu: med(cpu), calls: round * iters };
    for (const kind of ['wall', 'cpu'] as const) {
      const row = results[name]![kind];
      const bestPeer = Math.min(...peers.map((p) => row[p] ?? Infinity));
      const line = Object.entries(row).map(([k, v]) => `${k} ${(v * 1e3).toFixed(3)} ms`).join(' | ');
        const ratio = bestPeer / row[ours[0]!.label]!;
      const verdict = c.target ? (ratio >= 1.5 ? ' (target met)' : ' (target 1.5x NOT met)') : '';
      console.log(`${name} [${kind}, ${round * iters} calls each]: ${line} | best peer / ${ours[0]!.label} = ${ratio.toFixed(2)}x${verdict}`);
    }
  }
  peer?.close();
  const machine = {
    cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`, node: process.version, wasm: kernelFlavour(),
    loadAverageAtEnd: loadavg(), note: 'medians of interleaved calls, wall clock and process CPU time; see loadAverageAtEnd for other load', resultsFreedBetweenCalls: canFreeResults,
  };
  const out = { date: new Date().toISOString(), machine, peers: versions, cases: Object.fromEntries(selected), medianSeconds: results };
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fft-${out.date.slice(0, 16).replace(/[:T]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  const series = [...new Set(Object.values(results).flatMap((r) => Object.keys(r.cpu)))];
  const groups = Object.entries(results).map(([label, r]) => ({
    label: label.replace(/^conv /, '').replace(/ axes 1,2$/, ''),
    values: Object.fromEntries(Object.entries(r.cpu).map(([k, v]) => [k, v * 1e3])),
  }));
  writeFileSync(file.replace(/\.json$/, '.svg'), groupedBarChartSvg('FFT engine and fftconvolve vs numpy/SciPy: median process CPU time, ms, log scale (2 threads: CPU of both)', series, groups));
  console.log(`wrote ${file} and its .svg chart`);
}

await main();
