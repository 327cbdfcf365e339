// The seed benchmark (`npm start`, `convnd bench`): the StackOverflow question "convolve
// every image of a minibatch with one filter". Times convnd's `auto` and each forced
// method and, when python3 with SciPy is present, SciPy's options, in the same run;
// checks that the results agree; prints a table, saves seed-<date>.json and an SVG
// chart in the results folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { array, convolve, chooseConvMethod, type NDArray } from '../../src/index.js';
import { geometricMean, timeInterleaved } from './timing.js';
import { machineDescription } from './machine.js';
import { Progress } from './progress.js';
import { PythonPeer } from './python-peer.js';
import { groupedBarChartSvg } from './svg-chart.js';

/** (S, N, K): image size, batch, kernel size: the StackOverflow answer's grid. */
export const SEED_CONFIGS: [number, number, number][] = [
  [100, 50, 11], [1000, 50, 11], [100, 5, 11], [100, 500, 11], [100, 50, 5], [100, 50, 31],
];
type Layout = 'SSN' | 'NSS';
const LAYOUTS: Layout[] = ['SSN', 'NSS'];
const METHODS = ['auto', 'direct', 'fft', 'oa'] as const;
/** SciPy's direct method is skipped where its estimated time exceeds this. */
const SCIPY_DIRECT_LIMIT_S = 30;

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

interface Row {
  S: number; N: number; K: number; layout: Layout;
  outShape: number[];
  autoChose: string;
  /** Median milliseconds per call. */
  convnd: Record<string, number>;
  scipy: Record<string, number>;
  /** Fastest call of each (the least disturbed one, freed memory reused). */
  convndMin: Record<string, number>;
  scipyMin: Record<string, number>;
  /** Largest |convnd - scipy| relative to max |scipy| over every SciPy option. */
  maxRelativeDifference: number | null;
  bestScipy: string | null;
  speedupVsBestScipy: number | null;
  /** The same ratio on the fastest calls of each side. */
  speedupOfMins: number | null;
}

function relativeDifference(a: NDArray, b: Float64Array): number {
  if (a.data.length !== b.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a.data[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / (scale || 1);
}

export interface SeedOptions {
  /** Folder for seed-<date>.json and .svg (created if missing). */
  resultsDir: string;
  /** (S, N, K) rows to run; default every row of SEED_CONFIGS. */
  configs?: [number, number, number][];
  /** Path of bench/peers/scipy_server.py (default: found next to this file's folder). */
  peerScript?: string;
}

/** Runs the seed table, prints it, and saves JSON + SVG in `resultsDir`. */
export async function runSeedTable({ resultsDir, configs = SEED_CONFIGS, peerScript }: SeedOptions): Promise<void> {
  const CONFIGS = configs;
  const peer = await PythonPeer.start(peerScript);
  if (!peer) console.warn('python3 with SciPy not found: timing convnd only');
  const work = mkdtempSync(join(tmpdir(), 'convnd-seed-'));
  const rows: Row[] = [];
  const progress = new Progress(CONFIGS.length * LAYOUTS.length, 'seed benchmark');
  try {
    for (const [S, N, K] of CONFIGS) {
      for (const layout of LAYOUTS) {
        const rand = random(S * 1_000_003 + N * 101 + K);
        const xShape = layout === 'SSN' ? [S, S, N] : [N, S, S];
        const axes = layout === 'SSN' ? [0, 1] : [1, 2];
        const x = array(Float64Array.from({ length: S * S * N }, rand), xShape);
        const y = array(Float64Array.from({ length: K * K }, rand), [K, K]);
        const opts = { mode: 'valid' as const, axes };
        const { median: convnd, min: convndMin } = await timeInterleaved(
          Object.fromEntries(METHODS.map((method) => [method, () => convolve(x, y, { ...opts, method })])), { freeResults: true });
        const autoResult = convolve(x, y, opts);
        const row: Row = {
          S, N, K, layout, outShape: autoResult.shape, autoChose: chooseConvMethod(x, y, opts), convnd, convndMin,
          scipy: {}, scipyMin: {}, maxRelativeDifference: null, bestScipy: null, speedupVsBestScipy: null, speedupOfMins: null,
        };
        if (peer) {
          const xPath = join(work, 'x.bin'), yPath = join(work, 'y.bin');
          writeFileSync(xPath, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
          writeFileSync(yPath, new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength));
          const reply = await peer.request<{ times: Record<string, number>; minTimes: Record<string, number>; outputs: Record<string, string> }>({
            op: 'seed', x: xPath, xshape: xShape, y: yPath, yshape: [K, K], axes,
            direct_limit_s: SCIPY_DIRECT_LIMIT_S, out_prefix: join(work, 'out'),
          });
          row.scipy = reply.times;
          row.scipyMin = reply.minTimes;
          let worst = 0;
          for (const path of Object.values(reply.outputs)) {
            const bytes = readFileSync(path);
            const expected = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
            worst = Math.max(worst, relativeDifference(autoResult, expected));
          }
          row.maxRelativeDifference = worst;
          const [bestName, bestMs] = Object.entries(reply.times).sort((a, b) => a[1] - b[1])[0]!;
          row.bestScipy = bestName;
          row.speedupVsBestScipy = bestMs / convnd.auto!;
          row.speedupOfMins = Math.min(...Object.values(reply.minTimes)) / convndMin.auto!;
        }
        rows.push(row);
        progress.step(`(S=${S}, N=${N}, K=${K}) ${layout}`);
      }
    }
  } finally {
    progress.finish();
    peer?.close();
    rmSync(work, { recursive: true, force: true });
  }
  report(rows, peer?.info ?? null, resultsDir);
}

function report(rows: Row[], peerInfo: { scipy: string; numpy: string } | null, resultsDir: string): void {
  const fmt = (v: number | undefined) => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
  const scipyNames = ['signal.convolve(direct)', 'signal.fftconvolve', 'signal.oaconvolve', 'ndimage.convolve'];
  const header = ['S', 'N', 'K', 'layout', 'auto→', ...METHODS.map((m) => `convnd ${m}`), ...scipyNames, 'speed-up', 'of mins', 'agree'];
  const lines = rows.map((r) => [
    r.S, r.N, r.K, r.layout, r.autoChose,
    ...METHODS.map((m) => fmt(r.convnd[m])),
    ...scipyNames.map((n) => fmt(r.scipy[n])),
    r.speedupVsBestScipy === null ? '—' : `${r.speedupVsBestScipy.toFixed(2)}x`,
    r.speedupOfMins === null ? '—' : `${r.speedupOfMins.toFixed(2)}x`,
    r.maxRelativeDifference === null ? '—' : r.maxRelativeDifference < 1e-8 ? 'yes' : `NO (${r.maxRelativeDifference.toExponential(1)})`,
  ].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const printRow = (cells: string[]) => console.log(cells.map((c, i) => c.padStart(widths[i]!)).join('  '));
  console.log('\nconvolve(X, Y, {mode: "valid", axes}) — median milliseconds per call, float64; "of mins": the speed-up between the fastest calls of each side');
  printRow(header);
  lines.forEach(printRow);
  const speedups = rows.map((r) => r.speedupVsBestScipy).filter((s): s is number => s !== null);
  if (speedups.length) {
    console.log(`\nconvnd auto vs best SciPy option: geometric mean ${geometricMean(speedups).toFixed(2)}x, worst ${Math.min(...speedups).toFixed(2)}x`);
    const ofMins = rows.map((r) => r.speedupOfMins).filter((s): s is number => s !== null);
    console.log(`on each side's fastest call: geometric mean ${geometricMean(ofMins).toFixed(2)}x, worst ${Math.min(...ofMins).toFixed(2)}x`);
  }
  mkdirSync(resultsDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const jsonPath = join(resultsDir, `seed-${date}.json`);
  writeFileSync(jsonPath, JSON.stringify({ machine: machineDescription(), peer: peerInfo, rows }, null, 2));
  const series = [...METHODS.map((m) => `convnd ${m}`), ...scipyNames];
  const svg = groupedBarChartSvg('Seed benchmark: median ms per call (log scale), float64, valid mode', series,
    rows.map((r) => ({
      label: `S=${r.S} N=${r.N} K=${r.K} ${r.layout}`,
      values: Object.fromEntries([...METHODS.map((m) => [`convnd ${m}`, r.convnd[m]]), ...scipyNames.map((n) => [n, r.scipy[n]])]),
    })));
  writeFileSync(join(resultsDir, `seed-${date}.svg`), svg);
  console.log(`\nsaved ${jsonPath} and seed-${date}.svg`);
}
