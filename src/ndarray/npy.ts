// Reading and writing NumPy .npy files (the container is in npy-format.ts).
import { ArgumentError } from '../errors.js';
import { copyBox } from './copy-box.js';
import { fromDense } from './create.js';
import { halfToFloat32 } from './float16.js';
import { toView } from './normalize.js';
import { formatNpyHeader, parseNpyHeader, type NpyDType } from './npy-format.js';
import { cStrides, fStrides, sizeOf } from './shape.js';
import type { ArrayInput, FloatArray, NDArray } from './types.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reverses the bytes of a 32-bit word. */
function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/**
 * Reverses the byte order of every `itemSize`-byte element (2, 4 or 8) in place.
 * Works on 16/32-bit words rather than bytes: `bytes` must start 4-byte aligned.
 */
function swapBytes(bytes: Uint8Array, itemSize: number): void {
  if (itemSize === 2) {
    const h = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
    for (let i = 0; i < h.length; i++) { const x = h[i]!; h[i] = ((x & 0xff) << 8) | (x >>> 8); }
    return;
  }
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  if (itemSize === 4) {
    for (let i = 0; i < w.length; i++) w[i] = bswap32(w[i]!);
    return;
  }
  for (let i = 0; i < w.length; i += 2) { // 8 bytes: swap the two words and each word's bytes
    const lo = w[i]!;
    w[i] = bswap32(w[i + 1]!);
    w[i + 1] = bswap32(lo);
  }
}

/** Decodes `count` elements (own, aligned, host-order bytes) into float32 or float64 values. */
function decodeElements(raw: ArrayBuffer, dtype: NpyDType, count: number): FloatArray {
  const { kind, itemSize } = dtype;
  if (kind === 'float') {
    if (itemSize === 2) return halfToFloat32(new Uint16Array(raw, 0, count));
    return itemSize === 4 ? new Float32Array(raw, 0, count) : new Float64Array(raw, 0, count);
  }
  if (kind === 'bool') {
    const bytes = new Uint8Array(raw, 0, count);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = bytes[i] === 0 ? 0 : 1;
    return out;
  }
  if (itemSize === 8) {
    // Number(bigint) rounds to the nearest double, as NumPy's astype(float64) does.
    const big = kind === 'int' ? new BigInt64Array(raw, 0, count) : new BigUint64Array(raw, 0, count);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = Number(big[i]!);
    return out;
  }
  const Ctor = {
    int: { 1: Int8Array, 2: Int16Array, 4: Int32Array },
    uint: { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array },
  }[kind][itemSize as 1 | 2 | 4];
  return Float64Array.from(new Ctor(raw, 0, count));
}

function asBytes(bytes: unknown): Uint8Array {
  if (bytes instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && bytes instanceof SharedArrayBuffer)) {
    return new Uint8Array(bytes);
  }
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new ArgumentError('bytes', `expected a Uint8Array or an ArrayBuffer holding a .npy file, got ${bytes === null ? 'null' : typeof bytes}`);
}

/**
 * Reads a NumPy `.npy` file (format 1.0, 2.0 or 3.0; little or big endian; C or
 * Fortran order). float16 and float32 data give a float32 array; float64, every
 * integer type and bool give float64 (64-bit integers round to the nearest double).
 * The result is always a dense C-order array that owns its data.
 *
 * @example
 * import { readFileSync } from 'node:fs';
 * const x = fromNpy(readFileSync('image.npy'));   // e.g. x.shape = [480, 640]
 */
export function fromNpy(bytes: Uint8Array | ArrayBuffer): NDArray {
  const all = asBytes(bytes);
  const header = parseNpyHeader(all, 'bytes');
  const { dtype, shape, fortranOrder, dataOffset } = header;
  const count = sizeOf(shape);
  const byteLength = count * dtype.itemSize;
  if (!Number.isSafeInteger(byteLength)) {
    throw new ArgumentError('bytes', `shape (${shape.join(', ')}) is too large to read`);
  }
  const available = all.length - dataOffset;
  if (available < byteLength) {
    throw new ArgumentError('bytes', `truncated .npy file: shape (${shape.join(', ')}) of '${dtype.descr}' needs ${byteLength} data bytes, only ${available} present`);
  }
  // Copy into a fresh, aligned buffer that the result may keep. (Not slice(): on a
  // Node Buffer it returns a view into a shared pool.)
  const own = new Uint8Array(byteLength);
  own.set(all.subarray(dataOffset, dataOffset + byteLength));
  if (dtype.itemSize > 1 && dtype.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(own, dtype.itemSize);
  const values = decodeElements(own.buffer, dtype, count);
  if (!fortranOrder || shape.length < 2) return fromDense(values, shape);
  const out = values instanceof Float32Array ? new Float32Array(count) : new Float64Array(count);
  copyBox(shape, values, fStrides(shape), 0, out, cStrides(shape), 0);
  return fromDense(out, shape);
}

/**
 * Writes any array input as a NumPy `.npy` file: C order, little endian, '<f4' for
 * float32 input and '<f8' otherwise; byte for byte what `numpy.save` writes for the
 * same array. Strided and offset views are written element by element in C order.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('out.npy', toNpy(convolve(x, k)));   // np.load('out.npy') in Python
 */
export function toNpy(a: ArrayInput): Uint8Array {
  const v = toView(a, 'a');
  const itemSize = v.dtype === 'float32' ? 4 : 8;
  const header = formatNpyHeader(v.dtype === 'float32' ? '<f4' : '<f8', v.shape);
  const count = sizeOf(v.shape);
  let out: Uint8Array;
  try {
    out = new Uint8Array(header.length + count * itemSize);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ArgumentError('a', `shape [${v.shape.join(', ')}] needs ${count * itemSize} bytes, more than one buffer can hold`);
  }
  out.set(header);
  // The header length is a multiple of 64, so the data is aligned for a typed view.
  const data = v.dtype === 'float32'
    ? new Float32Array(out.buffer, header.length, count)
    : new Float64Array(out.buffer, header.length, count);
  copyBox(v.shape, v.data, v.strides, v.offset, data, cStrides(v.shape), 0);
  if (!HOST_LITTLE_ENDIAN) swapBytes(out.subarray(header.length), itemSize);
  return out;
}
