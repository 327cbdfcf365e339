// Index maps between the user's layouts and the internal channels-last layout, as
// (extent, strides, offset) boxes for copyBox. No copying here.
import type { View } from '../ndarray/types.js';

export type Layout = 'NCHW' | 'NHWC';

/** A strided box: element i lives at offset + sum(i[d] * strides[d]). */
export interface Box {
  extent: number[];
  strides: number[];
  offset: number;
}

/**
 * Reads an activation [N, C, ...spatial] (NCHW) or [N, ...spatial, C] (NHWC) as the
 * box [N, ...spatial, C].
 */
export function channelsLastBox(shape: readonly number[], strides: readonly number[], offset: number, layout: Layout): Box {
  if (layout === 'NHWC') return { extent: [...shape], strides: [...strides], offset };
  return {
    extent: [shape[0]!, ...shape.slice(2), shape[1]!],
    strides: [strides[0]!, ...strides.slice(2), strides[1]!],
    offset,
  };
}

/** Shape of an activation in the user's layout from its channels-last parts. */
export function activationShape(batch: number, spatial: readonly number[], channels: number, layout: Layout): number[] {
  return layout === 'NHWC' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/**
 * Reads a weight as the box [O, I, ...kernel]: OIHW as is, HWIO ([...kernel, I, O])
 * permuted.
 */
export function weightOIBox(w: View, layout: Layout): Box {
  if (layout === 'NCHW') return { extent: [...w.shape], strides: [...w.strides], offset: w.offset };
  const r = w.shape.length - 2;
  return {
    extent: [w.shape[r + 1]!, w.shape[r]!, ...w.shape.slice(0, r)],
    strides: [w.strides[r + 1]!, w.strides[r]!, ...w.strides.slice(0, r)],
    offset: w.offset,
  };
}

/** Shape of a weight in the user's layout from [O, I, ...kernel]. */
export function weightShape(o: number, i: number, kernel: readonly number[], layout: Layout): number[] {
  return layout === 'NHWC' ? [...kernel, i, o] : [o, i, ...kernel];
}
