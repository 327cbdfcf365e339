import { ArgumentError } from '../errors.js';

/** Product of a shape's entries (1 for a 0-d shape). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major (C order) strides in elements. */
export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d]!;
  }
  return strides;
}

/** Throws unless `shape` is a list of non-negative integers. */
export function checkShape(shape: unknown, argument: string): number[] {
  if (!Array.isArray(shape) && !ArrayBuffer.isView(shape)) {
    throw new ArgumentError(argument, `shape must be an array of non-negative integers, got ${String(shape)}`);
  }
  const out = Array.from(shape as ArrayLike<number>, Number);
  for (const s of out) {
    if (!Number.isInteger(s) || s < 0) {
      throw new ArgumentError(argument, `shape must hold non-negative integers, got [${out.join(', ')}]`);
    }
  }
  return out;
}
