// Constructors and converters of the public NDArray type.
import { ArgumentError } from '../errors.js';
import { checkShape, cStrides, sizeOf } from './shape.js';
import { toView } from './normalize.js';
import { copyBox } from './copy-box.js';
import type { ArrayInput, DType, FloatArray, NDArray, NestedNumberArray } from './types.js';

export function checkDType(dtype: unknown, argument = 'dtype'): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new ArgumentError(argument, `must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
}

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** Wraps a dense C-order buffer as an NDArray. */
export function fromDense(data: FloatArray, shape: number[]): NDArray {
  return { data, shape, strides: cStrides(shape), offset: 0, dtype: data instanceof Float32Array ? 'float32' : 'float64' };
}

export interface ArrayOptions {
  dtype?: DType;
  strides?: number[];
  offset?: number;
}

/**
 * Makes an NDArray from a flat array-like (typed array or number[]) and a shape, or
 * from a nested array (shape optional). A Float32Array/Float64Array whose type matches
 * `dtype` is wrapped without copying, so strided views of it read in place.
 *
 * @example
 * const x = array([1, 2, 3, 4, 5, 6], [2, 3]);          // float64, 2x3
 * const y = array(new Float32Array(6), [3, 2]);          // float32, no copy
 * const t = array(x.data, [3, 2], { strides: [1, 3] }); // transpose view of x
 */
export function array(data: ArrayLike<number> | NestedNumberArray, shape?: number[], options: ArrayOptions = {}): NDArray {
  const isFlat = ArrayBuffer.isView(data) || (Array.isArray(data) && (data.length === 0 || typeof data[0] === 'number') && shape !== undefined);
  if (!isFlat) {
    const v = toView(data as ArrayInput, 'data');
    if (shape !== undefined && (shape.length !== v.shape.length || shape.some((s, i) => s !== v.shape[i]))) {
      throw new ArgumentError('shape', `[${shape.join(', ')}] does not match the nested data's shape [${v.shape.join(', ')}]`);
    }
    const dtype = options.dtype === undefined ? 'float64' : checkDType(options.dtype);
    const out = allocate(dtype, sizeOf(v.shape));
    copyBox(v.shape, v.data, v.strides, v.offset, out, cStrides(v.shape), 0);
    return fromDense(out, v.shape);
  }
  const flat = data as ArrayLike<number>;
  const dims = checkShape(shape ?? [flat.length], 'shape');
  const natural: DType | null = flat instanceof Float32Array ? 'float32' : flat instanceof Float64Array ? 'float64' : null;
  const dtype = options.dtype === undefined ? (natural ?? 'float64') : checkDType(options.dtype);
  const strides = options.strides ?? cStrides(dims);
  const offset = options.offset ?? 0;
  // Validate the view (lengths, bounds) through the common normaliser.
  const v = toView({ data: flat, shape: dims, strides, offset }, 'data');
  if (natural === dtype) {
    return { data: flat as FloatArray, shape: v.shape, strides: v.strides, offset: v.offset, dtype };
  }
  const out = allocate(dtype, sizeOf(dims));
  copyBox(dims, flat, v.strides, v.offset, out, cStrides(dims), 0);
  return fromDense(out, dims);
}

/** A zero-filled C-order array. */
export function zeros(shape: number[], dtype: DType = 'float64'): NDArray {
  const dims = checkShape(shape, 'shape');
  return fromDense(allocate(checkDType(dtype), sizeOf(dims)), dims);
}

/** Converts any array input into nested JS arrays (a number for 0-d). */
export function toNested(a: ArrayInput): NestedNumberArray {
  const v = toView(a, 'a');
  const build = (depth: number, offset: number): NestedNumberArray => {
    if (depth === v.shape.length) return v.data[offset]!;
    const out: NestedNumberArray[] = [];
    for (let i = 0; i < v.shape[depth]!; i++) out.push(build(depth + 1, offset + i * v.strides[depth]!));
    return out;
  };
  return build(0, v.offset);
}
