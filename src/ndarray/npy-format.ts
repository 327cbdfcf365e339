// The NumPy .npy container: magic, version, header dict and dtype descriptors.
// Spec: numpy/lib/format.py (NEP 1). Layout of a file:
//   "\x93NUMPY" major minor | header length (uint16 LE for v1, uint32 LE for v2/v3)
//   | header: repr() of {'descr': ..., 'fortran_order': ..., 'shape': (...), } padded with
//   spaces and '\n' so the data starts on a 64-byte boundary | raw element bytes.
import { ArgumentError } from '../errors.js';
import { parsePythonLiteral, PyDict, PyLiteralError, PyTuple, type PyValue } from './python-literal.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
/** NumPy leaves room for the growth axis to reach this many digits (format.py). */
const GROWTH_AXIS_MAX_DIGITS = 21;

/** The element kinds convnd reads from .npy files. */
export type NpyKind = 'float' | 'int' | 'uint' | 'bool';

export interface NpyDType {
  kind: NpyKind;
  /** Bytes per element: 1, 2, 4 or 8. */
  itemSize: number;
  littleEndian: boolean;
  /** The descriptor as written in the file, e.g. '<f4'. */
  descr: string;
}

export interface NpyHeader {
  version: 1 | 2 | 3;
  dtype: NpyDType;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
}

const SUPPORTED = 'float16/32/64, int8/16/32/64, uint8/16/32/64 and bool';

const KIND_NAMES: Record<string, string> = {
  c: 'complex', O: 'object', U: 'unicode string', S: 'byte string', a: 'byte string',
  V: 'void/structured', M: 'datetime', m: 'timedelta',
};

/** Interprets a simple descriptor like '<f8', '>i2', '|u1', '|b1'. */
export function parseDescr(descr: PyValue, argument: string): NpyDType {
  if (Array.isArray(descr)) {
    throw new ArgumentError(argument, `structured dtype ${printPy(descr)} is not supported; convnd reads ${SUPPORTED}`);
  }
  if (typeof descr !== 'string') throw new ArgumentError(argument, `malformed .npy header: 'descr' must be a string, got ${printPy(descr)}`);
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(.*)$/.exec(descr);
  if (m === null) throw new ArgumentError(argument, `malformed .npy header: unreadable dtype descriptor '${descr}'`);
  const [, order, code, sizeText, rest] = m as unknown as [string, string, string, string, string];
  const itemSize = Number(sizeText);
  const kind: NpyKind | undefined = ({ f: 'float', i: 'int', u: 'uint', b: 'bool' } as const)[code as 'f' | 'i' | 'u' | 'b'];
  const sizes: Record<NpyKind, number[]> = { float: [2, 4, 8], int: [1, 2, 4, 8], uint: [1, 2, 4, 8], bool: [1] };
  if (kind === undefined || rest !== '' || !sizes[kind].includes(itemSize)) {
    const name = KIND_NAMES[code] ?? (kind === 'float' && itemSize > 8 ? 'extended-precision float' : 'unknown');
    throw new ArgumentError(argument, `dtype '${descr}' (${name}) is not supported; convnd reads ${SUPPORTED}`);
  }
  // '|' (not applicable) only makes sense for one-byte items; '=' means the writer's
  // native order, which NumPy itself never writes to a file: read it as little endian.
  return { kind, itemSize, littleEndian: order !== '>', descr };
}

function printPy(v: PyValue): string {
  if (v instanceof PyTuple) return `(${v.items.map(printPy).join(', ')}${v.items.length === 1 ? ',' : ''})`;
  if (v instanceof PyDict) return `{${[...v.entries].map(([k, x]) => `'${k}': ${printPy(x)}`).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(printPy).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v === null ? 'None' : String(v);
}

function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

/** Reads and validates the magic, version and header of a .npy file. */
export function parseNpyHeader(bytes: Uint8Array, argument: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ArgumentError(argument, 'not a .npy file: it does not start with the magic string "\\x93NUMPY"');
  }
  const major = bytes[6]!, minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    throw new ArgumentError(argument, `unsupported .npy format version ${major}.${minor}; convnd reads 1.0, 2.0 and 3.0`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw new ArgumentError(argument, `truncated .npy file: ${bytes.length} bytes, shorter than its ${prefix}-byte preamble`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = prefix + headerLength;
  if (bytes.length < dataOffset) {
    throw new ArgumentError(argument, `truncated .npy file: the header claims ${headerLength} bytes but only ${bytes.length - prefix} follow the preamble`);
  }
  const headerBytes = bytes.subarray(prefix, dataOffset);
  let text: string;
  try {
    text = major === 3 ? new TextDecoder('utf-8', { fatal: true }).decode(headerBytes) : decodeLatin1(headerBytes);
  } catch {
    throw new ArgumentError(argument, 'malformed .npy header: version 3 header is not valid UTF-8');
  }
  let dict: PyValue;
  try {
    dict = parsePythonLiteral(text);
  } catch (e) {
    if (!(e instanceof PyLiteralError)) throw e;
    throw new ArgumentError(argument, `malformed .npy header: ${e.message}`);
  }
  if (!(dict instanceof PyDict)) throw new ArgumentError(argument, `malformed .npy header: expected a dict, got ${printPy(dict)}`);
  const keys = [...dict.entries.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    throw new ArgumentError(argument, `malformed .npy header: expected the keys 'descr', 'fortran_order' and 'shape', got ${keys.map((k) => `'${k}'`).join(', ') || 'none'}`);
  }
  const fortranOrder = dict.entries.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') {
    throw new ArgumentError(argument, `malformed .npy header: 'fortran_order' must be True or False, got ${printPy(fortranOrder!)}`);
  }
  const shape = dict.entries.get('shape')!;
  if (!(shape instanceof PyTuple) || shape.items.some((n) => typeof n !== 'number' || n < 0)) {
    throw new ArgumentError(argument, `malformed .npy header: 'shape' must be a tuple of non-negative integers, got ${printPy(shape)}`);
  }
  const dtype = parseDescr(dict.entries.get('descr')!, argument);
  return { version: major as 1 | 2 | 3, dtype, fortranOrder, shape: shape.items as number[], dataOffset };
}

/**
 * The bytes that precede the data of a C-order array, exactly as numpy.save writes
 * them: version 1.0 unless the header needs the 4-byte length of version 2.0.
 */
export function formatNpyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  for (const version of [1, 2] as const) {
    const prefix = version === 1 ? 10 : 12;
    const hlen = header.length + 1; // + the final '\n'
    const pad = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
    const total = hlen + pad;
    if (version === 1 && total > 0xffff) continue;
    const out = new Uint8Array(prefix + total);
    out.set(MAGIC);
    out[6] = version;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (version === 1) view.setUint16(8, total, true); else view.setUint32(8, total, true);
    for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
    out.fill(0x20, prefix + header.length, out.length - 1);
    out[out.length - 1] = 0x0a;
    return out;
  }
  throw new Error('unreachable: a version 2.0 header holds 4 GiB');
}
