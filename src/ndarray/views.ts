// Zero-copy view transforms on normalised views.
import type { View } from './types.js';

/** Reverses the given axes (negated strides, offset moved to the last element). */
export function reverseAxes(v: View, axes: readonly number[]): View {
  const strides = [...v.strides];
  let offset = v.offset;
  for (const a of axes) {
    if (v.shape[a]! > 0) offset += (v.shape[a]! - 1) * strides[a]!;
    strides[a] = -strides[a]!;
  }
  return { data: v.data, shape: [...v.shape], strides, offset, dtype: v.dtype };
}

/**
 * Places a view's axes at positions `axes` of an ndim-dimensional view with unit
 * length elsewhere: axis i of `v` becomes axis axes[i].
 */
export function expandToAxes(v: View, axes: readonly number[], ndim: number): View {
  const shape = new Array<number>(ndim).fill(1);
  const strides = new Array<number>(ndim).fill(0);
  axes.forEach((a, i) => { shape[a] = v.shape[i]!; strides[a] = v.strides[i]!; });
  return { data: v.data, shape, strides, offset: v.offset, dtype: v.dtype };
}
