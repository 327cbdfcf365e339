// Large direct convolutions run in bands of the output (src/plan/direct-bands.ts). With a
// tiny band budget small problems split into many bands along every kind of axis; the
// result must equal the unbanded one bit for bit (each output is the same sum in the
// same order), the bands must tile the output exactly, and the heap must stay bounded.
import { afterAll, describe, expect, it } from 'vitest';
import { convolve, correlate } from '../src/index.js';
import { convGeometry } from '../src/plan/conv-geometry.js';
import { DEFAULT_BAND_HEAP_BYTES, directHeapBytes, planDirectBands, setBandHeapBytes } from '../src/plan/direct-bands.js';
import { heapSize } from '../src/kernels/instance.js';
import { cStrides, sizeOf } from '../src/ndarray/shape.js';

afterAll(() => setBandHeapBytes(DEFAULT_BAND_HEAP_BYTES));

function randomArray(n: number, f32: boolean, seed: number): Float32Array | Float64Array {
  let s = seed >>> 0 || 1;
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; a[i] = s / 4294967296 - 0.5; }
  return a;
}

/** Index of the first element that differs (bitwise, NaN equal to NaN), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const cases: { label: string; s1: number[]; s2: number[]; axes?: number[] }[] = [
  { label: '(S,S,N): bands of rows along the first convolved axis', s1: [40, 23, 5], s2: [5, 4], axes: [0, 1] },
  { label: '(N,S,S): bands of images along the batch axis', s1: [7, 19, 21], s2: [3, 6], axes: [1, 2] },
  { label: '(S,N,S): batch between convolved axes', s1: [17, 3, 25], s2: [4, 3], axes: [0, 2] },
  { label: '3-D volume', s1: [12, 14, 16], s2: [3, 2, 5] },
  { label: '1-D signal', s1: [3001], s2: [17] },
  { label: '(L,N) 1-D batch innermost', s1: [300, 20], s2: [9], axes: [0] },
  { label: 'per-image filters (S,S,N) x (K,K,N)', s1: [30, 12, 4], s2: [3, 3, 4], axes: [0, 1] },
  { label: 'in1 broadcast (1,S,S) x (N,K,K)', s1: [1, 20, 18], s2: [5, 4, 3], axes: [1, 2] },
];

describe('direct convolution in bands', () => {
  for (const f32 of [false, true]) {
    for (const c of cases) {
      it(`${f32 ? 'float32' : 'float64'} ${c.label}: equals the unbanded result in every mode`, () => {
        const a = { data: randomArray(sizeOf(c.s1), f32, 3), shape: c.s1 };
        const b = { data: randomArray(sizeOf(c.s2), f32, 5), shape: c.s2 };
        for (const mode of ['full', 'same', 'valid'] as const) {
          for (const fn of [convolve, correlate]) {
            const opts = { mode, axes: c.axes, method: 'direct' as const, threads: 1 };
            setBandHeapBytes(DEFAULT_BAND_HEAP_BYTES);
            const whole = fn(a, b, opts);
            // A budget a few rows wide: many bands, and single-index bands when needed.
            setBandHeapBytes(6000);
            const banded = fn(a, b, opts);
            expect(banded.shape).toEqual(whole.shape);
            expect(firstDifference(banded.data, whole.data), `${fn.name} ${mode}`).toBe(-1);
          }
        }
      });
    }
  }

  it('bands tile the output exactly, each within the budget unless a single index exceeds it', () => {
    for (const [s1, s2, axes, budget] of [
      [[40, 23, 5], [5, 4, 1], [0, 1], 6000], [[7, 19, 21], [1, 3, 6], [1, 2], 9000],
      [[12, 14, 16], [3, 2, 5], [0, 1, 2], 4000], [[17, 3, 25], [4, 1, 3], [0, 2], 2500],
    ] as const) {
      setBandHeapBytes(budget);
      const g = convGeometry([...s1], [...s2], 'full', [...axes], 'freq');
      const bands = planDirectBands(g, 8);
      expect(bands.length).toBeGreaterThan(1);
      const covered = new Uint8Array(sizeOf(g.outShape));
      const strides = cStrides(g.outShape);
      for (const band of bands) {
        const shape = band.geometry.outShape;
        if (sizeOf(shape) > 1) expect(directHeapBytes(band.geometry, 8)).toBeLessThanOrEqual(budget);
        for (let i = 0; i < sizeOf(shape); i++) {
          let at = band.offset;
          for (let d = 0, rest = i; d < shape.length; d++) {
            const inner = sizeOf(shape.slice(d + 1));
            at += Math.floor(rest / inner) * strides[d]!;
            rest %= inner;
          }
          covered[at]!++;
        }
      }
      expect(covered.every((n) => n === 1)).toBe(true);
    }
    setBandHeapBytes(DEFAULT_BAND_HEAP_BYTES);
  });

  it('keeps the heap near two band budgets; bands copied out while workers compute the next agree bit for bit', () => {
    // K = 11 makes every band worth splitting over threads (the pool's work threshold),
    // so band i - 1 is copied out while workers run band i.
    setBandHeapBytes(2 << 20);
    const S = 240, N = 8, K = 11;
    const x = { data: randomArray(S * S * N, false, 9), shape: [S, S, N] };
    const w = { data: randomArray(K * K, false, 10), shape: [K, K] };
    const out = convolve(x, w, { mode: 'same', axes: [0, 1], method: 'direct', threads: 2 });
    expect(out.data.length).toBe(S * S * N);
    // ~7 MB of packed input and output without bands; two band regions take ~4 MB.
    expect(heapSize()).toBeLessThan(6 << 20);
    setBandHeapBytes(DEFAULT_BAND_HEAP_BYTES);
    const whole = convolve(x, w, { mode: 'same', axes: [0, 1], method: 'direct', threads: 1 });
    expect(firstDifference(out.data, whole.data)).toBe(-1);
  });

  it('the pool finishes a job whose work-meanwhile throws, then rethrows', async () => {
    const { packDirect, convolveDirect } = await import('../src/conv/direct.js');
    const { runJob } = await import('../src/threads/pool.js');
    const { toView } = await import('../src/ndarray/normalize.js');
    const { expandToAxes } = await import('../src/ndarray/views.js');
    // Enough work that a worker left alone is still running when the error surfaces.
    const S = 400, N = 8, K = 21;
    const x = toView({ data: randomArray(S * S * N, false, 21), shape: [S, S, N] }, 'in1');
    const w = expandToAxes(toView({ data: randomArray(K * K, false, 22), shape: [K, K] }, 'in2'), [0, 1], 3);
    const problem = { in1: x, in2: w, geometry: convGeometry(x.shape, w.shape, 'valid', [0, 1], 'freq'), dtype: 'float64' as const };
    const want = convolveDirect({ ...problem, threads: 1 });
    // Packed above the heap `want` used, so its output memory holds no earlier result.
    const p = packDirect(problem, undefined, packDirect(problem).heapEnd);
    let ran = false;
    expect(() => runJob({
      kernel: p.kernel, args: [p.descriptor, 0, 0], rangeArg: 1, total: p.units, work: p.multiplyAdds,
      meanwhile: () => { ran = true; throw new Error('copy failed'); },
    }, 2)).toThrow('copy failed');
    expect(ran).toBe(true);
    expect(firstDifference(p.finish(), want)).toBe(-1);
  });
});
