// copyBox against a naive per-element reference, for every path it takes: 0-d, empty
// boxes, element loops (short rows, strided rows, plain arrays) and the bulk
// TypedArray.set path (long contiguous rows, including between different array types).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyBox } from '../src/ndarray/copy-box.js';

type Buffer = Float64Array | Float32Array | Int16Array | number[];

/** Naive reference: visits every index of the box and computes both addresses. */
function naiveCopy(extent: number[], src: ArrayLike<number>, ss: number[], so: number, dst: Buffer, ds: number[], doff: number): void {
  const walk = (d: number, s: number, t: number): void => {
    if (d === extent.length) { dst[t] = src[s]!; return; }
    for (let i = 0; i < extent[d]!; i++) walk(d + 1, s + i * ss[d]!, t + i * ds[d]!);
  };
  if (extent.every((n) => n > 0)) walk(0, so, doff);
}

const kinds = ['f64', 'f32', 'i16', 'array'] as const;
function make(kind: (typeof kinds)[number], n: number, fill: (i: number) => number): Buffer {
  const values = Array.from({ length: n }, (_, i) => fill(i));
  if (kind === 'f64') return Float64Array.from(values);
  if (kind === 'f32') return Float32Array.from(values);
  if (kind === 'i16') return Int16Array.from(values);
  return values;
}

/** A box with per-axis source/destination strides laid out in a random axis order. */
const arbCase = fc.record({
  extent: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 3 }),
  inner: fc.integer({ min: 0, max: 80 }),
  srcKind: fc.constantFrom(...kinds),
  dstKind: fc.constantFrom(...kinds),
  srcStep: fc.constantFrom(1, 1, 2, -1),
  dstStep: fc.constantFrom(1, 1, 3),
  srcPad: fc.integer({ min: 0, max: 5 }),
  dstPad: fc.integer({ min: 0, max: 5 }),
  transposeSrc: fc.boolean(),
});

function layout(extent: number[], step: number, transpose: boolean, pad: number): { strides: number[]; offset: number; length: number } {
  const order = extent.map((_, d) => d);
  if (transpose) order.reverse();
  const strides = new Array<number>(extent.length);
  let s = Math.abs(step);
  for (let k = order.length - 1; k >= 0; k--) { const d = order[k]!; strides[d] = s; s *= Math.max(1, extent[d]!); }
  let offset = pad;
  if (step < 0) {
    const last = extent.length - 1;
    if (last >= 0) { offset += (Math.max(1, extent[last]!) - 1) * strides[last]!; strides[last] = -strides[last]!; }
  }
  return { strides, offset, length: s + 2 * pad };
}

describe('copyBox', () => {
  it('matches a naive per-element copy on random boxes, layouts and array types (property)', () => {
    fc.assert(fc.property(arbCase, (c) => {
      const extent = [...c.extent, c.inner];
      const src = layout(extent, c.srcStep, c.transposeSrc, c.srcPad);
      const dst = layout(extent, c.dstStep, false, c.dstPad);
      const srcBuf = make(c.srcKind, src.length, (i) => (i * 7) % 1000 - 500);
      // Pre-fill destinations with a sentinel so unwritten or overrun elements show.
      const got = make(c.dstKind, dst.length, () => -999);
      const want = make(c.dstKind, dst.length, () => -999);
      copyBox(extent, srcBuf, src.strides, src.offset, got, dst.strides, dst.offset);
      naiveCopy(extent, srcBuf, src.strides, src.offset, want, dst.strides, dst.offset);
      expect(Array.from(got)).toEqual(Array.from(want));
    }), { numRuns: 400 });
  });

  it('copies a 0-d box and leaves an empty box untouched', () => {
    const dst = new Float64Array([7, 7]);
    copyBox([], Float64Array.of(1, 2, 3), [], 2, dst, [], 1);
    expect(Array.from(dst)).toEqual([7, 3]);
    copyBox([4, 0, 100], new Float64Array(1), [0, 0, 1], 0, dst, [0, 0, 1], 0);
    expect(Array.from(dst)).toEqual([7, 3]);
  });

  it('converts on the bulk path exactly as element assignment does', () => {
    const src = Float64Array.from({ length: 64 }, (_, i) => 0.1 * i + 1e-9);
    const bulk = new Float32Array(64);
    copyBox([64], src, [1], 0, bulk, [1], 0);
    for (let i = 0; i < 64; i++) expect(bulk[i]).toBe(Math.fround(src[i]!));
  });
});
