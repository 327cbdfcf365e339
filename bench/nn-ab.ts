// Interleaved A/B of two convnd checkouts and tfjs-wasm on bench/nn.ts's forward layers:
// one process, round-robin per repetition (tfjs-wasm, base at each thread count, this
// checkout at each thread count), medians, minima and process CPU time.
//
// Run: BASE=/path/to/other/checkout npx tsx bench/nn-ab.ts
//   BASE: a checkout with its Wasm built (e.g. `git archive <commit> | tar -x -C /tmp/base`,
//   symlink node_modules, `node tools/build-wasm.mjs`). Env: REPS (21), THREADS (1,2),
//   ONLY=L2,L4, NOBASE=1 (this checkout only), OUT=file.json, DUMP=1 (every time).
// The timed regions are bench/nn.ts's: tfjs-wasm with x resident and dataSync() at the end.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as mine from '../src/index.js';
import { seededArray } from './lib/random-array.js';
import { median } from './lib/timing.js';
if (!process.env.NOBASE && !process.env.BASE) throw new Error('bench/nn-ab.ts: set BASE=/path/to/checkout (or NOBASE=1)');
const base: typeof mine = process.env.NOBASE ? mine : await import(`${process.env.BASE}/src/index.ts`);
const require = createRequire(import.meta.url);
setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
const REPS = Number(process.env.REPS ?? 21);
const THREADS = (process.env.THREADS ?? '1,2').split(',').map(Number);
const ONLY = process.env.ONLY?.split(',');
const layers = [
  { name: 'L1', x: [8, 56, 56, 64], w: [3, 3, 64, 64], stride: 1, tfPad: 'same' as const, pad: 'same' as any },
  { name: 'L2', x: [32, 28, 28, 1], w: [5, 5, 1, 32], stride: 1, tfPad: 'valid' as const, pad: 'valid' as any },
  { name: 'L3', x: [1, 224, 224, 3], w: [7, 7, 3, 64], stride: 2, tfPad: 'same' as const, pad: [2, 3, 2, 3] as any },
  { name: 'L4', x: [8, 56, 56, 128], w: [3, 3, 128, 1], stride: 1, tfPad: 'same' as const, pad: 'same' as any, dw: true },
];
await tf.setBackend('wasm'); await tf.ready();
const out: Record<string, unknown>[] = [];
for (const l of layers) {
  if (ONLY && !ONLY.includes(l.name)) continue;
  const xd = seededArray(l.x, 'float32', 1).data as Float32Array, wd = seededArray(l.w, 'float32', 2).data as Float32Array;
  const tx = tf.tensor4d(xd, l.x as any), tw = tf.tensor4d(wd, l.w as any);
  const c = l.x[3]!;
  const variants: { name: string; run: () => ArrayLike<number> }[] = [
    { name: 'tfjs-wasm', run: () => { const y = l.dw ? tf.depthwiseConv2d(tx, tw, l.stride, l.tfPad) : tf.conv2d(tx, tw, l.stride, l.tfPad); const d = y.dataSync(); y.dispose(); return d; } },
  ];
  for (const [lib, tag] of (process.env.NOBASE ? [[mine, 'new']] : [[base, 'base'], [mine, 'new']]) as [typeof mine, string][]) {
    const x = lib.array(xd, l.x), w = l.dw ? lib.array(wd, [3, 3, 1, c]) : lib.array(wd, l.w);
    for (const threads of THREADS) {
      const opts = { stride: l.stride, padding: l.pad, layout: 'NHWC' as const, groups: l.dw ? c : 1, threads };
      variants.push({ name: `${tag} ${threads}t`, run: () => lib.nn.conv2d(x, w, opts).data });
    }
  }
  const ref = variants[0]!.run();
  for (const v of variants.slice(1)) { const y = v.run(); let e = 0; for (let i = 0; i < y.length; i++) e = Math.max(e, Math.abs(y[i]! - ref[i]!)); if (!(e < 1e-4)) throw new Error(`${v.name}: max abs err ${e}`); }
  const t: number[][] = variants.map(() => []), cpu: number[][] = variants.map(() => []);
  for (let r = 0; r < REPS; r++) {
    for (const [i, v] of variants.entries()) {
      // Let the event loop run between calls (as bench/nn.ts's awaits do): the worker
      // pool registers its workers there, so without it the threaded runs stay on one thread.
      await new Promise((resolve) => setImmediate(resolve));
      const c0 = process.cpuUsage(); const t0 = performance.now(); v.run(); t[i]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0); cpu[i]!.push((c.user + c.system) / 1000);
    }
  }
  const tfCpu = median(cpu[0]!);
  const tfMed = median(t[0]!), tfMin = Math.min(...t[0]!);
  const row: Record<string, unknown> = { layer: l.name };
  variants.forEach((v, i) => {
    const m = median(t[i]!), mn = Math.min(...t[i]!);
    const cm = median(cpu[i]!);
    row[v.name] = { medianMs: +m.toFixed(3), minMs: +mn.toFixed(3), medianCpuMs: +cm.toFixed(3), tfjsOverThisMedian: +(tfMed / m).toFixed(2), tfjsOverThisMin: +(tfMin / mn).toFixed(2), tfjsOverThisCpu: +(tfCpu / cm).toFixed(2) };
    console.log(`${l.name} ${v.name.padEnd(10)} median ${m.toFixed(2).padStart(6)} ms  min ${mn.toFixed(2).padStart(6)} ms  cpu ${cm.toFixed(2).padStart(6)} ms   tfjs-wasm/this: median ${(tfMed / m).toFixed(2)}x  min ${(tfMin / mn).toFixed(2)}x  cpu ${(tfCpu / cm).toFixed(2)}x`);
  });
  if (process.env.DUMP) variants.forEach((v, i) => console.log(v.name, t[i]!.map((x) => x.toFixed(1)).join(' ')));
  out.push(row);
}
if (process.env.OUT) (await import('node:fs')).writeFileSync(process.env.OUT, JSON.stringify({ date: new Date().toISOString(), reps: REPS, mallocEnv: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_'))), results: out }, null, 2));
