// The public convolve/correlate with method 'direct' against the naive float64 oracle:
// both batch layouts and the transposed one, 1-D to 4-D, every mode, broadcasting,
// per-item filters, strided and reversed views, float32 and float64.
import { describe, expect, it } from 'vitest';
import { convolve, correlate } from '../src/index.js';
import { convGeometry, type ConvMode } from '../src/plan/conv-geometry.js';
import { sizeOf } from '../src/ndarray/shape.js';
import { naiveConvolve } from './support/naive-conv.js';
import { kernelFlavour } from '../src/kernels/instance.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296 - 0.5; };
}

function randomArray(n: number, f32: boolean, seed: number): Float32Array | Float64Array {
  const rnd = seeded(seed);
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rnd();
  return a;
}

/** Dense copy of `b` reversed along `axes` (correlate = convolve with the reversed filter). */
function reverseDense(b: ArrayLike<number>, shape: number[], axes: number[]): Float64Array {
  const out = new Float64Array(b.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < b.length; flat++) {
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) { idx[d] = rest % shape[d]!; rest = Math.floor(rest / shape[d]!); }
    let src = 0;
    for (let d = 0; d < shape.length; d++) src = src * shape[d]! + (axes.includes(d) ? shape[d]! - 1 - idx[d]! : idx[d]!);
    out[flat] = b[src]!;
  }
  return out;
}

interface Case {
  s1: number[];
  s2: number[];
  axes?: number[];
  label: string;
}

/** The oracle: result and per-element error scale (the same sum over |terms|). */
function oracle(a: ArrayLike<number>, s1: number[], b: ArrayLike<number>, s2: number[], mode: ConvMode, axes: number[] | undefined, kind: 'convolve' | 'correlate') {
  let bs = s2;
  const ax = axes ?? s1.map((_, i) => i);
  if (axes && s2.length !== s1.length) bs = s1.map((_, i) => (ax.includes(i) ? s2[ax.indexOf(i)]! : 1));
  let bd: ArrayLike<number> = b;
  if (kind === 'correlate') bd = reverseDense(b, bs, ax);
  const g = convGeometry(s1, bs, mode, [...ax].sort((x, y) => x - y), axes ? 'freq' : 'convolve');
  const [x, y] = g.swapped ? [bd, a] : [a, bd];
  const abs = (v: ArrayLike<number>) => Float64Array.from(v as ArrayLike<number>, Math.abs);
  return { ref: naiveConvolve(x, y, g), scale: naiveConvolve(abs(x), abs(y), g), shape: g.outShape };
}

const cases: Case[] = [
  { label: '(S,S,N) batch innermost', s1: [13, 11, 5], s2: [3, 4], axes: [0, 1] },
  { label: '(N,S,S) batch outermost', s1: [4, 13, 19], s2: [4, 3], axes: [1, 2] },
  { label: '(S,N,S) batch in the middle', s1: [9, 3, 21], s2: [2, 5], axes: [0, 2] },
  { label: '1-D', s1: [37], s2: [6] },
  { label: '1-D long row split into segments (32, 28 and 10 of them)', s1: [1030], s2: [7] },
  { label: '(N,L) 1-D with a filter per row, rows split into segments', s1: [3, 200], s2: [3, 9], axes: [1] },
  { label: '(N,L) 1-D batch', s1: [5, 41], s2: [7], axes: [1] },
  { label: '(L,N) 1-D batch innermost', s1: [41, 3], s2: [4], axes: [0] },
  { label: '(L,N) 1-D, N >= 16: positions run as rows (kw = 1)', s1: [41, 19], s2: [4], axes: [0] },
  { label: '(L,N,M) 1-D, two batch axes innermost, K = 2', s1: [23, 16, 2], s2: [2], axes: [0] },
  { label: '(L,N) 1-D, N >= 16, K longer than half the signal', s1: [13, 40], s2: [9], axes: [0] },
  { label: '2-D', s1: [17, 23], s2: [5, 6] },
  { label: '3-D', s1: [7, 9, 11], s2: [3, 2, 4] },
  { label: '(N,D,H,W)', s1: [2, 6, 7, 9], s2: [2, 3, 3], axes: [1, 2, 3] },
  { label: '(D,H,W,N)', s1: [6, 7, 9, 3], s2: [3, 2, 3], axes: [0, 1, 2] },
  { label: '4-D', s1: [4, 5, 6, 7], s2: [2, 3, 2, 3] },
  { label: 'per-image filters (S,S,N) x (K,K,N)', s1: [10, 12, 3], s2: [3, 3, 3], axes: [0, 1] },
  { label: 'in1 broadcast (S,S,1) x (K,K,N)', s1: [10, 12, 1], s2: [3, 4, 3], axes: [0, 1] },
  { label: 'in2 broadcast (N,S,S) x (1,K,K)', s1: [3, 12, 10], s2: [1, 4, 3], axes: [1, 2] },
  { label: 'in1 smaller than in2 (valid swaps)', s1: [4, 5], s2: [9, 11] },
  { label: 'K = 1', s1: [6, 40], s2: [1, 1] },
  { label: 'wide rows', s1: [5, 70, 3], s2: [3, 5], axes: [0, 1] },
  { label: 'no convolved axis left (length-1 axes broadcast)', s1: [1, 4, 5], s2: [1], axes: [0] },
  { label: 'length-1 conv axis next to a real one', s1: [1, 9, 4], s2: [1, 3], axes: [0, 1] },
];

describe('convolve/correlate with method direct', () => {
  for (const f32 of [false, true]) {
    for (const c of cases) {
      it(`${f32 ? 'float32' : 'float64'} ${c.label}`, () => {
        const a = randomArray(sizeOf(c.s1), f32, 3);
        const b = randomArray(sizeOf(c.s2), f32, 5);
        for (const mode of ['full', 'same', 'valid'] as const) {
          for (const kind of ['convolve', 'correlate'] as const) {
            const fn = kind === 'convolve' ? convolve : correlate;
            const got = fn({ data: a, shape: c.s1 }, { data: b, shape: c.s2 }, { mode, axes: c.axes, method: 'direct', threads: 1 });
            const { ref, scale, shape } = oracle(a, c.s1, b, c.s2, mode, c.axes, kind);
            expect(got.shape, `${kind} ${mode}`).toEqual(shape);
            expect(got.dtype).toBe(f32 ? 'float32' : 'float64');
            const eps = f32 ? 2 ** -23 : 2 ** -52;
            const terms = sizeOf(c.s2);
            for (let i = 0; i < ref.length; i++) {
              const tol = (terms + 2) * eps * scale[i]! + Number.MIN_VALUE;
              if (!(Math.abs(got.data[i]! - ref[i]!) <= tol)) {
                expect.fail(`${kind} ${mode}: element ${i} is ${got.data[i]}, want ${ref[i]}`);
              }
            }
          }
        }
      });
    }
  }

  it('reads strided, offset and reversed views in place', () => {
    const base = randomArray(2 * 9 * 14 + 5, false, 8);
    // Every other element along the last axis, starting at offset 5, rows reversed.
    const view = { data: base, shape: [9, 14], strides: [-28, 2], offset: 5 + 8 * 28 };
    const dense = new Float64Array(9 * 14);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 14; x++) dense[y * 14 + x] = base[5 + (8 - y) * 28 + 2 * x]!;
    const w = randomArray(12, false, 2);
    for (const mode of ['full', 'same', 'valid'] as const) {
      const got = convolve(view, { data: w, shape: [3, 4] }, { mode, method: 'direct' });
      const want = convolve({ data: dense, shape: [9, 14] }, { data: w, shape: [3, 4] }, { mode, method: 'direct' });
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.data)).toEqual(Array.from(want.data));
    }
  });

  // Bit for bit with plain SIMD. With relaxed SIMD (fused multiply-add, e.g. Node 24)
  // the vector body fuses and the scalar tail does not, and the two layouts put a given
  // output in different places, so they agree to rounding only.
  it('batched call equals a loop over the batch in both layouts (bit for bit without FMA)', () => {
    const fused = kernelFlavour() === 'relaxed-simd';
    const same = (got: number, want: number) => {
      if (fused) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want)));
      else expect(got).toBe(want);
    };
    const S = 15, N = 4, K = 5;
    const x = randomArray(S * S * N, true, 4);
    const w = randomArray(K * K, true, 6);
    const ssn = convolve({ data: x, shape: [S, S, N] }, { data: w, shape: [K, K] }, { mode: 'valid', axes: [0, 1], method: 'direct' });
    const nssData = new Float32Array(N * S * S);
    for (let n = 0; n < N; n++) for (let i = 0; i < S * S; i++) nssData[n * S * S + i] = x[i * N + n]!;
    const nss = convolve({ data: nssData, shape: [N, S, S] }, { data: w, shape: [K, K] }, { mode: 'valid', axes: [1, 2], method: 'direct' });
    const O = S - K + 1;
    for (let n = 0; n < N; n++) {
      const one = convolve({ data: nssData.subarray(n * S * S, (n + 1) * S * S), shape: [S, S] }, { data: w, shape: [K, K] }, { mode: 'valid', method: 'direct' });
      for (let i = 0; i < O * O; i++) {
        same(nss.data[n * O * O + i]!, one.data[i]!);
        same(ssn.data[i * N + n]!, one.data[i]!);
      }
    }
  });
});

describe('packDirect work units', () => {
  it('any split of the row units, in any order, through the exported kernel, gives the same result', async () => {
    const { packDirect, convolveDirect } = await import('../src/conv/direct.js');
    const { kernels } = await import('../src/kernels/instance.js');
    const { toView } = await import('../src/ndarray/normalize.js');
    const { expandToAxes } = await import('../src/ndarray/views.js');
    for (const [shape, axes] of [[[11, 13, 3], [0, 1]], [[3, 11, 13], [1, 2]]] as const) {
      const x = toView({ data: randomArray(11 * 13 * 3, false, 12), shape: [...shape] }, 'in1');
      const w = expandToAxes(toView({ data: randomArray(12, false, 13), shape: [3, 4] }, 'in2'), [...axes], 3);
      const problem = { in1: x, in2: w, geometry: convGeometry(x.shape, w.shape, 'same', [...axes], 'freq'), dtype: 'float64' as const };
      const whole = convolveDirect(problem);
      const p = packDirect(problem);
      const k = kernels() as unknown as Record<string, (d: number, f: number, c: number) => void>;
      const cuts = [0, 1, 4, 5, 9, p.units];
      for (let i = cuts.length - 2; i >= 0; i--) k[p.kernel]!(p.descriptor, cuts[i]!, cuts[i + 1]! - cuts[i]!);
      expect(Array.from(p.finish())).toEqual(Array.from(whole));
    }
  });
});
