// .npy reading and writing, checked against files NumPy wrote (tools/make_npy_fixtures.py)
// and against NumPy reading what convnd wrote (tools/check_npy_readback.py).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, array, fromNpy, toNested, toNpy, type NDArray } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtureDir = join(root, 'test/fixtures/npy');

interface Fixture {
  file: string; version: string; descr: string; fortran_order: boolean;
  shape: number[]; dtype: 'float32' | 'float64'; values: (number | string)[];
}
interface Manifest {
  numpy: string;
  fixtures: Fixture[];
  unsupported: { file: string; descr: string; kind: string }[];
}
const manifest = JSON.parse(readFileSync(join(fixtureDir, 'manifest.json'), 'utf8')) as Manifest;

const decode = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);
const load = (file: string): Uint8Array => new Uint8Array(readFileSync(join(fixtureDir, file)));

/** Element-wise identity: NaN matches NaN, and -0 does not match +0. */
function expectSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** The elements of an NDArray in C order, read by plain index arithmetic. */
function cOrderValues(a: NDArray): number[] {
  const out: number[] = [];
  const walk = (d: number, off: number): void => {
    if (d === a.shape.length) { out.push(a.data[off]!); return; }
    for (let i = 0; i < a.shape[d]!; i++) walk(d + 1, off + i * a.strides[d]!);
  };
  if (a.shape.every((n) => n > 0)) walk(0, a.offset);
  return out;
}

function expectThrowsArg(fn: () => unknown, argument: string, pattern: RegExp): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected an ArgumentError').toBeInstanceOf(ArgumentError);
  expect((caught as ArgumentError).argument).toBe(argument);
  expect((caught as Error).message).toMatch(pattern);
}

/** Replaces the header text of a v1 .npy file (keeping its data) to forge bad headers. */
function withHeader(header: string, data = new Uint8Array(0), version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true); else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(data, prefix + header.length);
  return out;
}

describe('fromNpy on files written by NumPy', () => {
  it('the manifest covers every dtype, byte order, memory order and version', () => {
    const descrs = new Set(manifest.fixtures.map((f) => `${f.descr}/${f.fortran_order ? 'F' : 'C'}`));
    for (const code of ['f2', 'f4', 'f8', 'i2', 'i4', 'i8', 'u2', 'u4', 'u8']) {
      for (const bo of ['<', '>']) for (const o of ['C', 'F']) expect(descrs).toContain(`${bo}${code}/${o}`);
    }
    for (const code of ['|i1', '|u1', '|b1']) for (const o of ['C', 'F']) expect(descrs).toContain(`${code}/${o}`);
    expect(new Set(manifest.fixtures.map((f) => f.version))).toEqual(new Set(['1.0', '2.0', '3.0']));
    expect(new Set(manifest.fixtures.map((f) => f.shape.length))).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(manifest.fixtures.some((f) => f.shape.includes(0))).toBe(true);
  });

  for (const f of manifest.fixtures) {
    it(`${f.file} (${f.descr}, ${f.fortran_order ? 'Fortran' : 'C'} order, v${f.version})`, () => {
      const a = fromNpy(load(f.file));
      expect(a.shape).toEqual(f.shape);
      expect(a.dtype).toBe(f.dtype);
      expect(a.data).toBeInstanceOf(f.dtype === 'float32' ? Float32Array : Float64Array);
      expect(a.offset).toBe(0);
      // Dense C order: strides are row-major and data holds exactly the elements.
      const strides: number[] = [];
      for (let d = f.shape.length - 1, s = 1; d >= 0; s *= f.shape[d]!, d--) strides.unshift(s);
      expect(a.strides).toEqual(strides);
      expectSameValues(a.data, f.values.map(decode), f.file);
    });
  }

  it('reads from an ArrayBuffer, a Node Buffer and a Uint8Array at an odd byte offset', () => {
    const file = 'f8-be-f-2x3x4.npy';
    const expected = manifest.fixtures.find((f) => f.file === file)!.values.map(decode);
    const bytes = load(file);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    const inputs = [bytes.buffer.slice(0), readFileSync(join(fixtureDir, file)), padded.subarray(3, 3 + bytes.length)];
    for (const input of inputs) expectSameValues(fromNpy(input as Uint8Array).data, expected, file);
  });

  it('ignores bytes after the data, as numpy.load does', () => {
    const bytes = load('i4-be-c-0d.npy');
    const longer = new Uint8Array(bytes.length + 5);
    longer.set(bytes);
    expect(toNested(fromNpy(longer))).toBe(toNested(fromNpy(bytes)));
  });

  for (const u of manifest.unsupported) {
    it(`refuses ${u.file} (${u.kind})`, () => {
      expectThrowsArg(() => fromNpy(load(u.file)), 'bytes', /not supported; convnd reads float16\/32\/64/);
      const message = (() => { try { fromNpy(load(u.file)); } catch (e) { return (e as Error).message; } return ''; })();
      expect(message).toContain(u.descr);
      expect(message).toContain(u.kind);
    });
  }
});

describe('fromNpy rejects malformed input with a clear error', () => {
  const good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";
  const twoDoubles = new Uint8Array(Float64Array.of(1.5, -2).buffer);

  it('accepts a hand-made header (the forging helper is right)', () => {
    expect(toNested(fromNpy(withHeader(good, twoDoubles)))).toEqual([1.5, -2]);
    expect(toNested(fromNpy(withHeader(good, twoDoubles, 2)))).toEqual([1.5, -2]);
  });

  it('accepts Python 2 long integers and double quotes in the header', () => {
    const h = `{"descr": "<f8", "fortran_order": False, "shape": (1L, 2L)}`;
    expect(toNested(fromNpy(withHeader(h, twoDoubles)))).toEqual([[1.5, -2]]);
  });

  const cases: [string, () => Uint8Array, RegExp][] = [
    ['wrong magic', () => { const b = withHeader(good, twoDoubles); b[1] = 0x4d; return b; }, /magic/],
    ['empty input', () => new Uint8Array(0), /magic/],
    ['a text file', () => new TextEncoder().encode('hello, world, not numpy'), /magic/],
    ['version 4.0', () => withHeader(good, twoDoubles, 4), /version 4\.0/],
    ['version 1.1', () => { const b = withHeader(good, twoDoubles); b[7] = 1; return b; }, /version 1\.1/],
    ['header cut short', () => withHeader(good).subarray(0, 30), /truncated/],
    ['data cut short', () => withHeader(good, twoDoubles.subarray(0, 15)), /truncated.*16 data bytes, only 15/],
    ['no data at all', () => withHeader(good), /truncated/],
    ['a shape claiming 2^60 elements', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824, 1073741824)}", twoDoubles), /too large|truncated/],
    ['a shape integer beyond 2^53', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", twoDoubles), /too large/],
    ['header not a dict', () => withHeader("('<f8', False, (2,))\n", twoDoubles), /expected a dict/],
    ['missing shape', () => withHeader("{'descr': '<f8', 'fortran_order': False}", twoDoubles), /keys.*'descr', 'fortran_order'/],
    ['extra key', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", twoDoubles), /keys/],
    ['repeated key', () => withHeader("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", twoDoubles), /repeated key/],
    ['shape as a list', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", twoDoubles), /'shape' must be a tuple/],
    ['negative shape', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", twoDoubles), /'shape' must be a tuple of non-negative/],
    ['shape of strings', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': ('2',)}", twoDoubles), /'shape'/],
    ['fortran_order not a bool', () => withHeader("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", twoDoubles), /'fortran_order' must be True or False/],
    ['descr not a string', () => withHeader("{'descr': 8, 'fortran_order': False, 'shape': (2,)}", twoDoubles), /'descr' must be a string/],
    ['unreadable descr', () => withHeader("{'descr': '<<', 'fortran_order': False, 'shape': (2,)}", twoDoubles), /unreadable dtype/],
    ['float128', () => withHeader("{'descr': '<f16', 'fortran_order': False, 'shape': (2,)}", twoDoubles), /'<f16'.*not supported/],
    ['int3', () => withHeader("{'descr': '<i3', 'fortran_order': False, 'shape': (2,)}", twoDoubles), /'<i3'.*not supported/],
    ['unterminated string', () => withHeader("{'descr': '<f8, 'fortran_order': False, 'shape': (2,)}", twoDoubles), /malformed/],
    ['unbalanced brace', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", twoDoubles), /malformed/],
    ['code in the header', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2 * 1,)}", twoDoubles), /malformed/],
    ['trailing text', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} x", twoDoubles), /trailing/],
    ['invalid UTF-8 in a v3 header', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), '\xff': 1}", twoDoubles, 3), /UTF-8/],
  ];
  for (const [label, make, pattern] of cases) {
    it(label, () => expectThrowsArg(() => fromNpy(make()), 'bytes', pattern));
  }

  it('rejects non-binary arguments', () => {
    expectThrowsArg(() => fromNpy('abc' as unknown as Uint8Array), 'bytes', /Uint8Array or an ArrayBuffer/);
    expectThrowsArg(() => fromNpy(null as unknown as Uint8Array), 'bytes', /Uint8Array or an ArrayBuffer/);
  });
});

/** Strided views of fresh data for the round-trip property: any axis order, steps, flips. */
const arbView = fc.record({
  shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }),
  float32: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
}).chain(({ shape, float32, seed }) => fc.record({
  shape: fc.constant(shape),
  float32: fc.constant(float32),
  seed: fc.constant(seed),
  perm: fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }),
  steps: fc.tuple(...shape.map(() => fc.constantFrom(1, 2, -1, -2))),
  pad: fc.integer({ min: 0, max: 3 }),
}));

/** Makes a view with the given logical shape over a bigger buffer, in a scrambled layout. */
function makeView(p: { shape: number[]; float32: boolean; seed: number; perm: number[]; steps: number[]; pad: number }): NDArray {
  const nd = p.shape.length;
  // Parent extent along each axis: |step| * n, laid out in the permuted axis order.
  const extent = p.shape.map((n, d) => Math.max(1, n * Math.abs(p.steps[d]!)));
  const strides = new Array<number>(nd);
  let s = 1;
  for (let k = nd - 1; k >= 0; k--) { const d = p.perm[k]!; strides[d] = s; s *= extent[d]!; }
  const length = s + 2 * p.pad;
  const data = p.float32 ? new Float32Array(length) : new Float64Array(length);
  for (let i = 0; i < length; i++) data[i] = ((i * 7919 + p.seed) % 1000) / 8 - 60;
  let offset = p.pad;
  const viewStrides = p.shape.map((n, d) => {
    const step = p.steps[d]!;
    if (step < 0 && n > 0) offset += (n - 1) * Math.abs(step) * strides[d]!;
    return step * strides[d]!;
  });
  return array(data, p.shape, { strides: viewStrides, offset });
}

describe('toNpy', () => {
  it('writes the NumPy layout: magic, v1.0, 64-byte aligned header, <f8 / <f4, C order', () => {
    const bytes = toNpy(array([1, 2, 3, 4, 5, 6], [2, 3]));
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header.trimEnd()).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    const data = new DataView(bytes.buffer, bytes.byteOffset + 10 + headerLength);
    expect([0, 1, 2, 3, 4, 5].map((i) => data.getFloat64(8 * i, true))).toEqual([1, 2, 3, 4, 5, 6]);
    const f32 = toNpy(array(new Float32Array([0.5]), []));
    expect(new TextDecoder().decode(f32.subarray(10, 74))).toContain("'descr': '<f4'");
    expect(new TextDecoder().decode(f32.subarray(10, 74))).toContain("'shape': ()");
  });

  it('writes integer typed arrays and nested arrays as float64', () => {
    const a = fromNpy(toNpy(new Int16Array([-3, 7, 300])));
    expect(a.dtype).toBe('float64');
    expect(toNested(a)).toEqual([-3, 7, 300]);
    expect(toNested(fromNpy(toNpy([[1, 2], [3, 4]])))).toEqual([[1, 2], [3, 4]]);
    expect(toNested(fromNpy(toNpy(new BigInt64Array([-(2n ** 60n), 5n]))))).toEqual([-(2 ** 60), 5]);
  });

  it('round trips through fromNpy for any strided, flipped, offset view (property)', () => {
    fc.assert(fc.property(arbView, (p) => {
      const view = makeView(p);
      const back = fromNpy(toNpy(view));
      expect(back.shape).toEqual(p.shape);
      expect(back.dtype).toBe(p.float32 ? 'float32' : 'float64');
      expectSameValues(back.data, cOrderValues(view), 'round trip');
    }), { numRuns: 200 });
  });

  it('keeps NaN, infinities and -0 through a round trip', () => {
    const special = Float64Array.of(NaN, Infinity, -Infinity, -0, 5e-324, Number.MAX_VALUE);
    expectSameValues(fromNpy(toNpy(array(special, [6]))).data, special, 'float64 specials');
    const special32 = Float32Array.of(NaN, Infinity, -Infinity, -0, 1e-45, 3.4028234663852886e38);
    expectSameValues(fromNpy(toNpy(array(special32, [2, 3]))).data, special32, 'float32 specials');
  });

  it('rejects inputs that are not arrays, naming the argument', () => {
    expectThrowsArg(() => toNpy('x' as never), 'a', /expected an NDArray/);
    expectThrowsArg(() => toNpy([[1, 2], [3]]), 'a', /ragged/);
  });
});

/**
 * A Python that can import NumPy: $CONVND_PYTHON, python3 on the PATH, or Debian's
 * /usr/bin/python3 (.ci/run installs python3-numpy when none has it). Not finding one
 * fails the test rather than skipping it: this check is the proof that NumPy reads our files.
 */
function numpyPython(): string {
  const candidates = [process.env['CONVND_PYTHON'], 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
      return python;
    } catch { /* try the next one */ }
  }
  throw new Error(`no Python with NumPy found (tried ${candidates.join(', ')}); install python3-numpy or set CONVND_PYTHON`);
}

describe('NumPy reads what toNpy writes', () => {
  it('numpy.load gives the same shape, dtype and values, and numpy.save the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convnd-npy-'));
    try {
      const cases: [string, NDArray][] = [
        ['f8-2x3.npy', array([1, 2, 3, 4, 5, 6], [2, 3])],
        ['f4-0d.npy', array(new Float32Array([0.1]), [])],
        ['f8-0d.npy', array([-0], [])],
        ['f8-empty.npy', array([], [0])],
        ['f4-empty-3x0x2.npy', array(new Float32Array(0), [3, 0, 2])],
        ['f8-specials.npy', array([NaN, Infinity, -Infinity, -0, 5e-324, 0.1], [3, 2])],
        ['f8-long-axis.npy', array(new Float64Array(1000).map((_, i) => i / 3), [1000])],
      ];
      // Scrambled views, written in C order: NumPy must see the logical array.
      fc.sample(arbView, { numRuns: 12, seed: 42 }).forEach((p, i) => cases.push([`view-${i}.npy`, makeView(p)]));
      const expected = cases.map(([file, a]) => {
        writeFileSync(join(dir, file), toNpy(a));
        // JSON has no NaN, Infinity or -0: spell those as strings Python's float() reads.
        const values = cOrderValues(a).map((v) => (Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? '-0' : String(v)));
        return { file, shape: a.shape, dtype: a.dtype, values };
      });
      writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected));
      const out = execFileSync(numpyPython(), [join(root, 'tools/check_npy_readback.py'), dir], { encoding: 'utf8' });
      const report = JSON.parse(out) as { numpy: string; results: { file: string; ok: boolean; problems: string[] }[] };
      expect(report.results.length).toBe(cases.length);
      for (const r of report.results) expect(r.problems, r.file).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
