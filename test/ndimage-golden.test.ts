// Golden vectors from SciPy (tools/golden-ndimage.py): every ndimage function and
// convolve2d/correlate2d over modes, origins, dtypes, ndim 1..3, long kernels and
// size-1 axes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { array, convolve2d, correlate2d, ndimage, type NDArray } from '../src/index.js';

interface Stored { shape: number[]; dtype: string; data: number[] }
interface Case { fn: string; args: unknown[]; kwargs: Record<string, unknown>; out: Stored; separable?: boolean }
const golden = JSON.parse(readFileSync(new URL('./golden/ndimage.json', import.meta.url), 'utf8')) as {
  meta: Record<string, unknown>; arrays: Stored[]; cases: Case[];
};

function toArray(s: Stored): NDArray {
  const data = s.dtype === 'float32' ? Float32Array.from(s.data, Math.fround) : Float64Array.from(s.data);
  return array(data, s.shape);
}

function resolve(arg: unknown): unknown {
  if (arg && typeof arg === 'object' && 'ref' in arg) return toArray(golden.arrays[(arg as { ref: number }).ref]!);
  return arg;
}

const functions: Record<string, (...a: any[]) => NDArray> = {
  ...(ndimage as unknown as Record<string, (...a: any[]) => NDArray>),
  convolve2d, correlate2d,
};

/** Largest |got - want| relative to max(1, max|want|). */
function relativeError(got: NDArray, want: Stored): number {
  let scale = 1, err = 0;
  for (const v of want.data) scale = Math.max(scale, Math.abs(v));
  want.data.forEach((w, i) => {
    const g = got.data[i]!;
    const wv = want.dtype === 'float32' ? Math.fround(w) : w;
    if (Number.isNaN(wv) && Number.isNaN(g)) return;
    err = Math.max(err, Math.abs(g - wv));
  });
  return err / scale;
}

function tolerance(c: Case): number {
  const f32 = c.out.dtype === 'float32';
  // float32 SciPy sums convolve2d in float32; convnd sums in float64.
  if (f32) return c.fn.endsWith('2d') ? 2e-6 : 2.5e-7;
  return c.separable ? 1e-14 : 4e-15;
}

describe('golden vectors from SciPy', () => {
  it(`were made by tools/golden-ndimage.py with SciPy ${String(golden.meta.scipy)}`, () => {
    expect(golden.cases.length).toBeGreaterThan(1000);
  });
  const byFn = new Map<string, Case[]>();
  for (const c of golden.cases) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);
  for (const [fn, cases] of byFn) {
    it(`${fn}: ${cases.length} cases`, () => {
      const failures: string[] = [];
      for (const c of cases) {
        const got = functions[fn]!(...c.args.map(resolve), c.kwargs);
        const label = `${fn}(${c.args.map((a) => (a && typeof a === 'object' && 'ref' in a ? `[${golden.arrays[(a as { ref: number }).ref]!.shape}] ${golden.arrays[(a as { ref: number }).ref]!.dtype}` : JSON.stringify(a))).join(', ')}, ${JSON.stringify(c.kwargs)})`;
        if (got.shape.join() !== c.out.shape.join()) { failures.push(`${label}: shape [${got.shape}] != [${c.out.shape}]`); continue; }
        if (got.dtype !== c.out.dtype) { failures.push(`${label}: dtype ${got.dtype} != ${c.out.dtype}`); continue; }
        const e = relativeError(got, c.out);
        if (!(e <= tolerance(c))) failures.push(`${label}: relative error ${e.toExponential(2)}`);
      }
      expect(failures.slice(0, 10), `${failures.length} of ${cases.length} failed`).toEqual([]);
    });
  }
});
