// npm run bench:direct-large: the seed's large direct problems through the public call
// with the default thread count, run in bands of the output (the default) and as one
// band (the whole problem packed at once, as before bands existed), against
// scipy.ndimage.convolve in the same run.
//
// Cases: (1000, 1000, 50) * (11, 11) over axes [0, 1] (batch innermost) and
// (50, 1000, 1000) * (11, 11) over axes [1, 2] (batch outermost), float64 and float32.
// Contenders are timed in interleaved rounds (wall clock, the order rotating), each
// call on fresh inputs already in memory. Between calls the peer's SciPy run leaves
// the Wasm runtime idle long enough to release a large heap, as a caller making one
// large call at a time would see. A few outputs are checked against SciPy's.
// Results go to bench/results/direct-large-<timestamp>.json.
//
// Usage: npm run bench:direct-large [-- --rounds 3 --f64-only]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convolve, type DType } from '../src/index.js';
import { DEFAULT_BAND_HEAP_BYTES, setBandHeapBytes } from '../src/plan/direct-bands.js';
import { heapSize } from '../src/kernels/instance.js';
import { machineDescription } from './lib/machine.js';
import { PythonPeer } from './lib/python-peer.js';
import { seededArray } from './lib/random-array.js';
import { median } from './lib/timing.js';

const argRounds = process.argv.indexOf('--rounds');
const rounds = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 3;
const dtypes: DType[] = process.argv.includes('--f64-only') ? ['float64'] : ['float64', 'float32'];

const cases = [
  { label: '(1000,1000,50) axes [0,1]', xshape: [1000, 1000, 50], axes: [0, 1] },
  { label: '(50,1000,1000) axes [1,2]', xshape: [50, 1000, 1000], axes: [1, 2] },
];
const K = 11;

const peer = await PythonPeer.start();
if (!peer) console.log('python3 with SciPy not found: convnd only');
const tmp = join(os.tmpdir(), `convnd-direct-large-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = new Date();
const machine = machineDescription();

interface Row { case: string; dtype: DType; contender: string; msMedian: number; samplesMs: number[]; peakHeapMB: number }
const rows: Row[] = [];

for (const c of cases) {
  for (const dtype of dtypes) {
    const x = seededArray(c.xshape, dtype, 7);
    const y = seededArray([K, K], dtype, 11);
    const xFile = join(tmp, 'x.bin'), yFile = join(tmp, 'y.bin');
    writeFileSync(xFile, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
    writeFileSync(yFile, new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength));
    const outShape = c.xshape.map((n, a) => (c.axes.includes(a) ? n - K + 1 : n));
    const outLength = outShape.reduce((a, b) => a * b, 1);
    const probe = [0, Math.floor(outLength / 2) + 3, outLength - 1];
    const samples = new Map<string, number[]>();
    const heaps = new Map<string, number>();
    const runConvnd = (bandBytes: number) => (): { ms: number; probe: number[] } => {
      setBandHeapBytes(bandBytes);
      const t0 = performance.now();
      const out = convolve(x, y, { mode: 'valid', axes: c.axes, method: 'direct' });
      const ms = performance.now() - t0;
      return { ms, probe: probe.map((i) => out.data[i]!) };
    };
    const contenders: [string, () => Promise<{ ms: number; probe: number[] }> | { ms: number; probe: number[] }][] = [
      ['convnd bands', runConvnd(DEFAULT_BAND_HEAP_BYTES)],
      ['convnd one band', runConvnd(Number.POSITIVE_INFINITY)],
    ];
    if (peer) {
      contenders.push(['scipy.ndimage.convolve', () => peer.request<{ ms: number; probe: number[] }>({
        op: 'ndimage_once', x: xFile, y: yFile, xshape: c.xshape, yshape: [K, K], axes: c.axes, dtype, probe,
      })]);
    }
    let reference: number[] | null = null;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const [name, fn] = contenders[(i + round) % contenders.length]!;
        const r = await fn();
        heaps.set(name, Math.max(heaps.get(name) ?? 0, name.startsWith('convnd') ? heapSize() : 0));
        // Let an idle runtime release a large heap (after 250 ms), as between separate calls.
        await new Promise((resolve) => setTimeout(resolve, 400));
        reference ??= r.probe;
        r.probe.forEach((v, j) => {
          if (Math.abs(v - reference![j]!) > (dtype === 'float32' ? 1e-4 : 1e-10) * (1 + Math.abs(v))) {
            throw new Error(`${name} disagrees at output ${probe[j]}: ${v} vs ${reference![j]}`);
          }
        });
        samples.set(name, [...(samples.get(name) ?? []), r.ms]);
      }
    }
    for (const [name, ms] of samples) {
      const row: Row = { case: c.label, dtype, contender: name, msMedian: median(ms), samplesMs: ms, peakHeapMB: Math.round((heaps.get(name) ?? 0) / 2 ** 20) };
      rows.push(row);
      console.log(`${c.label} ${dtype} ${name.padEnd(24)} ${row.msMedian.toFixed(0).padStart(6)} ms  (samples ${ms.map((t) => t.toFixed(0)).join(', ')}; heap after call ${row.peakHeapMB} MB)`);
    }
  }
}
setBandHeapBytes(DEFAULT_BAND_HEAP_BYTES);
peer?.close();
rmSync(tmp, { recursive: true, force: true });

const dir = join(root, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `direct-large-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({
  benchmark: 'direct-large', started: started.toISOString(), rounds, threads: 'default (every core)',
  machine: { ...machine, loadAverageAtEnd: os.loadavg() }, peer: peer?.info ?? null, rows,
}, null, 2) + '\n');
console.log(`saved ${file}`);
