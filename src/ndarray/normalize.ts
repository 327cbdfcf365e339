// Normalises every accepted input kind into one View ({data, shape, strides, offset, dtype}).
// Strided typed-array and number[] data are read in place; nested JS arrays are flattened
// into a Float64Array, and 64-bit integer data (BigInt64Array, BigUint64Array) is converted
// to a Float64Array because its elements are BigInts, not numbers.
import { ArgumentError } from '../errors.js';
import { checkInBounds, checkOffset, checkShape, checkStrides, cStrides, sizeOf } from './shape.js';
import type { ArrayInput, DType, View } from './types.js';

type TypedArray = Exclude<ArrayBufferView, DataView>;

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function isBigIntArray(x: unknown): x is BigInt64Array | BigUint64Array {
  return x instanceof BigInt64Array || x instanceof BigUint64Array;
}

function dtypeOfData(data: ArrayLike<number>): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

/**
 * Checks the `data` of an ndarray-like object and returns it as numbers: typed arrays
 * as they are (BigInt ones converted), number[] after checking every element.
 * `dtype` is the object's own dtype tag if it has one (stdlib), used in messages.
 */
export function numericData(data: unknown, argument: string, dtype?: unknown): ArrayLike<number> {
  if (isBigIntArray(data)) return Float64Array.from(data, Number);
  if (isTypedArray(data)) return data as unknown as ArrayLike<number>;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') {
        throw new ArgumentError(argument, `data[${i}] is ${typeName(data[i])}, expected a number`);
      }
    }
    return data as number[];
  }
  const tag = typeof dtype === 'string' ? ` (dtype '${dtype}': convnd reads real numbers only)` : '';
  throw new ArgumentError(argument, `data must be a typed array or an array of numbers, got ${typeName(data)}${tag}`);
}

/** A list level of a nested input: a JS array or (as the innermost level) a typed array. */
function isListNode(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || isTypedArray(x);
}

/** The shape of a nested array, read along its first elements (checked when flattening). */
function nestedShape(x: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = x;
  while (isListNode(level)) {
    shape.push(level.length);
    if (level.length === 0 || isTypedArray(level)) break;
    level = level[0];
  }
  return shape;
}

function flattenNested(x: unknown, shape: number[], argument: string): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    const where = path || 'the top level';
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        const what = isListNode(node) ? 'an array (ragged nesting)' : typeName(node);
        throw new ArgumentError(argument, `expected a number at ${where}, got ${what}`);
      }
      out[k++] = node;
      return;
    }
    if (!isListNode(node)) {
      throw new ArgumentError(argument, `ragged nested array: expected an array of length ${shape[depth]} at ${where}, got ${typeName(node)}`);
    }
    if (node.length !== shape[depth]) {
      throw new ArgumentError(argument, `ragged nested array: expected length ${shape[depth]} at ${where}, got length ${node.length}`);
    }
    if (isTypedArray(node)) {
      if (depth !== shape.length - 1) {
        throw new ArgumentError(argument, `ragged nested array: expected ${shape.length - depth} more levels of nesting at ${where}, got a typed array`);
      }
      for (let i = 0; i < node.length; i++) out[k++] = Number((node as ArrayLike<number | bigint>)[i]);
      return;
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(x, 0, '');
  return out;
}

/**
 * Turns any accepted input into a View, validating it: a number (0-d), a nested array
 * (rows may be typed arrays), a typed array (1-d), an NDArray or an ndarray-like object
 * `{data, shape, strides | stride, offset}` (scijs ndarray, @stdlib/ndarray).
 * `argument` names the input in error messages (e.g. 'in1').
 */
export function toView(input: ArrayInput | ArrayLike<number>, argument: string): View {
  if (typeof input === 'number') {
    return { data: Float64Array.of(input), shape: [], strides: [], offset: 0, dtype: 'float64' };
  }
  if (Array.isArray(input)) {
    const shape = nestedShape(input);
    const data = flattenNested(input, shape, argument);
    return { data, shape, strides: cStrides(shape), offset: 0, dtype: 'float64' };
  }
  if (isTypedArray(input)) {
    const data = numericData(input, argument);
    return { data, shape: [data.length], strides: [1], offset: 0, dtype: dtypeOfData(data) };
  }
  if (typeof input === 'object' && input !== null && 'data' in input && 'shape' in input) {
    const obj = input as { data: unknown; shape: unknown; strides?: unknown; stride?: unknown; offset?: unknown; dtype?: unknown };
    const shape = checkShape(obj.shape, argument);
    const data = numericData(obj.data, argument, obj.dtype);
    const rawStrides = obj.strides ?? obj.stride;
    const strides = rawStrides === undefined || rawStrides === null ? cStrides(shape) : checkStrides(rawStrides, shape, argument);
    const offset = obj.offset === undefined || obj.offset === null ? 0 : checkOffset(obj.offset, argument);
    checkInBounds(shape, strides, offset, data.length, argument);
    return { data, shape, strides, offset, dtype: dtypeOfData(data) };
  }
  throw new ArgumentError(argument, `expected an NDArray, an ndarray-like object {data, shape}, a typed array or a nested array of numbers, got ${typeName(input)}`);
}

/** float32 when every input is float32, otherwise float64 (contract rule). */
export function resultDType(...views: View[]): DType {
  return views.every((v) => v.dtype === 'float32') ? 'float32' : 'float64';
}
