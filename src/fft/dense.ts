// Real N-d FFT of dense C-order arrays: numpy.fft.rfftn / irfftn semantics over the
// last k axes of a batch. Used by the tests (round trip, naive DFT) and the benchmark;
// the convolution code drives the heap layout directly instead.
import { copyBox } from '../ndarray/copy-box.js';
import { allocate } from '../ndarray/create.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray } from '../ndarray/types.js';
import { HeapLayout, releaseIfLarge } from '../kernels/instance.js';
import { forwardItems, inverseItems, reservePlans, SpectrumLayout } from './real-nd.js';

/** A half spectrum: shape [...batch, ...lengths[0..k-2], floor(n/2) + 1], split complex. */
export interface HalfSpectrum {
  re: FloatArray;
  im: FloatArray;
  shape: number[];
}

/** Lays out plans and `items` zeroed items in the heap; returns the items' address and view. */
function stageItems(lengths: number[], items: number, dtype: DType) {
  const layout = new SpectrumLayout(lengths, dtype);
  const heap = new HeapLayout();
  const { placed, write } = reservePlans(heap, layout);
  const ptr = heap.alloc(items * layout.itemBytes);
  heap.commit();
  write(heap.buffer);
  const Typed = dtype === 'float32' ? Float32Array : Float64Array;
  const view = new Typed(heap.buffer as ArrayBuffer, ptr, items * layout.itemStride);
  view.fill(0);
  return { layout, placed, ptr, view };
}

/** Strides of the row layout, in elements, for the shape [items, ...lengths or spectrum]. */
function layoutStrides(layout: SpectrumLayout): number[] {
  return [layout.itemStride, ...layout.axisStrides];
}

/**
 * Forward real FFT over the last `lengths.length` axes of `x` (C-order, shape
 * [items, ...lengths]). Every length must be a product of 2, 3 and 5.
 *
 * @example
 * const s = rfftnDense(new Float64Array([1, 2, 3, 4]), 1, [4], 'float64');
 * // s.re = [10, -2, -2], s.im = [0, 2, 0]
 */
export function rfftnDense(x: ArrayLike<number>, items: number, lengths: number[], dtype: DType): HalfSpectrum {
  const { layout, placed, ptr, view } = stageItems(lengths, items, dtype);
  const shape = [items, ...lengths];
  copyBox(shape, x, cStrides(shape), 0, view, layoutStrides(layout), 0);
  forwardItems(layout, placed, ptr, items, lengths);
  const specShape = [items, ...lengths.slice(0, -1), layout.specLen];
  const re = allocate(dtype, sizeOf(specShape)), im = allocate(dtype, sizeOf(specShape));
  copyBox(specShape, view, layoutStrides(layout), 0, re, cStrides(specShape), 0);
  copyBox(specShape, view, layoutStrides(layout), layout.imOffset, im, cStrides(specShape), 0);
  releaseIfLarge();
  return { re, im, shape: specShape };
}

/**
 * Inverse of rfftnDense, normalised like numpy.fft.irfftn (divides by prod(lengths)).
 *
 * @example
 * irfftnDense(rfftnDense(x, 1, [4], 'float64'), [4], 'float64'); // ≈ x
 */
export function irfftnDense(s: HalfSpectrum, lengths: number[], dtype: DType): FloatArray {
  const items = s.shape[0]!;
  const { layout, placed, ptr, view } = stageItems(lengths, items, dtype);
  copyBox(s.shape, s.re, cStrides(s.shape), 0, view, layoutStrides(layout), 0);
  copyBox(s.shape, s.im, cStrides(s.shape), 0, view, layoutStrides(layout), layout.imOffset);
  inverseItems(layout, placed, ptr, items, lengths.map(() => 0), lengths);
  const shape = [items, ...lengths];
  const out = allocate(dtype, sizeOf(shape));
  copyBox(shape, view, layoutStrides(layout), 0, out, cStrides(shape), 0);
  const scale = 1 / sizeOf(lengths);
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  releaseIfLarge();
  return out;
}
