// Transposing box copies (src/conv/heap-transpose.ts in Wasm, src/conv/strided-transpose.ts
// in JavaScript) against copyBox, the element-by-element definition, in float64 and
// float32, with slabs, several outer axes, tile tails and NaN-filled destinations.
import { describe, expect, it } from 'vitest';
import { HeapLayout } from '../src/kernels/instance.js';
import { copyBox } from '../src/ndarray/copy-box.js';
import { cStrides } from '../src/ndarray/shape.js';
import { copyStrided } from '../src/conv/strided-copy.js';
import { packTransposed, transposeInHeap, unpackTransposed } from '../src/conv/heap-transpose.js';
import { planTranspose } from '../src/conv/strided-transpose.js';

// [extent, src strides, src offset]: each transposes into a dense C-order destination.
const boxes: [string, number[], number[], number][] = [
  ['(S, S, N) -> (N, S, S)', [4, 13, 11], [1, 44, 4], 0],
  ['2-d, tile tails', [37, 70], [1, 37], 0],
  ['odd sizes, offset source', [3, 33, 5], [1, 15, 3], 7],
  ['two outer axes', [2, 3, 9, 6], [54, 1, 6, 3], 0],
  ['window of a larger array', [5, 7, 3], [1, 40, 5], 12],
];

describe.each([['float64', Float64Array], ['float32', Float32Array]] as const)('%s', (dtype, Typed) => {
  for (const [name, extent, srcStrides, srcOffset] of boxes) {
    const dstStrides = cStrides(extent);
    const n = extent.reduce((p, q) => p * q, 1);
    const srcLength = srcOffset + extent.reduce((s, e, d) => s + (e - 1) * srcStrides[d]!, 0) + 1;
    const src = Typed.from(Array.from({ length: srcLength + 5 }, (_, i) => i * 0.25 - 7));
    const want = new Typed(n).fill(NaN);
    copyBox(extent, src, srcStrides, srcOffset, want, dstStrides, 0);

    it(`${name}: the plan transposes`, () => {
      expect(planTranspose(extent, srcStrides, dstStrides)).not.toBeNull();
    });

    it(`${name}: copyStrided (tiled JavaScript)`, () => {
      const got = new Typed(n).fill(NaN);
      copyStrided(extent, src, srcStrides, srcOffset, got, dstStrides, 0);
      expect(Array.from(got)).toEqual(Array.from(want));
    });

    it(`${name}: packTransposed and unpackTransposed (Wasm)`, () => {
      const bytes = Typed.BYTES_PER_ELEMENT;
      const heap = new HeapLayout();
      const scratch = heap.alloc(src.length * bytes), dst = heap.alloc((n + 8) * bytes), back = heap.alloc(n * bytes);
      heap.commit();
      const buffer = heap.buffer as ArrayBuffer;
      const view = new Typed(buffer, dst, n + 8).fill(NaN);
      expect(packTransposed(extent, src, srcStrides, srcOffset, view, dst, dstStrides, { ptr: scratch, length: src.length })).toBe(true);
      expect(Array.from(view.subarray(0, n))).toEqual(Array.from(want));
      expect(view.subarray(n).every((v) => Number.isNaN(v)), 'nothing written past the box').toBe(true);
      // And back: the dense box read with the inverse permutation recovers a dense copy.
      const out = new Typed(n).fill(NaN);
      const perm = extent.map((_, d) => d).reverse();
      const revExtent = perm.map((d) => extent[d]!), revStrides = perm.map((d) => dstStrides[d]!);
      expect(unpackTransposed(revExtent, view, dst, revStrides, out, { ptr: back, length: n })).toBe(true);
      const wantBack = new Typed(n).fill(NaN);
      copyBox(revExtent, want, revStrides, 0, wantBack, cStrides(revExtent), 0);
      expect(Array.from(out)).toEqual(Array.from(wantBack));
    });
  }

  it('declines copies that do not transpose, mixed types and small scratch', () => {
    const heap = new HeapLayout();
    const ptr = heap.alloc(4096);
    heap.commit();
    const view = new Typed(heap.buffer as ArrayBuffer, ptr, 64);
    const src = new Typed(64);
    expect(transposeInHeap([4, 8], ptr, [8, 1], ptr + 512, [8, 1], dtype)).toBe(false);
    const other = dtype === 'float32' ? new Float64Array(64) : new Float32Array(64);
    expect(packTransposed([4, 8], other, [1, 4], 0, view, ptr, [8, 1], { ptr: ptr + 1024, length: 64 })).toBe(false);
    expect(packTransposed([4, 8], src, [1, 4], 0, view, ptr, [8, 1], { ptr: ptr + 1024, length: 16 })).toBe(false);
  });
});
