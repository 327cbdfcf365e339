// npm run bench:direct: GFLOP/s of the direct convolution kernels and of the public call.
//
// For each (S, N, K), dtype, batch layout ((S, S, N) with axes [0, 1]; (N, S, S) with
// axes [1, 2]) and Wasm flavour (plain SIMD, relaxed SIMD) it measures
// - kernel:  the SIMD row kernel alone on the packed problem (no copies);
// - scalar:  its scalar twin on a slice of the rows (for scale only);
// - public:  convolve(X, Y, {mode: 'valid', axes, method: 'direct', threads: 1}),
//            copies, allocation and result included;
// - first-touch: allocating a fresh result-sized typed array and writing it once, which
//            every call pays for its result (on this VM a first touch of fresh memory
//            costs ~10 us per 4 KiB page, so this is a large share of `public`).
// Every timing is a median over repetitions, interleaved across layouts and dtypes (and
// flavours alternating in two passes), in
// wall-clock time and in process CPU time (the machine is shared: CPU time excludes the
// time this process was descheduled, so it is the better single-core figure).
// - kernel-full/kernel-same: the kernel alone on the zero-padded full/same problem (the
//            GFLOP/s count only products with a non-zero input, as public-full/same do,
//            so the drop from `kernel` is the share a separate border path could save).
// The grid is 2-D; 1-D (S = signal length) and 3-D (S^3 volumes) cases follow,
// with the batch axis last (SSN) or first (NSS) in the same way.
// FLOPs = 2 * (S - K + 1)^rank * N * K^rank (one multiply and one add per tap).
// Results go to bench/results/direct-<timestamp>.json with the machine description.
//
// Usage: npm run bench:direct [-- --quick | --target]
//   --quick: fewer repetitions, no S = 1000; --target: only the target case
//   (100, 50, 11), 21 repetitions.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { convolve } from '../src/index.js';
import { packDirect } from '../src/conv/direct.js';
import { canShareMemory, runs } from '../src/kernels/binary.js';
import { useFlavour } from '../src/kernels/instance.js';
import { convGeometry } from '../src/plan/conv-geometry.js';
import { toView } from '../src/ndarray/normalize.js';
import { expandToAxes } from '../src/ndarray/views.js';
import type { DType } from '../src/ndarray/types.js';

// Node 20 validates relaxed SIMD only behind this V8 flag; Node 22+ has it on and no
// longer knows the flag (setting it would print an error).
if (Number(process.versions.node.split('.')[0]) < 22) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const flavours = runs('relaxed-simd', canShareMemory()) ? (['simd', 'relaxed-simd'] as const) : (['simd'] as const);

const quick = process.argv.includes('--quick');
const targetOnly = process.argv.includes('--target');
/**
 * (S, N, K, rank): the 2-D grid, then 1-D (a batch of 64 long rows; one signal
 * of 1e6 samples, N = 1, where both layouts are the same problem) and 3-D (one 64^3
 * volume; a batch of 32, which also runs in bands of the output).
 */
const cases: [number, number, number, number][] = [[100, 50, 11, 2], [100, 50, 5, 2], [256, 16, 7, 2]];
if (!quick) cases.push([1000, 50, 11, 2]);
cases.push([100000, 64, 11, 1], [100000, 64, 31, 1], [1000000, 1, 11, 1], [1000000, 1, 31, 1], [64, 1, 5, 3]);
if (!quick) cases.push([64, 32, 5, 3]);
if (targetOnly) cases.splice(0, cases.length, [100, 50, 11, 2]);
const dtypes: DType[] = ['float64', 'float32'];
const layouts = ['SSN', 'NSS'] as const;
type Layout = (typeof layouts)[number];

/** Deterministic inputs (xorshift), so runs are comparable. */
function randomData(n: number, dtype: DType, seed: number): Float32Array | Float64Array {
  const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

interface Timing { wallMs: number; cpuMs: number }

function time(fn: () => void): Timing {
  const c0 = process.cpuUsage(), t0 = performance.now();
  fn();
  const t1 = performance.now(), c1 = process.cpuUsage(c0);
  return { wallMs: t1 - t0, cpuMs: (c1.user + c1.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Multiply-adds with a non-zero input along one axis: sum over outputs of overlapping taps. */
function pairs1d(S: number, K: number, mode: 'full' | 'same' | 'valid'): number {
  const full = S + K - 1, want = mode === 'full' ? full : mode === 'same' ? S : S - K + 1;
  const start = Math.floor((full - want) / 2);
  let n = 0;
  for (let o = start; o < start + want; o++) n += Math.min(o, K - 1) - Math.max(0, o - S + 1) + 1;
  return n;
}

interface Problem {
  X: { data: Float32Array | Float64Array; shape: number[] };
  Y: { data: Float32Array | Float64Array; shape: number[] };
  axes: number[];
  flops: number;
  /** A few output values of the naive sum, checked after each public call. */
  check: (out: ArrayLike<number>) => void;
}

/**
 * Images of `rank` axes of length S, N of them, batch axis last (SSN) or first (NSS),
 * and one filter of `rank` axes of length K.
 */
function makeProblem(S: number, N: number, K: number, dtype: DType, layout: Layout, rank = 2): Problem {
  const img = new Array<number>(rank).fill(S);
  const shape = layout === 'SSN' ? [...img, N] : [N, ...img];
  const axes = img.map((_, i) => (layout === 'SSN' ? i : i + 1));
  const X = { data: randomData(N * S ** rank, dtype, 7 + S + N), shape };
  const Y = { data: randomData(K ** rank, dtype, 11 + K), shape: new Array<number>(rank).fill(K) };
  const O = S - K + 1;
  const flat = (idx: number[], n: number, side: number) => {
    let f = 0;
    for (const i of idx) f = f * side + i;
    return layout === 'SSN' ? f * N + n : n * side ** rank + f;
  };
  // Checks a few outputs (first, last, middle) against the sum from the definition.
  const check = (out: ArrayLike<number>) => {
    for (const [o, n] of [[0, 0], [O - 1, N - 1], [O >> 1, N >> 1]] as const) {
      let sum = 0;
      for (let t = 0; t < K ** rank; t++) {
        const j: number[] = [];
        for (let d = 0, r = t; d < rank; d++, r = Math.floor(r / K)) j.unshift(r % K);
        sum += X.data[flat(j.map((x) => o + x), n, S)]! * Y.data[K ** rank - 1 - t]!;
      }
      const got = out[flat(new Array<number>(rank).fill(o), n, O)]!;
      if (Math.abs(got - sum) > (dtype === 'float32' ? 1e-3 : 1e-9) * (1 + Math.abs(sum))) {
        throw new Error(`wrong result at ${o}, batch ${n}: ${got} vs ${sum}`);
      }
    }
  };
  return { X, Y, axes, flops: 2 * O ** rank * N * K ** rank, check };
}

function packed(p: Problem, dtype: DType, mode: 'full' | 'same' | 'valid' = 'valid') {
  const v1 = toView(p.X, 'in1');
  const v2 = expandToAxes(toView(p.Y, 'in2'), p.axes, p.X.shape.length);
  const g = convGeometry(v1.shape, v2.shape, mode, p.axes, 'freq');
  return packDirect({ in1: v1, in2: v2, geometry: g, dtype });
}

interface Row {
  S: number; N: number; K: number; rank: number; dtype: DType; layout: Layout; flavour: string;
  what: 'kernel' | 'scalar' | 'public' | 'first-touch' | 'public-full' | 'public-same' | 'kernel-full' | 'kernel-same'; reps: number;
  gflopsWallMedian: number; gflopsCpuMedian: number; gflopsWallBest: number; msWallMedian: number; msCpuMedian: number;
}

const rows: Row[] = [];
const started = new Date();
const loadBefore = os.loadavg();

for (const [S, N, K, rank] of cases) {
  const big = S ** rank * N > 4e6;
  const reps = targetOnly ? 21 : quick ? 5 : big ? 3 : 11;
  const problems = new Map<string, Problem>();
  for (const dtype of dtypes) for (const layout of layouts) problems.set(`${dtype} ${layout}`, makeProblem(S, N, K, dtype, layout, rank));
  // Flavours alternate in passes (plain, relaxed, plain, relaxed) so that a change in
  // the machine's load during the run does not favour one of them.
  const passes = big ? 1 : 2;
  const samples = new Map<string, Timing[]>();
  for (let pass = 0; pass < passes; pass++) for (const flavour of flavours) {
    useFlavour(flavour);
    const add = (key: string, t: Timing) => { const k = `${flavour} ${key}`; const l = samples.get(k) ?? []; l.push(t); samples.set(k, l); };
    const opts = (p: Problem) => ({ mode: 'valid' as const, axes: p.axes, method: 'direct' as const, threads: 1 });
    // Warm-up: V8 tiers the kernels up from its baseline compiler after a few calls.
    for (const [key, p] of problems) {
      const dtype = key.split(' ')[0] as DType;
      for (let i = 0; i < (big ? 1 : 3); i++) p.check(convolve(p.X, p.Y, opts(p)).data);
      const pk = packed(p, dtype);
      pk.run(0, pk.units);
      pk.finish();
    }
    for (let rep = 0; rep < Math.ceil(reps / passes); rep++) {
      for (const [key, p] of problems) {
        const dtype = key.split(' ')[0] as DType;
        let result: ArrayLike<number> = [];
        add(`${key} public`, time(() => { result = convolve(p.X, p.Y, opts(p)).data; }));
        p.check(result);
        const outLength = result.length;
        add(`${key} first-touch`, time(() => { (dtype === 'float32' ? new Float32Array(outLength) : new Float64Array(outLength)).fill(1); }));
        if (!big) {
          // full/same run the valid kernel on a zero-padded copy; their GFLOP/s count
          // only products with a non-zero input, so padding overhead shows as a drop.
          for (const mode of ['full', 'same'] as const) {
            add(`${key} public-${mode}`, time(() => convolve(p.X, p.Y, { ...opts(p), mode })));
            // The kernel alone on the zero-padded problem: what a border path could save
            // is at most the products with a zero input inside this time.
            const pm = packed(p, dtype, mode);
            add(`${key} kernel-${mode}`, time(() => pm.run(0, pm.units)));
            pm.finish();
          }
        }
        const pk = packed(p, dtype);
        add(`${key} kernel`, time(() => pk.run(0, pk.units)));
        if (pass === 0 && rep < 3) {
          // Scalar twin on a slice of rows (it is an order of magnitude slower).
          const count = Math.max(2, Math.min(pk.units, Math.round(pk.units / (big ? 64 : 8))) & ~1);
          const t = time(() => pk.run(0, count, 'scalar'));
          add(`${key} scalar`, { wallMs: t.wallMs * pk.units / count, cpuMs: t.cpuMs * pk.units / count });
        }
        pk.finish();
      }
    }
  }
  for (const [key, ts] of samples) {
    const [flavour, dtype, layout, what] = key.split(' ') as [string, DType, Layout, Row['what']];
    const mode = what.endsWith('-full') ? 'full' : what.endsWith('-same') ? 'same' : 'valid';
    const flops = 2 * pairs1d(S, K, mode) ** rank * N;
    const wall = median(ts.map((t) => t.wallMs));
    const cpu = median(ts.map((t) => t.cpuMs));
    const best = Math.min(...ts.map((t) => t.wallMs));
    const row: Row = {
      S, N, K, rank, dtype, layout, flavour, what, reps: ts.length,
      gflopsWallMedian: flops / wall / 1e6, gflopsCpuMedian: flops / Math.max(cpu, 1e-3) / 1e6,
      gflopsWallBest: flops / best / 1e6, msWallMedian: wall, msCpuMedian: cpu,
    };
    rows.push(row);
    console.log(
      `${rank}-D (${S},${N},${K}) ${dtype} ${layout} ${flavour.padEnd(12)} ${what.padEnd(11)} ` +
      `wall ${row.gflopsWallMedian.toFixed(2).padStart(6)} cpu ${row.gflopsCpuMedian.toFixed(2).padStart(6)} ` +
      `best ${row.gflopsWallBest.toFixed(2).padStart(6)} GFLOP/s  (${wall.toFixed(2)} ms wall, ${cpu.toFixed(2)} ms cpu, median of ${ts.length})`,
    );
  }
}
useFlavour(null);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `direct-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({
  benchmark: 'direct', started: started.toISOString(), quick, targetOnly,
  machine: {
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, v8: process.versions.v8, platform: `${os.platform()} ${os.arch()}`,
    loadavgBefore: loadBefore, loadavgAfter: os.loadavg(),
    note: 'shared machine: medians over interleaved repetitions; cpu = GFLOP per CPU-second of this process',
    // glibc tunables that decide whether freed result arrays are reused or returned to the OS.
    mallocEnv: { MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ ?? null },
  },
  flopsFormula: 'valid: 2 * (S - K + 1)^rank * N * K^rank; full/same: 2 * N * (products with a non-zero input per axis)^rank',
  rows,
}, null, 2) + '\n');
console.log(`saved ${file}`);
