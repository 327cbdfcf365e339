// Shapes, strides and the checks on them shared by every array entry point.
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

/** Column-major (Fortran order) strides in elements. */
export function fStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = 0; d < shape.length; d++) {
    strides[d] = stride;
    stride *= shape[d]!;
  }
  return strides;
}

/** Arrays, typed arrays and other array-likes (objects with an integer length). */
function isListLike(x: unknown): x is ArrayLike<unknown> {
  if (Array.isArray(x)) return true;
  if (typeof x !== 'object' || x === null || x instanceof DataView) return false;
  const n = (x as { length?: unknown }).length;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(describe).join(', ')}]`;
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  return String(x);
}

/**
 * Throws unless `shape` is an array-like of non-negative integer numbers
 * whose product is a safe integer. Returns a fresh number[] copy.
 */
export function checkShape(shape: unknown, argument: string): number[] {
  if (!isListLike(shape)) {
    throw new ArgumentError(argument, `shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  const raw = Array.from(shape as ArrayLike<unknown>);
  const out: number[] = [];
  for (const s of raw) {
    // BigInt entries (a BigInt64Array shape) are accepted when they are safe integers.
    const n = typeof s === 'bigint' && s >= 0n && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new ArgumentError(argument, `shape must hold non-negative integers, got ${describe(raw)}`);
    }
    out.push(n);
  }
  if (!Number.isSafeInteger(sizeOf(out))) {
    throw new ArgumentError(argument, `shape ${describe(out)} has more elements than can be addressed`);
  }
  return out;
}

/** Throws unless `strides` holds one integer per axis of `shape`; returns a number[] copy. */
export function checkStrides(strides: unknown, shape: readonly number[], argument: string): number[] {
  const out = isListLike(strides) ? Array.from(strides as ArrayLike<unknown>, (s) => (typeof s === 'bigint' ? Number(s) : s)) : null;
  // 0-d arrays have no strides; stdlib reports [0] for them, which is harmless.
  if (out !== null && shape.length === 0 && out.length <= 1) return [];
  if (out === null || out.length !== shape.length || out.some((s) => typeof s !== 'number' || !Number.isSafeInteger(s))) {
    throw new ArgumentError(argument, `strides must be ${shape.length} integers (one per axis of shape ${describe(shape)}), got ${describe(out ?? strides)}`);
  }
  return out as number[];
}

/** Throws unless `offset` is a non-negative integer. */
export function checkOffset(offset: unknown, argument: string): number {
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new ArgumentError(argument, `offset must be a non-negative integer, got ${describe(offset)}`);
  }
  return offset;
}

/**
 * The lowest and highest element index that a (shape, strides, offset) layout
 * addresses, or null when the layout addresses no element (an empty shape).
 */
export function addressRange(shape: readonly number[], strides: readonly number[], offset: number): [number, number] | null {
  if (sizeOf(shape) === 0) return null;
  let lo = offset, hi = offset;
  for (let d = 0; d < shape.length; d++) {
    const reach = (shape[d]! - 1) * strides[d]!;
    if (reach < 0) lo += reach; else hi += reach;
  }
  return [lo, hi];
}

/**
 * Throws unless every element that the layout addresses lies in [0, length).
 * The message names the argument and spells out the offending layout.
 */
export function checkInBounds(
  shape: readonly number[], strides: readonly number[], offset: number, length: number, argument: string,
): void {
  const range = addressRange(shape, strides, offset);
  if (range === null) return;
  const [lo, hi] = range;
  if (lo < 0 || hi >= length) {
    throw new ArgumentError(argument, `shape ${describe(shape)}, strides ${describe(strides)} and offset ${offset} address elements ${lo}..${hi}, outside data of length ${length}`);
  }
}
