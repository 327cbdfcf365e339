// Overlap-add convolution (scipy.signal.oaconvolve): the larger operand along each axis
// is cut into blocks of the step SciPy's `_calc_oa_lens` chooses; every pair of blocks
// is convolved through FFTs of the short block length, sharing one spectrum of the
// unsplit operand, and the block results are added into the output window.
// When no axis is split SciPy falls back to fftconvolve, and so does this.
// convolveBlocks is the same machinery for any block lengths (fftconvolve uses it with
// convnd's own lengths for long 1-d signals, see fft-convolve.ts).
import { addBox, addRun } from '../ndarray/add-box.js';
import { copyStrided } from './strided-copy.js';
import { copyRun } from '../ndarray/copy-box.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { FloatArray } from '../ndarray/types.js';
import { fftLengthForWindow, nextFastEvenLen, nextFastLen } from '../plan/fast-len.js';
import { calcOaLens, type OaLens } from '../plan/oa-lens.js';
import { batchMap, operandSource } from './batch-map.js';
import type { DirectProblem } from './direct.js';
import { convolveWhole } from './fft-whole.js';
import { convolveInFrequency } from './frequency-domain.js';
import { allocate } from '../ndarray/create.js';

/** C-order multi-index of `index` in a grid of shape `counts`. */
function unravel(index: number, counts: readonly number[], out: number[]): number[] {
  for (let d = counts.length - 1; d >= 0; d--) {
    out[d] = index % counts[d]!;
    index = Math.floor(index / counts[d]!);
  }
  return out;
}

/** Offset of every index of a box `shape` (C order) in a buffer with `strides`. */
function boxOffsets(shape: readonly number[], strides: readonly number[]): Float64Array {
  const offsets = new Float64Array(sizeOf(shape)), index: number[] = [];
  for (let i = 0; i < offsets.length; i++) {
    unravel(i, shape, index);
    offsets[i] = index.reduce((sum, j, d) => sum + j * strides[d]!, 0);
  }
  return offsets;
}

/** Computes the geometry's output window of in1 (*) in2 by overlap-add; returns it, C-order. */
export function convolveOverlapAdd(problem: DirectProblem): FloatArray {
  const g = problem.geometry;
  if (g.convAxes.length === 0 || sizeOf(g.outShape) === 0) return convolveWhole(problem);
  const lens = g.convAxes.map((a) => calcOaLens(g.shape1[a]!, g.shape2[a]!));
  if (lens.every((l) => l.overlap === null)) return convolveWhole(problem);
  return convolveBlocks(problem, lens);
}

/**
 * Overlap-add with the given per-convolved-axis block lengths (at least one axis split,
 * geometry with at least one convolved axis and a non-empty output).
 */
export function convolveBlocks(problem: DirectProblem, lens: readonly OaLens[]): FloatArray {
  const { in1, in2, geometry: g, dtype } = problem;
  const m = batchMap(g);
  const k = m.convAxes.length;
  const n1 = m.convAxes.map((a) => g.shape1[a]!);
  const n2 = m.convAxes.map((a) => g.shape2[a]!);

  const start = m.convAxes.map((a) => g.start[a]!);
  const outLen = m.convAxes.map((a) => g.outShape[a]!);
  const step1 = lens.map((l) => l.in1Step), step2 = lens.map((l) => l.in2Step);
  const split = lens.map((l) => l.overlap !== null);
  const blocks1 = n1.map((n, d) => Math.ceil(n / step1[d]!));
  const blocks2 = n2.map((n, d) => Math.ceil(n / step2[d]!));
  const nb1 = sizeOf(blocks1), nb2 = sizeOf(blocks2);
  // Split axes: blocks of step1 + step2 - 1 results never wrap. Unsplit axes: one block
  // each, so the shorter window-only length of fftconvolve applies.
  const lengths = m.convAxes.map((_, d) => {
    const even = d === k - 1;
    if (!split[d]) return fftLengthForWindow(n1[d]!, n2[d]!, start[d]!, outLen[d]!, even);
    const need = step1[d]! + step2[d]! - 1;
    return even ? nextFastEvenLen(need) : nextFastLen(need);
  });

  const products = m.outItems * nb1 * nb2;
  const pairs = new Int32Array(2 * products);
  for (let q = 0, p = 0; q < m.outItems; q++) {
    for (let i1 = 0; i1 < nb1; i1++) {
      for (let i2 = 0; i2 < nb2; i2++, p++) {
        pairs[2 * p] = m.in1ItemOf[q]! * nb1 + i1;
        pairs[2 * p + 1] = m.in2ItemOf[q]! * nb2 + i2;
      }
    }
  }

  const out = allocate(dtype, sizeOf(g.outShape));
  const outStrides = cStrides(g.outShape);
  const packBlocks = (
    v: typeof in1, n: number[], step: number[], blockCounts: number[], nb: number, itemBatch: number[],
    dst: FloatArray, itemStride: number, axisStrides: readonly number[],
  ) => {
    const src = operandSource(v, g, m);
    const batchStrides = src.strides.slice(0, m.batchAxes.length), convStrides = src.strides.slice(m.batchAxes.length);
    const dstBatchStrides = cStrides(itemBatch).map((s) => s * nb * itemStride);
    if (k === 1 && convStrides[0] === 1 && axisStrides[0] === 1) {
      // A long signal is thousands of short blocks, each one contiguous run in both
      // buffers: copied run by run, with nothing allocated per block.
      const srcItems = boxOffsets(itemBatch, batchStrides), dstItems = boxOffsets(itemBatch, dstBatchStrides);
      for (let item = 0; item < srcItems.length; item++) {
        for (let blk = 0; blk < nb; blk++) {
          const first = blk * step[0]!;
          copyRun(v.data, src.offset + srcItems[item]! + first, dst, dstItems[item]! + blk * itemStride, Math.min(step[0]!, n[0]! - first));
        }
      }
      return;
    }
    const dstStrides = [...dstBatchStrides, ...axisStrides];
    const extent = [...itemBatch, ...new Array<number>(k).fill(0)];
    const index: number[] = [];
    for (let blk = 0; blk < nb; blk++) {
      unravel(blk, blockCounts, index);
      let offset = src.offset;
      for (let d = 0; d < k; d++) {
        offset += index[d]! * step[d]! * convStrides[d]!;
        extent[itemBatch.length + d] = Math.min(step[d]!, n[d]! - index[d]! * step[d]!);
      }
      // copyStrided: batch-innermost blocks ((S, S, N) stacks) are transposed in tiles.
      copyStrided(extent, v.data, src.strides, offset, dst, dstStrides, blk * itemStride);
    }
  };
  /**
   * One convolved axis: each product is one run, added into its output item with a
   * plain loop (the general box walk below costs more than the adds for short blocks).
   * Same products in the same order, so the same sums.
   */
  const addRuns = (src: FloatArray, srcStride: number, productOffset: (p: number) => number): void => {
    const itemOffset = boxOffsets(m.outBatch, m.batchAxes.map((a) => outStrides[a]!));
    const outStride = outStrides[m.convAxes[0]!]!;
    const s1 = step1[0]!, s2 = step2[0]!, len1 = n1[0]!, len2 = n2[0]!, lo = start[0]!, hi = lo + outLen[0]!;
    for (let p = 0; p < products; p++) {
      const o1 = (Math.floor(p / nb2) % nb1) * s1, o2 = (p % nb2) * s2;
      const from = Math.max(o1 + o2, lo);
      const to = Math.min(o1 + o2 + Math.min(s1, len1 - o1) + Math.min(s2, len2 - o2) - 1, hi);
      const s = productOffset(p) + (from - o1 - o2) * srcStride;
      const d = itemOffset[Math.floor(p / (nb1 * nb2))]! + (from - lo) * outStride;
      addRun(src, s, srcStride, out, d, outStride, to - from);
    }
  };

  convolveInFrequency({
    dtype, threads: problem.threads, lengths, in1Items: m.in1Items * nb1, in2Items: m.in2Items * nb2, pairs,
    extent1: step1.map((s, d) => Math.min(s, n1[d]!)),
    extent2: step2.map((s, d) => Math.min(s, n2[d]!)),
    lo: lengths.map((_, d) => (split[d] ? 0 : start[d]!)),
    hi: lengths.map((l, d) => (split[d] ? l : start[d]! + outLen[d]!)),
    pack1: (dst, layout) => packBlocks(in1, n1, step1, blocks1, nb1, m.in1Batch, dst, layout.itemStride, layout.axisStrides),
    pack2: (dst, layout) => packBlocks(in2, n2, step2, blocks2, nb2, m.in2Batch, dst, layout.itemStride, layout.axisStrides),
    unpack: (src, layout, productOffset) => {
      if (k === 1) return addRuns(src, layout.axisStrides[0]!, productOffset);
      const b1: number[] = [], b2: number[] = [], batchIndex: number[] = [];
      const convOutStrides = m.convAxes.map((a) => outStrides[a]!);
      const extent = new Array<number>(k);
      for (let p = 0; p < products; p++) {
        const q = Math.floor(p / (nb1 * nb2));
        unravel(Math.floor(p / nb2) % nb1, blocks1, b1);
        unravel(p % nb2, blocks2, b2);
        unravel(q, m.outBatch, batchIndex);
        let srcOffset = productOffset(p), dstOffset = 0;
        m.batchAxes.forEach((a, b) => { dstOffset += batchIndex[b]! * outStrides[a]!; });
        let empty = false;
        for (let d = 0; d < k; d++) {
          const o1 = b1[d]! * step1[d]!, o2 = b2[d]! * step2[d]!;
          const len = Math.min(step1[d]!, n1[d]! - o1) + Math.min(step2[d]!, n2[d]! - o2) - 1;
          const from = Math.max(o1 + o2, start[d]!), to = Math.min(o1 + o2 + len, start[d]! + outLen[d]!);
          if (to <= from) { empty = true; break; }
          extent[d] = to - from;
          srcOffset += (from - o1 - o2) * layout.axisStrides[d]!;
          dstOffset += (from - start[d]!) * convOutStrides[d]!;
        }
        if (!empty) addBox(extent, src, layout.axisStrides, srcOffset, out, convOutStrides, dstOffset);
      }
    },
  });
  return out;
}
