// The slice of conformance checks run in the browser: every function family exported
// by src/index.ts, in float64 and float32, with expected values computed here in Node
// (the float64 oracle of test/reference.ts for convolutions, convnd in Node for the
// rest).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as convnd from '../../src/index.js';
import { absArray, refArray, referenceConvolve, referenceCorrelate, type RefArray } from '../reference.js';
import { expectWithin, fftTolerance } from '../helpers/tolerance.js';

type DType = 'float32' | 'float64';
export interface ArraySpec { data: number[]; shape: number[]; dtype: DType; strides?: number[]; offset?: number }
export interface BrowserCase {
  id: string;
  fn: string;
  in1?: ArraySpec;
  in2?: ArraySpec;
  opts?: Record<string, unknown>;
  shape?: number[];
  dtype?: DType;
  npyBase64?: string;
  call?: string;
}
export interface BrowserResult {
  id: string;
  shape?: number[];
  dtype?: string;
  data?: number[];
  value?: unknown;
  bytes?: number[];
  error?: string | null;
  thrown?: string;
}

/** Deterministic values in [-0.5, 0.5) (an LCG), rounded to the dtype. */
function values(n: number, seed: number, dtype: DType): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = s / 4294967296 - 0.5;
    return dtype === 'float32' ? Math.fround(v) : v;
  });
}

function spec(shape: number[], seed: number, dtype: DType): ArraySpec {
  return { data: values(shape.reduce((a, b) => a * b, 1), seed, dtype), shape, dtype };
}

/** Dense C-order values of a (possibly strided) spec, for the oracle. */
function denseOf(s: ArraySpec): RefArray {
  const v = convnd.toNested(convnd.array(s.data, s.shape, { dtype: s.dtype, strides: s.strides, offset: s.offset }));
  return refArray((Array.isArray(v) ? (v as unknown[]).flat(Infinity) : [v]) as number[], s.shape);
}

interface Checked { case: BrowserCase; check(r: BrowserResult): void }

function fail(c: BrowserCase, what: string): never {
  throw new Error(`${c.id}: ${what}`);
}

function sameShape(c: BrowserCase, r: BrowserResult, shape: number[], dtype: string): void {
  if (r.thrown) fail(c, `threw ${r.thrown}`);
  if (JSON.stringify(r.shape) !== JSON.stringify(shape)) fail(c, `shape ${JSON.stringify(r.shape)}, expected ${JSON.stringify(shape)}`);
  if (r.dtype !== dtype) fail(c, `dtype ${r.dtype}, expected ${dtype}`);
}

/** A convolution case checked against the float64 oracle with the contract's tolerance. */
function convCase(id: string, fn: 'convolve' | 'correlate' | 'fftconvolve' | 'oaconvolve', in1: ArraySpec, in2: ArraySpec,
  opts: { mode?: 'full' | 'same' | 'valid'; method?: string; axes?: number[]; threads?: number }): Checked {
  const c: BrowserCase = { id, fn, in1, in2, opts };
  const a = denseOf(in1), b = denseOf(in2);
  const refOpts = { mode: opts.mode, axes: opts.axes, rules: fn === 'fftconvolve' || fn === 'oaconvolve' || opts.axes ? 'freq' as const : 'convolve' as const };
  const oracle = fn === 'correlate' ? referenceCorrelate : referenceConvolve;
  const want = oracle(a, b, refOpts);
  const bound = oracle(absArray(a), absArray(b), refOpts);
  const dtype = in1.dtype === 'float32' && in2.dtype === 'float32' ? 'float32' : 'float64';
  const viaFft = fn === 'fftconvolve' || fn === 'oaconvolve' || (opts.method ?? 'auto') !== 'direct';
  // Node's own result fixes the shape convention (e.g. 0-d) independently of the oracle.
  const nodeResult = (convnd[fn] as (x: unknown, y: unknown, o: unknown) => convnd.NDArray)(
    convnd.array(in1.data, in1.shape, { dtype: in1.dtype, strides: in1.strides, offset: in1.offset }),
    convnd.array(in2.data, in2.shape, { dtype: in2.dtype }), opts);
  return {
    case: c,
    check(r) {
      sameShape(c, r, nodeResult.shape, dtype);
      expectWithin(r.data!, want.data, want.shape, {
        bound: bound.data, dtype, absolute: viaFft ? fftTolerance(a.data, b.data, dtype) : 0,
      }, id);
    },
  };
}

/** A case whose browser result must equal convnd's result in Node exactly. */
function sameAsNode(c: BrowserCase, nodeValue: BrowserResult): Checked {
  return {
    case: c,
    check(r) {
      const { id: _id, ...got } = r;
      const { id: _nid, ...want } = nodeValue;
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(c, `got ${JSON.stringify(got).slice(0, 300)}, expected ${JSON.stringify(want).slice(0, 300)}`);
    },
  };
}

function plain(a: convnd.NDArray): BrowserResult {
  return { id: '', shape: a.shape, dtype: a.dtype, data: Array.from(a.data) };
}

const NPY_FIXTURES = ['f8-be-f-2x3x4.npy', 'f4-le-c-2x3.npy', 'f2-le-c-2x3.npy', 'i2-be-c-2x3.npy', 'u1-na-f-3x1x2x2.npy', 'b1-na-c-2x3.npy'];

export function browserCases(): Checked[] {
  const out: Checked[] = [];
  for (const dtype of ['float64', 'float32'] as const) {
    const d = dtype === 'float32' ? 'f32' : 'f64';
    // signal.convolve / correlate: modes, methods, ranks, SciPy's valid swap.
    out.push(convCase(`convolve 1-d full ${d}`, 'convolve', spec([37], 1, dtype), spec([5], 2, dtype), { method: 'direct' }));
    out.push(convCase(`convolve 2-d same even kernel ${d}`, 'convolve', spec([17, 23], 3, dtype), spec([4, 6], 4, dtype), { mode: 'same', method: 'direct' }));
    out.push(convCase(`convolve 3-d valid ${d}`, 'convolve', spec([9, 10, 11], 5, dtype), spec([3, 4, 2], 6, dtype), { mode: 'valid' }));
    for (const method of ['fft', 'oa', 'auto'] as const) {
      out.push(convCase(`convolve 2-d full method ${method} ${d}`, 'convolve', spec([20, 31], 7, dtype), spec([7, 5], 8, dtype), { method }));
    }
    out.push(convCase(`correlate 1-d valid swapped ${d}`, 'correlate', spec([6], 9, dtype), spec([40], 10, dtype), { mode: 'valid' }));
    out.push(convCase(`correlate 2-d same ${d}`, 'correlate', spec([15, 12], 11, dtype), spec([5, 3], 12, dtype), { mode: 'same', method: 'direct' }));
    // Batched, the StackOverflow layout; large enough for the worker pool to split it.
    out.push(convCase(`convolve batch (S,S,N)*(K,K) valid axes [0,1] threads 4 ${d}`, 'convolve',
      spec([48, 48, 16], 13, dtype), spec([9, 9], 14, dtype), { mode: 'valid', axes: [0, 1], method: 'direct', threads: 4 }));
    out.push(convCase(`correlate batch (N,S,S) same axes [1,2] broadcast kernel ${d}`, 'correlate',
      spec([12, 30, 30], 15, dtype), spec([1, 5, 5], 16, dtype), { mode: 'same', axes: [1, 2], method: 'direct', threads: 4 }));
    // Strided input: a transposed view read in place.
    const t = spec([12, 9], 17, dtype);
    out.push(convCase(`convolve transposed view ${d}`, 'convolve', { ...t, shape: [9, 12], strides: [1, 9] }, spec([3, 4], 18, dtype), { mode: 'full', method: 'direct' }));
    // fftconvolve / oaconvolve with broadcast batch axes.
    out.push(convCase(`fftconvolve axes [1] broadcast ${d}`, 'fftconvolve', spec([4, 50], 19, dtype), spec([1, 9], 20, dtype), { mode: 'same', axes: [1] }));
    out.push(convCase(`oaconvolve long 1-d valid ${d}`, 'oaconvolve', spec([300], 21, dtype), spec([17], 22, dtype), { mode: 'valid' }));
    out.push(convCase(`fftconvolve 2-d full ${d}`, 'fftconvolve', spec([13, 14], 23, dtype), spec([6, 5], 24, dtype), {}));
    // chooseConvMethod, zeros, toNested, toNpy: equal to Node's answers.
    const big = spec([60, 60], 25, dtype), k = spec([31, 31], 26, dtype);
    const choose: BrowserCase = { id: `chooseConvMethod ${d}`, fn: 'chooseConvMethod', in1: big, in2: k, opts: { mode: 'same' } };
    out.push(sameAsNode(choose, { id: '', value: convnd.chooseConvMethod(convnd.array(big.data, big.shape, { dtype }), convnd.array(k.data, k.shape, { dtype }), { mode: 'same' }) }));
    out.push(sameAsNode({ id: `zeros ${d}`, fn: 'zeros', shape: [2, 3], dtype }, plain(convnd.zeros([2, 3], dtype))));
    const nested = { ...spec([3, 4], 27, dtype), strides: [1, 3], shape: [4, 3] };
    out.push(sameAsNode({ id: `toNested strided ${d}`, fn: 'toNested', in1: nested },
      { id: '', value: convnd.toNested(convnd.array(nested.data, nested.shape, { dtype, strides: nested.strides })) }));
    const npyIn = spec([3, 5], 28, dtype);
    out.push(sameAsNode({ id: `toNpy ${d}`, fn: 'toNpy', in1: npyIn },
      { id: '', bytes: Array.from(convnd.toNpy(convnd.array(npyIn.data, npyIn.shape, { dtype }))) }));
    // Mixed dtypes give float64; bad options throw the same error as in Node and the
    // library stays usable (the next cases run after it).
    out.push(convCase(`convolve mixed dtypes ${d}`, 'convolve', spec([8, 8], 29, dtype), spec([3, 3], 30, dtype === 'float32' ? 'float64' : 'float32'), { mode: 'same' }));
    const bad: BrowserCase = { id: `error unknown mode ${d}`, fn: 'error', call: 'convolve', in1: spec([5], 31, dtype), in2: spec([2], 32, dtype), opts: { mode: 'circular' } };
    let message = '';
    try { convnd.convolve([1], [1], { mode: 'circular' as 'full' }); } catch (e) { message = `${(e as Error).name}: ${(e as Error).message}`; }
    out.push(sameAsNode(bad, { id: '', error: message }));
  }
  // fromNpy on files NumPy wrote (every byte order, Fortran order, float16, ints, bool).
  for (const name of NPY_FIXTURES) {
    const bytes = readFileSync(fileURLToPath(new URL(`../fixtures/npy/${name}`, import.meta.url)));
    out.push(sameAsNode({ id: `fromNpy ${name}`, fn: 'fromNpy', npyBase64: bytes.toString('base64') }, plain(convnd.fromNpy(bytes))));
  }
  return out;
}
