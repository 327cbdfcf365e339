// The Wasm pass kernels against naive scalar references, XNNPACK style: outputs
// pre-filled with NaN (an element left unwritten fails) and canaries on both sides
// of the output (an overrun fails); widths cover the 8-wide SIMD blocks and tails.
import { describe, expect, it } from 'vitest';
import { HeapLayout, kernels } from '../src/kernels/instance.js';
import { extensionMap } from '../src/plan/boundary.js';
import { kernelSymmetry } from '../src/plan/kernel1d.js';

const CANARY = 12345.678;
const SLACK = 16;

function rand(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}

/** SciPy's per-line arithmetic (NI_Correlate1D / NI_UniformFilter1D) on an extended line. */
function lineReference(ext: number[], nOut: number, op: { w?: Float64Array; size?: number }): number[] {
  const out: number[] = [];
  if (op.size !== undefined) {
    let s = 0;
    for (let p = 0; p < op.size; p++) s += ext[p]!;
    out.push(s / op.size);
    for (let i = 1; i < nOut; i++) { s += ext[i + op.size - 1]! - ext[i - 1]!; out.push(s / op.size); }
    return out;
  }
  const w = op.w!, k = w.length, c = k >> 1, sym = kernelSymmetry(w);
  for (let i = 0; i < nOut; i++) {
    let acc: number;
    if (sym === 0) {
      acc = ext[i + k - 1]! * w[k - 1]!;
      for (let t = 0; t < k - 1; t++) acc += ext[i + t]! * w[t]!;
    } else {
      acc = ext[i + c]! * w[c]!;
      for (let j = 0; j < c; j++) acc += (sym > 0 ? ext[i + j]! + ext[i + k - 1 - j]! : ext[i + j]! - ext[i + k - 1 - j]!) * w[j]!;
    }
    out.push(acc);
  }
  return out;
}

type Op = { w?: Float64Array; size?: number };

/** Column chunk of the uniform slab pass in these tests (narrow, so rows span several). */
const UNIFORM_TEST_CHUNK = 7;

function runPass(outer: number, nIn: number, inner: number, nOut: number, first: number, op: Op, cval: number) {
  const k = kernels();
  const taps = op.w ? op.w.length : op.size!;
  const heap = new HeapLayout();
  const src = heap.alloc(outer * nIn * inner * 8);
  const dst = heap.alloc((outer * nOut * inner + 2 * SLACK) * 8);
  const map = heap.alloc((nOut + taps) * 4);
  const w = heap.alloc(taps * 8);
  const cv = heap.alloc(inner * 8);
  const scratch = heap.alloc(Math.max(k.linesScratchBytes(nOut, taps), taps * 4 + 64, k.uniformSlabScratchBytes(taps, UNIFORM_TEST_CHUNK)));
  heap.commit();
  const b = heap.buffer;
  const x = rand(outer * nIn * inner, nIn * 31 + inner);
  new Float64Array(b, src, x.length).set(x);
  const out = new Float64Array(b, dst, outer * nOut * inner + 2 * SLACK);
  out.fill(NaN);
  out.fill(CANARY, 0, SLACK);
  out.fill(CANARY, out.length - SLACK);
  const m = extensionMap(first, nOut + taps - 1, nIn, 'mirror');
  const mm = new Int32Array(b, map, nOut + taps);
  mm.set(m);
  mm[nOut + taps - 1] = first;
  new Float64Array(b, cv, inner).fill(cval);
  if (op.w) new Float64Array(b, w, taps).set(op.w);
  const d = dst + SLACK * 8;
  const sym = op.w ? kernelSymmetry(op.w) : 0;
  if (inner === 1) {
    if (op.w) k.correlate1dLinesF64(src, d, outer, nIn, nOut, w, taps, sym, map, cval, scratch, 0, outer);
    else k.uniform1dLinesF64(src, d, outer, nIn, nOut, taps, map, cval, scratch, 0, outer);
  } else if (op.w) {
    k.correlate1dSlabF64(src, d, nIn, nOut, inner, w, taps, sym, map, cv, scratch, 0, outer * nOut);
  } else {
    // in column chunks narrower than some rows (a partial last chunk)
    k.uniform1dSlabF64(src, d, nIn, nOut, inner, taps, map, cv, scratch, UNIFORM_TEST_CHUNK, 0, outer * Math.ceil(inner / UNIFORM_TEST_CHUNK));
  }
  const got = Array.from(out);
  // Reference line by line.
  const want: number[] = new Array(outer * nOut * inner);
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    const line = Array.from({ length: nIn }, (_, i) => x[(o * nIn + i) * inner + j]!);
    const ext = Array.from(m, (s) => (s < 0 ? cval : line[s]!));
    lineReference(ext, nOut, op).forEach((v, i) => { want[(o * nOut + i) * inner + j] = v; });
  }
  return { got, want };
}

describe('separable pass kernels', () => {
  const ops: [string, Op][] = [
    ['general 4 taps', { w: rand(4, 3) }],
    ['symmetric 5 taps', { w: Float64Array.of(0.1, 0.2, 0.4, 0.2, 0.1) }],
    ['antisymmetric 3 taps', { w: Float64Array.of(-1, 0, 1) }],
    ['single tap', { w: Float64Array.of(2) }],
    ['uniform 1', { size: 1 }],
    ['uniform 6', { size: 6 }],
  ];
  for (const [name, op] of ops) {
    it(`${name}: lines and slabs, every width 1..19, long halos`, () => {
      for (const inner of [1, 2, 3, 7, 8, 9, 16, 17, 19, 300, 2100]) {
        for (const [nIn, nOut, first] of [[5, 5, -2], [3, 3, -4], [9, 4, 2], [1, 3, -1]] as const) {
          const { got, want } = runPass(2, nIn, inner, nOut, first, op, 0.75);
          for (let i = 0; i < SLACK; i++) {
            expect(got[i], 'canary before the output').toBe(CANARY);
            expect(got[got.length - 1 - i], 'canary after the output').toBe(CANARY);
          }
          want.forEach((v, i) => {
            const g = got[SLACK + i]!;
            if (g !== v) throw new Error(`inner ${inner} nIn ${nIn} nOut ${nOut}: element ${i} is ${g}, want ${v}`);
          });
        }
      }
    });
  }
});

describe('work ranges', () => {
  it('splitting a call into item ranges gives the same bits (what a worker pool will do)', () => {
    const k = kernels();
    const heap = new HeapLayout();
    const outer = 5, n = 37, inner = 11, taps = 5;
    const src = heap.alloc(outer * n * inner * 8);
    const d1 = heap.alloc(outer * n * inner * 8), d2 = heap.alloc(outer * n * inner * 8);
    const map = heap.alloc((n + taps) * 4), w = heap.alloc(taps * 8), cv = heap.alloc(inner * 8);
    const scratch = heap.alloc(k.linesScratchBytes(n, taps) + 4096);
    heap.commit();
    const b = heap.buffer;
    new Float64Array(b, src, outer * n * inner).set(rand(outer * n * inner, 77));
    const mm = new Int32Array(b, map, n + taps);
    mm.set(extensionMap(-2, n + taps - 1, n, 'reflect'));
    mm[n + taps - 1] = -2;
    new Float64Array(b, w, taps).set(rand(taps, 5));
    new Float64Array(b, cv, inner).fill(0);
    const same = () => expect(Array.from(new Float64Array(b, d1, outer * n * inner))).toEqual(Array.from(new Float64Array(b, d2, outer * n * inner)));
    const items = outer * n;
    k.correlate1dSlabF64(src, d1, n, n, inner, w, taps, 0, map, cv, scratch, 0, items);
    k.correlate1dSlabF64(src, d2, n, n, inner, w, taps, 0, map, cv, scratch, 0, 70);
    k.correlate1dSlabF64(src, d2, n, n, inner, w, taps, 0, map, cv, scratch, 70, items - 70);
    same();
    const lines = outer * inner;
    k.correlate1dLinesF64(src, d1, lines, n, n, w, taps, 0, map, 0, scratch, 0, lines);
    k.correlate1dLinesF64(src, d2, lines, n, n, w, taps, 0, map, 0, scratch, 0, 13);
    k.correlate1dLinesF64(src, d2, lines, n, n, w, taps, 0, map, 0, scratch, 13, lines - 13);
    same();
    k.uniform1dLinesF64(src, d1, lines, n, n, taps, map, 0, scratch, 0, lines);
    k.uniform1dLinesF64(src, d2, lines, n, n, taps, map, 0, scratch, 0, 6);
    k.uniform1dLinesF64(src, d2, lines, n, n, taps, map, 0, scratch, 6, lines - 6);
    same();
    // One chunk per row, then chunks of 4 columns in two ranges: columns are independent.
    k.uniform1dSlabF64(src, d1, n, n, inner, taps, map, cv, scratch, inner, 0, outer);
    const chunks = outer * Math.ceil(inner / 4);
    k.uniform1dSlabF64(src, d2, n, n, inner, taps, map, cv, scratch, 4, 0, 5);
    k.uniform1dSlabF64(src, d2, n, n, inner, taps, map, cv, scratch, 4, 5, chunks - 5);
    same();
  });
});

describe('fused slab + lines kernel', () => {
  it('equals the slab pass then the lines pass, for any split of its blocks, f32 rounding included', () => {
    const k = kernels();
    // (outer, n, inner) with inner = rows of lineIn: the slab pass along n, then lines.
    const outer = 3, n = 23, lineIn = 9, lines = 4, inner = lineIn * lines, taps = 5, taps2 = 4, blockRows = 3;
    const size = outer * n * inner;
    const heap = new HeapLayout();
    const src = heap.alloc(size * 8), mid = heap.alloc(size * 8);
    const d1 = heap.alloc(size * 8), d2 = heap.alloc(size * 8);
    const map = heap.alloc((n + taps) * 4), map2 = heap.alloc((lineIn + taps2) * 4);
    const w = heap.alloc(taps * 8), w2 = heap.alloc(taps2 * 8), cv = heap.alloc(inner * 8);
    const scratch = heap.alloc(k.fusedScratchBytes(blockRows, inner, taps, lineIn, taps2) + k.linesScratchBytes(lineIn, taps2));
    heap.commit();
    const b = heap.buffer;
    new Float64Array(b, src, size).set(rand(size, 91));
    const m1 = new Int32Array(b, map, n + taps);
    m1.set(extensionMap(-2, n + taps - 1, n, 'mirror'));
    m1[n + taps - 1] = -2;
    const m2 = new Int32Array(b, map2, lineIn + taps2);
    m2.set(extensionMap(-1, lineIn + taps2 - 1, lineIn, 'constant'));
    m2[lineIn + taps2 - 1] = -1;
    const wv = Float64Array.of(0.1, 0.2, 0.4, 0.2, 0.1); // symmetric
    new Float64Array(b, w, taps).set(wv);
    new Float64Array(b, w2, taps2).set(rand(taps2, 3)); // general
    new Float64Array(b, cv, inner).fill(0.5);
    for (const round of [0, 1]) {
      k.correlate1dSlabF64(src, mid, n, n, inner, w, taps, kernelSymmetry(wv), map, cv, scratch, 0, outer * n);
      if (round) k.roundToF32(mid, size);
      k.correlate1dLinesF64(mid, d1, outer * n * lines, lineIn, lineIn, w2, taps2, 0, map2, 1.5, scratch, 0, outer * n * lines);
      new Float64Array(b, d2, size).fill(NaN);
      const items = outer * Math.ceil(n / blockRows);
      const fused = (first: number, count: number) => k.correlate1dFusedF64(
        src, d2, n, n, inner, w, taps, kernelSymmetry(wv), map, cv,
        lineIn, lineIn, w2, taps2, 0, map2, 1.5, round, blockRows, scratch, first, count);
      fused(0, 5);
      fused(5, items - 5);
      expect(Array.from(new Float64Array(b, d2, size))).toEqual(Array.from(new Float64Array(b, d1, size)));
    }
  });
});

describe('fused uniform slab + lines kernel', () => {
  // (outer, n, inner): the uniform slab pass along n, then the uniform lines pass along
  // the rows of `inner`. Odd and even row counts (a lone last row), bands that replay
  // the running sums, halos on both sides of the rows (first2 < 0 and windows past the
  // end), a fill value, and float32 rounding between the passes.
  const cases = [
    { outer: 3, n: 23, inner: 9, size: 5, size2: 4, first: -2, first2: -1, mode: 'mirror', mode2: 'constant' },
    { outer: 2, n: 8, inner: 14, size: 3, size2: 6, first: -1, first2: -4, mode: 'wrap', mode2: 'reflect' },
    { outer: 1, n: 5, inner: 3, size: 9, size2: 7, first: -4, first2: -3, mode: 'nearest', mode2: 'wrap' },
    { outer: 2, n: 17, inner: 11, size: 4, size2: 2, first: -2, first2: 0, mode: 'constant', mode2: 'mirror' },
  ] as const;
  for (const c of cases) {
    it(`equals the slab pass then the lines pass for any band split (${JSON.stringify(c)})`, () => {
      const k = kernels();
      const { outer, n, inner, size: taps, size2: taps2 } = c;
      const total = outer * n * inner;
      const heap = new HeapLayout();
      const src = heap.alloc(total * 8), mid = heap.alloc(total * 8);
      const d1 = heap.alloc(total * 8), d2 = heap.alloc((total + 2 * SLACK) * 8);
      const map = heap.alloc((n + taps) * 4), map2 = heap.alloc((inner + taps2) * 4), cv = heap.alloc(inner * 8);
      const slabScratch = heap.alloc(k.uniformSlabScratchBytes(taps, inner) + k.linesScratchBytes(inner, taps2));
      const scratch = heap.alloc(k.uniformFusedScratchBytes(inner, inner, taps2, c.first2));
      heap.commit();
      const b = heap.buffer;
      new Float64Array(b, src, total).set(rand(total, n * 7 + inner));
      const m1 = new Int32Array(b, map, n + taps);
      m1.set(extensionMap(c.first, n + taps - 1, n, c.mode));
      m1[n + taps - 1] = c.first;
      const m2 = new Int32Array(b, map2, inner + taps2);
      m2.set(extensionMap(c.first2, inner + taps2 - 1, inner, c.mode2));
      m2[inner + taps2 - 1] = c.first2;
      new Float64Array(b, cv, inner).fill(0.5);
      const out = new Float64Array(b, d2, total + 2 * SLACK);
      for (const round of [0, 1]) {
        k.uniform1dSlabF64(src, mid, n, n, inner, taps, map, cv, slabScratch, inner, 0, outer);
        if (round) k.roundToF32(mid, total);
        k.uniform1dLinesF64(mid, d1, outer * n, inner, inner, taps2, map2, 1.5, slabScratch, 0, outer * n);
        const want = Array.from(new Float64Array(b, d1, total));
        for (const [bands, firstBand] of [[1, 0], [2, 0], [3, 0], [n, 0], [2, n - 2], [3, 1], [3, n + 1]] as const) {
          out.fill(NaN);
          out.fill(CANARY, 0, SLACK);
          out.fill(CANARY, SLACK + total);
          const fused = (first: number, count: number) => k.uniformFusedF64(
            src, d2 + SLACK * 8, n, n, inner, taps, map, cv, inner, taps2, map2, 1.5, round, bands, firstBand, 0, scratch, first, count);
          const items = outer * bands;
          const cut = Math.min(items, 2);
          fused(cut, items - cut);
          fused(0, cut);
          expect(Array.from(out.subarray(SLACK, SLACK + total))).toEqual(want);
          expect(out.subarray(0, SLACK).every((v) => v === CANARY) && out.subarray(SLACK + total).every((v) => v === CANARY)).toBe(true);
        }
      }
    });
  }
});
