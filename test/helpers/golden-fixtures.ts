// Loads the SciPy golden fixtures written by tools/make_golden.py.
import { readFileSync } from 'node:fs';

export type FixtureFunction = 'convolve' | 'correlate' | 'fftconvolve' | 'oaconvolve';

export type TypedArray =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array;

/** One stored array, materialised as the typed array of its dtype. */
export interface FixtureArray {
  data: TypedArray;
  shape: number[];
  dtype: string;
}

export interface GoldenFixture {
  name: string;
  kind: 'convolve' | 'correlate';
  mode: 'full' | 'same' | 'valid';
  axes: number[] | null;
  /** The result dtype convnd's contract asks for. */
  dtype: 'float32' | 'float64';
  /** convnd functions that must return `expected` (or throw, when `error` is set). */
  functions: FixtureFunction[];
  /** SciPy's error message when it rejects the call. */
  error: string | null;
  note?: string;
  scipy: { call: string; native_dtype?: string };
  in1: FixtureArray;
  in2: FixtureArray;
  /** SciPy's result in float64 (absent when `error` is set). */
  expected?: FixtureArray;
  /** Per output element, the sum of |terms| (same call on |in1|, |in2|). */
  bound?: FixtureArray;
}

export interface GoldenManifest {
  scipy: string;
  numpy: string;
  seed: number;
  fixtures: GoldenFixture[];
}

interface ArrayRef { dtype: string; shape: number[]; offset: number }

const CONSTRUCTORS: Record<string, new (buffer: ArrayBuffer) => TypedArray> = {
  float64: Float64Array, float32: Float32Array,
  int32: Int32Array, int16: Int16Array, int8: Int8Array,
  uint32: Uint32Array, uint16: Uint16Array, uint8: Uint8Array,
};

const DIR = new URL('../fixtures/golden/', import.meta.url);

function isLittleEndian(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}

/** Reads manifest.json and arrays.bin; arrays are copied into their own aligned buffers. */
export function loadGolden(): GoldenManifest {
  if (!isLittleEndian()) throw new Error('golden fixtures are little-endian; this platform is not');
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as GoldenManifest & { arrays: string };
  const blob = readFileSync(new URL(manifest.arrays, DIR));
  const load = (ref: ArrayRef): FixtureArray => {
    const Ctor = CONSTRUCTORS[ref.dtype];
    if (!Ctor) throw new Error(`unsupported fixture dtype ${ref.dtype}`);
    const bytesPer = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const length = ref.shape.reduce((p, n) => p * n, 1) * bytesPer;
    const bytes = Uint8Array.prototype.slice.call(blob, ref.offset, ref.offset + length);
    return { data: new Ctor(bytes.buffer), shape: ref.shape, dtype: ref.dtype };
  };
  for (const raw of manifest.fixtures as unknown as Record<string, unknown>[]) {
    for (const key of ['in1', 'in2', 'expected', 'bound']) {
      if (raw[key]) raw[key] = load(raw[key] as ArrayRef);
    }
  }
  return manifest;
}
