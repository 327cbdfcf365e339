// Convolution through one FFT per item (scipy.signal.fftconvolve's algorithm): zero-pad
// both operands to fast lengths, multiply spectra, transform back, read the mode's window.
//
// The FFT length along an axis only has to avoid circular wrap-around inside the
// window [s, s + out) of the full result (length n1 + n2 - 1): a circular
// convolution of length L equals the linear one there when L >= s + out and
// L >= n1 + n2 - 1 - s. So 'same' pads to n1 + ceil((n2 - 1) / 2) and 'valid' to n1
// instead of n1 + n2 - 1. The real (last) axis is padded to an even length because
// the even real FFT runs at half cost.
import { copyBox } from '../ndarray/copy-box.js';
import { copyStrided } from './strided-copy.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { FloatArray } from '../ndarray/types.js';
import { fftLengthForWindow } from '../plan/fast-len.js';
import { DENSE_STAGING_MAX_ROW } from '../plan/block-lens.js';
import { batchMap, operandSource, type BatchMap } from './batch-map.js';
import type { DirectProblem } from './direct.js';
import { convolveInFrequency } from './frequency-domain.js';
import { allocateUninitialized } from '../ndarray/create.js';
import { packTransposed, unpackTransposed } from './heap-transpose.js';

/** Computes the geometry's output window of in1 (*) in2 through FFTs; returns it, C-order. */
export function convolveWhole({ in1, in2, geometry: g, dtype, threads }: DirectProblem): FloatArray {
  // Every element is written by the unpack (or the broadcast product): no zero fill.
  const out = allocateUninitialized(dtype, sizeOf(g.outShape));
  if (out.length === 0) return out;
  const m = batchMap(g);
  if (m.convAxes.length === 0) return broadcastProduct({ in1, in2, geometry: g, dtype }, m, out);
  const k = m.convAxes.length;
  const n1 = m.convAxes.map((a) => g.shape1[a]!);
  const n2 = m.convAxes.map((a) => g.shape2[a]!);
  const start = m.convAxes.map((a) => g.start[a]!);
  const outLen = m.convAxes.map((a) => g.outShape[a]!);
  const lengths = m.convAxes.map((_, d) => fftLengthForWindow(n1[d]!, n2[d]!, start[d]!, outLen[d]!, d === k - 1));

  const pairs = new Int32Array(2 * m.outItems);
  for (let q = 0; q < m.outItems; q++) { pairs[2 * q] = m.in1ItemOf[q]!; pairs[2 * q + 1] = m.in2ItemOf[q]!; }
  const src1 = operandSource(in1, g, m), src2 = operandSource(in2, g, m);

  // Products are C-ordered over the output batch, each item over the convolved axes:
  // read the output window from `src` (those strides, in that order) into the result's
  // original axis order.
  const windowStrides = (batchStrides: readonly number[], convStrides: readonly number[]): number[] => {
    const srcStrides = new Array<number>(g.outShape.length);
    m.batchAxes.forEach((a, b) => { srcStrides[a] = batchStrides[b]!; });
    m.convAxes.forEach((a, d) => { srcStrides[a] = convStrides[d]!; });
    return srcStrides;
  };
  const readWindow = (src: FloatArray, batchStrides: readonly number[], convStrides: readonly number[], offset: number): void => {
    copyStrided(g.outShape, src, windowStrides(batchStrides, convStrides), offset, out, cStrides(g.outShape), 0);
  };

  convolveInFrequency({
    dtype, threads, lengths, in1Items: m.in1Items, in2Items: m.in2Items, pairs,
    extent1: n1, extent2: n2,
    lo: start, hi: start.map((s, d) => s + outLen[d]!),
    // copyStrided: batch-innermost items are transposed in tiles (strided-transpose.ts).
    pack1: (dst, layout) => copyStrided([...m.in1Batch, ...n1], in1.data, src1.strides, src1.offset,
      dst, [...cStrides(m.in1Batch).map((s) => s * layout.itemStride), ...layout.axisStrides], 0),
    pack2: (dst, layout) => copyStrided([...m.in2Batch, ...n2], in2.data, src2.strides, src2.offset,
      dst, [...cStrides(m.in2Batch).map((s) => s * layout.itemStride), ...layout.axisStrides], 0),
    unpack: (src, layout) => readWindow(src, cStrides(m.outBatch).map((s) => s * layout.itemStride), layout.axisStrides,
      start.reduce((o, s, d) => o + s * layout.axisStrides[d]!, 0)),
    // Dense staging saves one JS copy call per row: worth it for short rows; long rows
    // move fast row by row, and staging would add a pass over a large array.
    dense: n1[k - 1]! > DENSE_STAGING_MAX_ROW ? undefined : {
      // Batch-innermost data ((S, S, N) stacks) is transposed in the heap when it can be.
      stage1: (dst, heap) => {
        const box = [...m.in1Batch, ...n1], dense = cStrides(box);
        if (heap.scratch && packTransposed(box, in1.data, src1.strides, src1.offset, dst, heap.ptr, dense, heap.scratch)) return;
        copyStrided(box, in1.data, src1.strides, src1.offset, dst, dense, 0);
      },
      unpack: (src, heap) => {
        // src is C-ordered as [...outBatch, ...outLen].
        const dense = cStrides([...m.outBatch, ...outLen]);
        const batch = dense.slice(0, m.batchAxes.length), conv = dense.slice(m.batchAxes.length);
        if (heap.scratch && unpackTransposed(g.outShape, src, heap.ptr, windowStrides(batch, conv), out, heap.scratch)) return;
        readWindow(src, batch, conv, 0);
      },
    },
  });
  return out;
}

/**
 * No axis left to convolve (fftconvolve's rules drop axes where an input has length 1):
 * the result is the broadcast product over the output window.
 */
function broadcastProduct({ in1, in2, geometry: g }: DirectProblem, m: BatchMap, out: FloatArray): FloatArray {
  const src1 = operandSource(in1, g, m), src2 = operandSource(in2, g, m);
  const dense = cStrides(g.outShape);
  const other = out instanceof Float32Array ? new Float32Array(out.length) : new Float64Array(out.length);
  copyBox(g.outShape, in1.data, src1.strides, src1.offset, out, dense, 0);
  copyBox(g.outShape, in2.data, src2.strides, src2.offset, other, dense, 0);
  for (let i = 0; i < out.length; i++) out[i]! *= other[i]!;
  return out;
}

