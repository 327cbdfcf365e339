// nn benchmark: convnd vs @tensorflow/tfjs-backend-wasm (XNNPACK) and
// @tensorflow/tfjs-backend-cpu, float32 NHWC, the layers of issue 7, interleaved in one
// run (peer, convnd, peer, ... per repetition) and reported as medians.
//
// Run: npm run bench:nn            (REPS=7 by default; CPU_REPS for the slow tfjs-cpu)
// Writes bench/results/nn-<date>.json with the machine's description.
//
// Threads: convnd is timed at each count in THREADS (default 1,2; 'convnd 1t', 'convnd 2t'
// columns). tfjs-backend-wasm runs one thread in Node: its threaded build is disabled there
// (tfjs issue 3830; WASM_HAS_MULTITHREAD_SUPPORT is false under Node), and forcing the flag
// with the worker Blobs written to files loads the pthread build but getThreadsCount() still
// reports 1 (tried on this machine). So the 1-thread rows are the same-thread-count comparison
// and the 2-thread rows compare convnd on 2 threads with tfjs-wasm on 1; tfjs-cpu is 1 thread.
// tfjs inputs are created once outside the timed region (resident in the backend), and the
// timed region ends with dataSync() so that the result is in a JS typed array, as convnd's is.
// tfjs-backend-wasm also caches the XNNPACK operator, with its transposed and packed weights,
// per filter tensor (operator_cache in its src/cc/conv2d_impl.cc), so after the warm-up its
// timed region holds no weight packing; convnd repacks the weights on every call. So the
// 'tfjs-wasm' column times less work than convnd's (no input copy, no weight packing).
// A second tfjs-wasm column ('tfjs-wasm+upload') also times tf.tensor(x), since convnd
// copies x into its heap on every call. Medians, minima and process CPU time are recorded.
// Fresh pages: on this VM first touch of fresh memory costs ~18 us per 4 KiB page, and
// glibc serves each 12.8 MB result (L1, L4; convnd's copy out, tfjs's dataSync) from a
// fresh mmap that is unmapped when garbage-collected, so ~50-150 ms of page faults land
// at random in either peer's timed region and decide the medians. With
// MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 glibc reuses freed
// results for both peers (recorded in the result file as mallocEnv), which shows the
// compute; the minima show it too. Under npm run bench:nn (node --expose-gc) garbage is
// collected before every timed call of either peer, which has the same effect (recorded
// as gcBetweenReps); run through tsx without the flag to see the random faults.
// Env: REPS, CPU_REPS, BACKWARD_CPU_REPS, WARMUP (3), THREADS=1,2, ONLY=L2,L3 (name prefixes), SKIP_CPU=1, SKIP_BACKWARD=1.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { array, nn, type NDArray } from '../src/index.js';
import { machineDescription } from './lib/machine.js';
import { freeEarlierResults } from './lib/timing.js';
import { writeNnChart, type NnResult } from './nn-chart.js';

const require = createRequire(import.meta.url);
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(wasmDir + '/');

const REPS = Number(process.env.REPS ?? 7);
const CPU_REPS = Number(process.env.CPU_REPS ?? 3);
/** tfjs-cpu's Conv2DBackpropFilter takes minutes on L1 (about 22 s per image here), so its
 * backward is timed once by default, and that run also provides the reference values. */
const BACKWARD_CPU_REPS = Number(process.env.BACKWARD_CPU_REPS ?? 1);
const ONLY = process.env.ONLY?.split(',');
const SKIP_CPU = process.env.SKIP_CPU === '1';
const SKIP_BACKWARD = process.env.SKIP_BACKWARD === '1';
const THREADS = (process.env.THREADS ?? '1,2').split(',').map(Number);
/** Untimed calls of tfjs-wasm and convnd before the timed ones of a forward layer (tier-up
 * of the Wasm code, the pool's workers, heap growth); backward and tfjs-cpu: once. */
const WARMUP = Number(process.env.WARMUP ?? 3);
const convndName = (threads: number) => `convnd ${threads}t`;

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

interface Layer {
  name: string;
  x: number[];
  /** HWIO (depthwise: [kh, kw, C, 1] for tfjs; convnd gets [kh, kw, 1, C]). */
  w: number[];
  stride: number;
  /** tfjs padding, and convnd's equivalent (TF 'same' with stride 2 pads 2 before, 3 after). */
  tfPad: 'same' | 'valid';
  pad: number[] | 'same' | 'valid';
  depthwise?: boolean;
  backward?: boolean;
}

const layers: Layer[] = [
  { name: 'L1 [8,56,56,64] 3x3 64->64 same', x: [8, 56, 56, 64], w: [3, 3, 64, 64], stride: 1, tfPad: 'same', pad: 'same' },
  { name: 'L2 [32,28,28,1] 5x5 1->32 valid', x: [32, 28, 28, 1], w: [5, 5, 1, 32], stride: 1, tfPad: 'valid', pad: 'valid' },
  { name: 'L3 [1,224,224,3] 7x7 3->64 s2 same', x: [1, 224, 224, 3], w: [7, 7, 3, 64], stride: 2, tfPad: 'same', pad: [2, 3, 2, 3] },
  { name: 'L4 depthwise 3x3 [8,56,56,128]', x: [8, 56, 56, 128], w: [3, 3, 128, 1], stride: 1, tfPad: 'same', pad: 'same', depthwise: true },
  { name: 'L1 backward (dx, dw, db)', x: [8, 56, 56, 64], w: [3, 3, 64, 64], stride: 1, tfPad: 'same', pad: 'same', backward: true },
];

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, err = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i]!)); err = Math.max(err, Math.abs(a[i]! - b[i]!)); }
  return err / (scale || 1);
}

type Runner = () => ArrayLike<number>[];

function convndRunner(l: Layer, xd: Float32Array, wd: Float32Array, dyd: Float32Array | null, threads: number): Runner {
  const x = array(xd, l.x);
  const c = l.x[3]!;
  const w = l.depthwise ? array(wd, [l.w[0]!, l.w[1]!, 1, c]) : array(wd, l.w);
  const opts = { stride: l.stride, padding: l.pad, layout: 'NHWC' as const, groups: l.depthwise ? c : 1, threads };
  if (l.backward) {
    const outShape = [l.x[0]!, l.x[1]!, l.x[2]!, l.w[3]!];
    const dy = array(dyd!, outShape);
    return () => { const g = nn.conv2dBackward(x, w, dy, opts); return [g.gradInput.data, g.gradWeight.data, g.gradBias.data]; };
  }
  return () => [nn.conv2d(x, w, opts).data];
}

/**
 * tfjs with the input upload inside the timed region (tf.tensor copies x into the
 * backend), as convnd copies x into its heap on every call. Forward layers only.
 */
function tfUploadRunner(l: Layer, xd: Float32Array, wd: Float32Array): Runner {
  const w = tf.tensor4d(wd, l.w as [number, number, number, number]);
  return () => {
    const x = tf.tensor4d(xd, l.x as [number, number, number, number]);
    const y = l.depthwise ? tf.depthwiseConv2d(x, w, l.stride, l.tfPad) : tf.conv2d(x, w, l.stride, l.tfPad);
    const out = [y.dataSync()];
    x.dispose(); y.dispose();
    return out;
  };
}

function tfRunner(l: Layer, xd: Float32Array, wd: Float32Array, dyd: Float32Array | null): Runner {
  const x = tf.tensor4d(xd, l.x as [number, number, number, number]);
  const w = tf.tensor4d(wd, l.w as [number, number, number, number]);
  if (l.backward) {
    const outShape = [l.x[0]!, l.x[1]!, l.x[2]!, l.w[3]!] as [number, number, number, number];
    const dy = tf.tensor4d(dyd!, outShape);
    return () => {
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w },
        { strides: l.stride, pad: l.tfPad, dataFormat: 'NHWC', inputShape: l.x }) as tf.Tensor;
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
        { strides: l.stride, pad: l.tfPad, dataFormat: 'NHWC', filterShape: l.w }) as tf.Tensor;
      const db = tf.sum(dy, [0, 1, 2]);
      const out = [dx.dataSync(), dw.dataSync(), db.dataSync()];
      dx.dispose(); dw.dispose(); db.dispose();
      return out;
    };
  }
  return () => {
    const y = l.depthwise
      ? tf.depthwiseConv2d(x, w, l.stride, l.tfPad)
      : tf.conv2d(x, w, l.stride, l.tfPad);
    const out = [y.dataSync()];
    y.dispose();
    return out;
  };
}

/** Wall time, and this process's CPU time (user + system, all threads), in ms. CPU time
 * is less disturbed by other jobs on a shared machine (on one thread). */
async function time(run: Runner): Promise<{ ms: number; cpuMs: number }> {
  // Earlier repetitions' results are collected outside the timed region (npm run bench:nn
  // passes --expose-gc), as bench:ndimage does: glibc then reuses their memory for the
  // next result of either peer instead of handing out fresh pages at random.
  await freeEarlierResults();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

async function main(): Promise<void> {
  const loadAverageAtStart = os.loadavg();
  await tf.setBackend('wasm');
  await tf.ready();
  const results: Record<string, unknown>[] = [];
  for (const l of layers) {
    if (ONLY && !ONLY.some((o) => l.name.startsWith(o))) continue;
    if (SKIP_BACKWARD && l.backward) continue;
    const xd = random(size(l.x), 1), wd = random(size(l.w), 2);
    const dyd = l.backward ? random(l.x[0]! * l.x[1]! * l.x[2]! * l.w[3]!, 3) : null;
    await tf.setBackend('wasm');
    const peerWasm = tfRunner(l, xd, wd, dyd);
    let wasmOk = true;
    const warmup = l.backward ? 1 : WARMUP;
    try { for (let i = 0; i < warmup; i++) peerWasm(); } catch (e) { wasmOk = false; console.log(`  tfjs-wasm cannot run ${l.name}: ${(e as Error).message.split('\n')[0]}`); }
    const peerWasmUpload = l.backward ? null : tfUploadRunner(l, xd, wd);
    for (let i = 0; i < warmup && peerWasmUpload; i++) peerWasmUpload();
    await tf.setBackend('cpu');
    const peerCpu = SKIP_CPU ? null : tfRunner(l, xd, wd, dyd);
    const ours = THREADS.map((t) => convndRunner(l, xd, wd, dyd, t));
    const cpuReps = l.backward ? BACKWARD_CPU_REPS : CPU_REPS;
    // Warm up and check agreement once (outside the timed loop); a peer timed only once
    // is not warmed up, and its timed run gives the reference instead.
    let reference = SKIP_CPU || cpuReps === 1 ? null : peerCpu!();
    const mine = ours[0]!();
    ours.slice(1).forEach((run) => run());
    for (let i = 1; i < warmup; i++) ours.forEach((run) => run());
    const names = [...THREADS.map(convndName), 'tfjs-wasm', 'tfjs-wasm+upload', 'tfjs-cpu'];
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const cpuTimes: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const record = (name: string, t: { ms: number; cpuMs: number }) => { times[name]!.push(t.ms); cpuTimes[name]!.push(t.cpuMs); };
    for (let r = 0; r < REPS; r++) {
      if (wasmOk) { await tf.setBackend('wasm'); record('tfjs-wasm', await time(peerWasm)); }
      for (const [i, run] of ours.entries()) record(convndName(THREADS[i]!), await time(run));
      if (peerWasmUpload) { await tf.setBackend('wasm'); record('tfjs-wasm+upload', await time(peerWasmUpload)); }
      if (peerCpu && r < cpuReps) {
        await tf.setBackend('cpu');
        if (reference) record('tfjs-cpu', await time(peerCpu));
        else record('tfjs-cpu', await time(() => { reference = peerCpu(); return reference; }));
      }
    }
    const agreement = reference ? mine.map((m, i) => maxRelErr(m, (reference as ArrayLike<number>[])[i]!)) : [];
    const med = Object.fromEntries(Object.entries(times).filter(([, v]) => v.length).map(([k, v]) => [k, median(v)]));
    const cpuMed = Object.fromEntries(Object.entries(cpuTimes).filter(([, v]) => v.length).map(([k, v]) => [k, median(v)]));
    const minMs = Object.fromEntries(Object.entries(times).filter(([, v]) => v.length).map(([k, v]) => [k, Math.min(...v)]));
    const ratios = (peer: string, table: Record<string, number>) =>
      Object.fromEntries(THREADS.map((t) => [convndName(t), table[peer] ? table[peer]! / table[convndName(t)]! : null]));
    const row = {
      layer: l.name, medianMs: med, medianCpuMs: cpuMed, timesMs: times, cpuTimesMs: cpuTimes,
      minMs,
      ratioVsTfjsWasm: ratios('tfjs-wasm', med), cpuRatioVsTfjsWasm: ratios('tfjs-wasm', cpuMed),
      ratioVsTfjsWasmWithUpload: ratios('tfjs-wasm+upload', med),
      ratioVsTfjsCpu: ratios('tfjs-cpu', med), cpuRatioVsTfjsCpu: ratios('tfjs-cpu', cpuMed),
      // Minima: the repetitions least disturbed by other jobs (and by fresh-page faults).
      minRatioVsTfjsWasm: ratios('tfjs-wasm', minMs),
      maxRelErrVsTfjsCpu: agreement,
    };
    results.push(row);
    const fmt = (v: number | undefined) => (v === undefined ? '   n/a' : v.toFixed(2).padStart(8));
    const x = (v: number | null | undefined) => (v ? `${v.toFixed(2)}x` : 'n/a');
    console.log(`${l.name}: ` + names.filter((n) => med[n] !== undefined).map((n) => `${n} ${fmt(med[n])} ms`).join(' | ') +
      ` | max rel err vs tfjs-cpu ${agreement.map((e) => e.toExponential(1)).join(', ') || 'n/a'}`);
    for (const t of THREADS) {
      const n = convndName(t);
      console.log(`    ${n}: vs tfjs-wasm ${x(row.ratioVsTfjsWasm[n])} (min ${x(row.minRatioVsTfjsWasm[n])}, cpu time ${x(row.cpuRatioVsTfjsWasm[n])}, incl. upload ${x(row.ratioVsTfjsWasmWithUpload[n])}), ` +
        `vs tfjs-cpu ${x(row.ratioVsTfjsCpu[n])} (cpu time ${x(row.cpuRatioVsTfjsCpu[n])})`);
    }
  }
  const machine = {
    ...machineDescription(), convndThreads: THREADS,
    gcBetweenReps: typeof (globalThis as { gc?: unknown }).gc === "function", mallocEnv: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_'))), tfjsWasmThreads: 1, loadAverageAtStart, loadAverageAtEnd: os.loadavg(),
    note: 'shared 2-core machine, other jobs running: medians of interleaved repetitions',
    tfjs: require('@tensorflow/tfjs-core/package.json').version,
  };
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `nn-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, reps: REPS, cpuReps: CPU_REPS, backwardCpuReps: BACKWARD_CPU_REPS, results }, null, 2));
  writeNnChart(file, results as unknown as NnResult[]);
  console.log(`wrote ${file} and its .svg chart`);
}

await main();
