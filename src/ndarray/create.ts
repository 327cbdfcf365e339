// Constructors and converters of the public NDArray type.
import { ArgumentError } from '../errors.js';
import { rejectUnknownOptions } from '../option-keys.js';
import { checkInBounds, checkOffset, checkShape, checkStrides, cStrides, sizeOf } from './shape.js';
import { numericData, toView } from './normalize.js';
import { copyBox } from './copy-box.js';
import type { ArrayInput, DType, FloatArray, NDArray, NDArrayLike, NestedNumberArray, NumericData } from './types.js';

export function checkDType(dtype: unknown, argument = 'dtype'): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new ArgumentError(argument, `must be 'float32' or 'float64', got ${typeof dtype === 'string' ? JSON.stringify(dtype) : String(dtype)}`);
}

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** Node's Buffer.allocUnsafeSlow where it exists (an unpooled buffer, not zero-filled). */
const unsafeBytes = (globalThis as { Buffer?: { allocUnsafeSlow?: (n: number) => Uint8Array } }).Buffer?.allocUnsafeSlow;

let poisonForTests = false;

/** Test hook: allocateUninitialized returns NaN-filled arrays, so an unwritten element shows. */
export function poisonUninitialized(on: boolean): void {
  poisonForTests = on;
}

/**
 * A typed array whose contents are unspecified, for results whose every element the
 * caller writes before anyone reads it: skips the zero fill of `allocate`, which costs
 * ~0.7-2 ms on a 12.8 MB result when the allocator reuses memory (fresh pages come
 * zeroed anyway). Node only; elsewhere the same as `allocate`. With `mapPages`, one
 * element per 4 KiB page is written at once so the pages are mapped now: on some VMs a
 * fresh page's first touch costs ~18 us, and callers use this to pay it on the calling
 * thread while workers compute.
 */
export function allocateUninitialized(dtype: DType, length: number, mapPages = false): FloatArray {
  // Poisoned arrays are left unmapped, so no page start hides an unwritten element.
  if (poisonForTests) return allocate(dtype, length).fill(NaN);
  const size = dtype === 'float32' ? 4 : 8;
  let a: FloatArray;
  if (!unsafeBytes || length * size < 65536) a = allocate(dtype, length);
  else {
    const bytes = unsafeBytes(length * size);
    a = dtype === 'float32' ? new Float32Array(bytes.buffer, bytes.byteOffset, length) : new Float64Array(bytes.buffer, bytes.byteOffset, length);
  }
  if (mapPages) for (let i = 0; i < a.length; i += 4096 / size) a[i] = 0;
  return a;
}

/** Wraps a dense C-order buffer as an NDArray. */
export function fromDense(data: FloatArray, shape: number[]): NDArray {
  return { data, shape, strides: cStrides(shape), offset: 0, dtype: data instanceof Float32Array ? 'float32' : 'float64' };
}

/** Allocates a result for a user-given shape, naming `argument` if it cannot be held. */
function allocateFor(dtype: DType, shape: number[], argument: string): FloatArray {
  const n = sizeOf(shape);
  try {
    return allocate(dtype, n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ArgumentError(argument, `shape [${shape.join(', ')}] has ${n} elements, more than a ${dtype} typed array can hold`);
  }
}

export interface ArrayOptions {
  /** Element type of the result; default: float32 for Float32Array data, else float64. */
  dtype?: DType;
  /** In elements, one per axis; default row-major. Negative strides are allowed. */
  strides?: number[];
  /** Index in `data` of element [0, 0, ...]; default 0. */
  offset?: number;
}

function isFlatData(data: unknown, shape: unknown): boolean {
  if (ArrayBuffer.isView(data)) return true;
  // A number[] with a shape is flat; without a shape it is a 1-d nested array (same thing).
  return Array.isArray(data) && shape !== undefined && (data.length === 0 || typeof data[0] === 'number');
}

/**
 * Makes an NDArray from
 * - flat data (a typed array or number[]) and a shape, with optional `strides` and
 *   `offset`: a Float32Array/Float64Array whose type matches `dtype` is wrapped without
 *   copying, so the result is a view of it (read in place); any other data is copied
 *   into a dense C-order array (integer typed arrays, BigInt64Array included, become
 *   float64). Without `strides` and `offset`, `data` must hold exactly the shape's
 *   element count;
 * - a nested array, or an ndarray-like object such as a scijs or @stdlib ndarray:
 *   a dense C-order copy (`shape`, if given, must match the data's own shape).
 *
 * @example
 * const x = array([1, 2, 3, 4, 5, 6], [2, 3]);          // float64, 2x3
 * const y = array(new Float32Array(6), [3, 2]);          // float32, no copy
 * const t = array(x.data, [3, 2], { strides: [1, 3] }); // transpose view of x
 * const n = array([[1, 2], [3, 4]], undefined, { dtype: 'float32' });
 * const s = array(ndarray(new Float64Array(12), [3, 4]).step(-1));  // scijs view, copied
 */
export function array(data: NumericData | NestedNumberArray | NDArrayLike, shape?: number[], options: ArrayOptions = {}): NDArray {
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError('options', `must be an object, got ${String(options)}`);
  }
  rejectUnknownOptions(options, ['dtype', 'strides', 'offset']);
  const dtype = options.dtype === undefined ? undefined : checkDType(options.dtype, 'dtype');
  if (!isFlatData(data, shape)) {
    if (options.strides !== undefined || options.offset !== undefined) {
      throw new ArgumentError('options', 'strides and offset apply to flat data (a typed array or number[] with a shape), not to nested arrays or ndarray objects');
    }
    const v = toView(data as ArrayInput, 'data');
    if (shape !== undefined) {
      const dims = checkShape(shape, 'shape');
      if (dims.length !== v.shape.length || dims.some((s, i) => s !== v.shape[i])) {
        throw new ArgumentError('shape', `[${dims.join(', ')}] does not match the data's own shape [${v.shape.join(', ')}]`);
      }
    }
    const outType = dtype ?? v.dtype;
    // A nested array was just flattened into a fresh dense Float64Array: keep it.
    if (Array.isArray(data) && outType === 'float64') return fromDense(v.data as Float64Array, v.shape);
    const out = allocateFor(outType, v.shape, 'data');
    copyBox(v.shape, v.data, v.strides, v.offset, out, cStrides(v.shape), 0);
    return fromDense(out, v.shape);
  }
  const flat = numericData(data, 'data');
  const dims = checkShape(shape ?? [flat.length], 'shape');
  const strides = options.strides === undefined ? cStrides(dims) : checkStrides(options.strides, dims, 'strides');
  const offset = options.offset === undefined ? 0 : checkOffset(options.offset, 'offset');
  if (options.strides === undefined && options.offset === undefined) {
    if (flat.length !== sizeOf(dims)) {
      throw new ArgumentError('shape', `[${dims.join(', ')}] needs ${sizeOf(dims)} elements, but data has ${flat.length} (pass strides or offset to view part of a buffer)`);
    }
  } else {
    checkInBounds(dims, strides, offset, flat.length, options.strides === undefined ? 'offset' : 'strides');
  }
  const natural: DType | null = flat instanceof Float32Array ? 'float32' : flat instanceof Float64Array ? 'float64' : null;
  const outType = dtype ?? natural ?? 'float64';
  if (natural === outType) {
    return { data: flat as FloatArray, shape: dims, strides, offset, dtype: outType };
  }
  const out = allocateFor(outType, dims, 'shape');
  copyBox(dims, flat, strides, offset, out, cStrides(dims), 0);
  return fromDense(out, dims);
}

/**
 * A zero-filled C-order array.
 *
 * @example
 * const z = zeros([2, 3]);              // float64
 * const w = zeros([4], 'float32');
 */
export function zeros(shape: number[], dtype: DType = 'float64'): NDArray {
  const dims = checkShape(shape, 'shape');
  return fromDense(allocateFor(checkDType(dtype), dims, 'shape'), dims);
}

/**
 * Converts any array input into nested JS arrays (a plain number for a 0-d array),
 * reading strided and offset views in place.
 *
 * @example
 * toNested(array([1, 2, 3, 4, 5, 6], [2, 3]));  // [[1, 2, 3], [4, 5, 6]]
 * toNested(array([5], []));                      // 5
 */
export function toNested(a: ArrayInput): NestedNumberArray {
  const v = toView(a, 'a');
  const build = (depth: number, offset: number): NestedNumberArray => {
    if (depth === v.shape.length) return v.data[offset]!;
    const n = v.shape[depth]!, stride = v.strides[depth]!;
    const out = new Array<NestedNumberArray>(n);
    for (let i = 0; i < n; i++) out[i] = build(depth + 1, offset + i * stride);
    return out;
  };
  return build(0, v.offset);
}
