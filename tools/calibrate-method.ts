// Calibrates the cost model behind method 'auto' on this machine: times every method
// (one thread) on a spread of problems, fits seconds = sum_i c_i * feature_i per method
// and dtype by least squares on relative error, and rewrites
// src/plan/cost-constants.ts with the coefficients, the machine and the date.
//
//   npx tsx tools/calibrate-method.ts
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { convolve, type DType } from '../src/index.js';
import { convGeometry } from '../src/plan/conv-geometry.js';
import { costFeatures, COSTED_METHODS, type CostedMethod } from '../src/plan/method-costs.js';
import { kernelFlavour } from '../src/kernels/instance.js';
import { timeIt } from '../bench/lib/timing.js';
import { seededArray as fill } from '../bench/lib/random-array.js';

interface Problem { x: number[]; k: number[]; axes: number[]; mode: 'full' | 'same' | 'valid' }

function problems(): Problem[] {
  const list: Problem[] = [];
  for (const n of [2000, 30_000, 400_000]) for (const K of [3, 15, 63, 255]) list.push({ x: [n], k: [K], axes: [0], mode: 'same' });
  list.push({ x: [64, 4000], k: [1, 31], axes: [1], mode: 'valid' });
  for (const S of [48, 160, 600]) for (const K of [3, 9, 25, 51]) list.push({ x: [S, S], k: [K, K], axes: [0, 1], mode: S === 160 ? 'full' : 'same' });
  for (const [N, S, K] of [[20, 48, 5], [20, 160, 13], [8, 100, 31]]) {
    list.push({ x: [N!, S!, S!], k: [1, K!, K!], axes: [1, 2], mode: 'valid' });
    list.push({ x: [S!, S!, N!], k: [K!, K!, 1], axes: [0, 1], mode: 'valid' });
  }
  for (const S of [20, 40]) for (const K of [3, 7, 13]) list.push({ x: [S, S, S], k: [K, K, K], axes: [0, 1, 2], mode: 'same' });
  return list;
}


/** Least squares of sum_i c_i f_i ~= t, weighting rows by 1/t; drops features that fit negative. */
function fit(rows: { f: number[]; t: number }[]): number[] {
  const width = rows[0]!.f.length;
  let active = Array.from({ length: width }, (_, i) => i);
  for (;;) {
    const m = active.length;
    const ata = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    const atb = new Array<number>(m).fill(0);
    // Scale columns so the normal equations are well conditioned.
    const scale = active.map((i) => Math.max(...rows.map((r) => r.f[i]! / r.t)) || 1);
    for (const r of rows) {
      const a = active.map((i, j) => r.f[i]! / r.t / scale[j]!);
      for (let p = 0; p < m; p++) {
        atb[p]! += a[p]!;
        for (let q = 0; q < m; q++) ata[p]![q]! += a[p]! * a[q]!;
      }
    }
    const solution = solve(ata, atb).map((v, j) => v / scale[j]!);
    const negative = solution.findIndex((v) => !(v >= 0));
    if (negative < 0 || m === 1) {
      const c = new Array<number>(width).fill(0);
      active.forEach((i, j) => { c[i] = Math.max(0, solution[j]!); });
      return c;
    }
    active = active.filter((_, j) => j !== negative);
  }
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col || m[col]![col] === 0) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const coefficients: Record<DType, Record<CostedMethod, number[]>> = { float32: { direct: [], fft: [], oa: [] }, float64: { direct: [], fft: [], oa: [] } };
const report: string[] = [];
for (const dtype of ['float64', 'float32'] as const) {
  const samples: Record<CostedMethod, { f: number[]; t: number }[]> = { direct: [], fft: [], oa: [] };
  for (const [i, p] of problems().entries()) {
    const x = fill(p.x, dtype, i + 1), k = fill(p.k, dtype, i + 101);
    const g = convGeometry(p.x, p.k, p.mode, p.axes, 'freq');
    const features = costFeatures(g, dtype);
    for (const method of COSTED_METHODS) {
      // The fastest repetition: the cost of the arithmetic and copies, without the
      // first-touch page faults that land at random on fresh result arrays (~18 us per
      // 4 KiB page on the VM this was calibrated on) and would skew the fit.
      const t = Math.min(...timeIt(() => convolve(x, k, { mode: p.mode, axes: p.axes, method, threads: 1 }), { minReps: 3, maxReps: 9, budgetMs: 250 }).samplesMs) / 1e3;
      samples[method].push({ f: features[method], t });
    }
    process.stderr.write(`\r${dtype} ${i + 1}/${problems().length}`);
  }
  process.stderr.write('\n');
  for (const method of COSTED_METHODS) {
    const c = fit(samples[method]);
    coefficients[dtype][method] = c;
    const errors = samples[method].map((s) => Math.abs(s.f.reduce((a, f, j) => a + f * c[j]!, 0) / s.t - 1));
    errors.sort((a, b) => a - b);
    report.push(`${dtype} ${method}: median |relative error| ${(100 * errors[errors.length >> 1]!).toFixed(0)}%, 90th percentile ${(100 * errors[Math.floor(errors.length * 0.9)]!).toFixed(0)}%`);
  }
}

const fmt = (c: number[]) => `[${c.map((v) => v.toExponential(4)).join(', ')}]`;
const provenance = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ${kernelFlavour()} kernels, ${new Date().toISOString().slice(0, 10)}`;
const source = `// generated by tools/calibrate-method.ts: do not edit (run it again to recalibrate).
// Coefficients of the method cost model (seconds per feature unit, one thread); see
// method-costs.ts for the features. Measured on: ${provenance}.
// Fit quality (relative error of the model on the calibration problems):
${report.map((r) => `//   ${r}`).join('\n')}
export const COST_COEFFICIENTS = {
  float64: { direct: ${fmt(coefficients.float64.direct)}, fft: ${fmt(coefficients.float64.fft)}, oa: ${fmt(coefficients.float64.oa)} },
  float32: { direct: ${fmt(coefficients.float32.direct)}, fft: ${fmt(coefficients.float32.fft)}, oa: ${fmt(coefficients.float32.oa)} },
} as const;
export const COST_PROVENANCE = ${JSON.stringify(provenance)};
`;
writeFileSync(fileURLToPath(new URL('../src/plan/cost-constants.ts', import.meta.url)), source);
console.log(report.join('\n'));
console.log(source);
