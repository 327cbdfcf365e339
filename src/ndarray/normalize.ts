// Normalises every accepted input kind into one View ({data, shape, strides, offset, dtype}).
// Nothing is copied except nested JS arrays, which are flattened into a Float64Array.
import { ArgumentError } from '../errors.js';
import { checkShape, cStrides, sizeOf } from './shape.js';
import type { ArrayInput, DType, View } from './types.js';

function isTypedArrayLike(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function dtypeOfData(data: ArrayLike<number>): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/** Infers the shape of a nested array and checks that it is rectangular. */
function nestedShape(x: unknown, argument: string): number[] {
  const shape: number[] = [];
  let level: unknown = x;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flattenNested(x: unknown, shape: number[], argument: string): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        throw new ArgumentError(argument, `expected a number at ${path || 'top level'}, got ${Array.isArray(node) ? 'an array (ragged nesting)' : typeof node}`);
      }
      out[k++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ArgumentError(argument, `ragged nested array: expected length ${shape[depth]} at ${path || 'top level'}`);
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(x, 0, '');
  return out;
}

/** Throws unless every element the view addresses lies inside its data. */
function checkBounds(view: View, argument: string): void {
  if (sizeOf(view.shape) === 0) return;
  let lo = view.offset, hi = view.offset;
  for (let d = 0; d < view.shape.length; d++) {
    const reach = (view.shape[d]! - 1) * view.strides[d]!;
    if (reach < 0) lo += reach; else hi += reach;
  }
  if (lo < 0 || hi >= view.data.length) {
    throw new ArgumentError(argument, `shape, strides and offset address elements ${lo}..${hi}, outside data of length ${view.data.length}`);
  }
}

/**
 * Turns any accepted input into a View, validating it. `argument` names the input
 * in error messages (e.g. 'in1').
 */
export function toView(input: ArrayInput | ArrayLike<number>, argument: string): View {
  if (typeof input === 'number') {
    return { data: Float64Array.of(input), shape: [], strides: [], offset: 0, dtype: 'float64' };
  }
  if (Array.isArray(input)) {
    const shape = nestedShape(input, argument);
    const data = flattenNested(input, shape, argument);
    return { data, shape, strides: cStrides(shape), offset: 0, dtype: 'float64' };
  }
  if (isTypedArrayLike(input)) {
    const data = input as ArrayLike<number>;
    return { data, shape: [data.length], strides: [1], offset: 0, dtype: dtypeOfData(data) };
  }
  if (typeof input === 'object' && input !== null && 'data' in input && 'shape' in input) {
    const obj = input as { data: unknown; shape: unknown; strides?: unknown; stride?: unknown; offset?: unknown };
    const data = obj.data;
    if (!isTypedArrayLike(data) && !Array.isArray(data)) {
      throw new ArgumentError(argument, 'data must be a typed array or an array of numbers');
    }
    const shape = checkShape(obj.shape, argument);
    const rawStrides = obj.strides ?? obj.stride;
    let strides: number[];
    if (rawStrides === undefined || rawStrides === null) {
      strides = cStrides(shape);
    } else {
      strides = Array.from(rawStrides as ArrayLike<number>, Number);
      if (strides.length !== shape.length || strides.some((s) => !Number.isInteger(s))) {
        throw new ArgumentError(argument, `strides must be ${shape.length} integers, got [${strides.join(', ')}]`);
      }
    }
    const offset = obj.offset === undefined ? 0 : Number(obj.offset);
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ArgumentError(argument, `offset must be a non-negative integer, got ${String(obj.offset)}`);
    }
    const numeric = data as ArrayLike<number>;
    const view: View = { data: numeric, shape, strides, offset, dtype: dtypeOfData(numeric) };
    checkBounds(view, argument);
    return view;
  }
  throw new ArgumentError(argument, `expected an NDArray, an ndarray-like object {data, shape}, a typed array or a nested array of numbers, got ${input === null ? 'null' : typeof input}`);
}

/** float32 when every input is float32, otherwise float64 (contract rule). */
export function resultDType(...views: View[]): DType {
  return views.every((v) => v.dtype === 'float32') ? 'float32' : 'float64';
}
