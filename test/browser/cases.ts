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
  args?: unknown[];
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
  /** Results that are objects of arrays (nn.conv2dBackward). */
  fields?: Record<string, BrowserResult | null>;
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

/**
 * Any exported function (path like 'ndimage.gaussianFilter'), checked against the same
 * call in Node: values within `rtol` of Node's, relative to the largest |value| (Node and
 * the browser may differ by FMA rounding), same shape and dtype. `{ array: spec }`
 * arguments become arrays on both sides. The simplest way to add a new family here.
 */
export function nodeCase(id: string, path: string, args: unknown[], rtol: number): Checked {
  const c: BrowserCase = { id, fn: 'call', call: path, args };
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], convnd) as (...a: unknown[]) => unknown;
  const toArg = (a: unknown): unknown => {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return a;
    if ('array' in a) {
      const s = (a as { array: ArraySpec }).array;
      return convnd.array(s.data, s.shape, { dtype: s.dtype, strides: s.strides, offset: s.offset });
    }
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, toArg(v)]));
  };
  const want = fn(...args.map(toArg));
  const isArray = (v: unknown): v is convnd.NDArray => v !== null && typeof v === 'object' && 'data' in v;
  const compareArray = (r: BrowserResult, w: convnd.NDArray, label: string) => {
    sameShape(c, r, w.shape, w.dtype);
    let scale = 0;
    for (const v of w.data) scale = Math.max(scale, Math.abs(v));
    expectWithin(r.data!, w.data, w.shape, { dtype: w.dtype, absolute: rtol * scale }, label);
  };
  return {
    case: c,
    check(r) {
      if (r.thrown) fail(c, `threw ${r.thrown}`);
      if (isArray(want)) {
        compareArray(r, want, id);
      } else if (want !== null && typeof want === 'object') {
        const fields = Object.entries(want as Record<string, unknown>);
        if (JSON.stringify(Object.keys(r.fields ?? {})) !== JSON.stringify(fields.map(([k]) => k))) fail(c, `fields ${Object.keys(r.fields ?? {})}, expected ${fields.map(([k]) => k)}`);
        for (const [k, w] of fields) {
          if (isArray(w)) compareArray(r.fields![k]!, w, `${id} .${k}`);
          else if (JSON.stringify(r.fields![k]) !== JSON.stringify(w)) fail(c, `.${k} is ${JSON.stringify(r.fields![k])}, expected ${JSON.stringify(w)}`);
        }
      } else if (JSON.stringify(r.value) !== JSON.stringify(want)) {
        fail(c, `got ${JSON.stringify(r.value)}, expected ${JSON.stringify(want)}`);
      }
    },
  };
}

function plain(a: convnd.NDArray): BrowserResult {
  return { id: '', shape: a.shape, dtype: a.dtype, data: Array.from(a.data) };
}

const NPY_FIXTURES = ['f8-be-f-2x3x4.npy', 'f4-le-c-2x3.npy', 'f2-le-c-2x3.npy', 'i2-be-c-2x3.npy', 'u1-na-f-3x1x2x2.npy', 'b1-na-c-2x3.npy'];

/**
 * Exports of src/index.ts without cases of their own: the error class, ready() (every
 * run awaits it) and array() (every case builds its inputs with it).
 */
export const NOT_CASES = new Set(['ArgumentError', 'ready', 'array']);

/** Names of the exported functions the cases call (namespaces as 'ndimage.x'). */
export function coveredFunctions(checked: Checked[]): Set<string> {
  const names = new Set<string>();
  for (const { case: c } of checked) {
    if (c.fn === 'call' || c.fn === 'error') names.add(c.call!);
    else names.add(c.fn);
  }
  return names;
}

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
    // A generic call checked against Node's own result.
    out.push(nodeCase(`correlate via generic call, axes [-1] ${d}`, 'correlate',
      [{ array: spec([3, 40], 33, dtype) }, { array: spec([1, 6], 34, dtype) }, { mode: 'same', axes: [-1] }], dtype === 'float32' ? 1e-5 : 1e-13));
    // Mixed dtypes give float64; bad options throw the same error as in Node and the
    // library stays usable (the next cases run after it).
    out.push(convCase(`convolve mixed dtypes ${d}`, 'convolve', spec([8, 8], 29, dtype), spec([3, 3], 30, dtype === 'float32' ? 'float64' : 'float32'), { mode: 'same' }));
    const bad: BrowserCase = { id: `error unknown mode ${d}`, fn: 'error', call: 'convolve', in1: spec([5], 31, dtype), in2: spec([2], 32, dtype), opts: { mode: 'circular' } };
    let message = '';
    try { convnd.convolve([1], [1], { mode: 'circular' as 'full' }); } catch (e) { message = `${(e as Error).name}: ${(e as Error).message}`; }
    out.push(sameAsNode(bad, { id: '', error: message }));
  }
  out.push(...familiesOnOtherBranches());
  // fromNpy on files NumPy wrote (every byte order, Fortran order, float16, ints, bool).
  for (const name of NPY_FIXTURES) {
    const bytes = readFileSync(fileURLToPath(new URL(`../fixtures/npy/${name}`, import.meta.url)));
    out.push(sameAsNode({ id: `fromNpy ${name}`, fn: 'fromNpy', npyBase64: bytes.toString('base64') }, plain(convnd.fromNpy(bytes))));
  }
  return out;
}

/**
 * Cases for the functions other branches add (scipy.signal 2-d, nextFastLen, the
 * ndimage and nn namespaces), each present only once that export exists in
 * src/index.ts, checked against the same call in Node.
 */
function familiesOnOtherBranches(): Checked[] {
  const api = convnd as unknown as Record<string, unknown>;
  const has = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], api) instanceof Function;
  const out: Checked[] = [];
  const add = (id: string, path: string, args: unknown[], dtype: DType) => {
    if (has(path)) out.push(nodeCase(`${id} ${dtype === 'float32' ? 'f32' : 'f64'}`, path, args, dtype === 'float32' ? 1e-4 : 1e-10));
  };
  if (has('nextFastLen')) {
    for (const [n, real] of [[1, true], [97, true], [1000, false], [12345, true]] as const) {
      out.push(nodeCase(`nextFastLen(${n}, ${real})`, 'nextFastLen', [n, real], 0));
    }
  }
  for (const dtype of ['float64', 'float32'] as const) {
    const A = (shape: number[], seed: number) => ({ array: spec(shape, seed, dtype) });
    add('convolve2d wrap same', 'convolve2d', [A([12, 15], 40), A([4, 3], 41), { mode: 'same', boundary: 'wrap' }], dtype);
    add('correlate2d symm full', 'correlate2d', [A([10, 9], 42), A([3, 5], 43), { boundary: 'symm' }], dtype);
    add('correlate2d fill valid', 'correlate2d', [A([10, 9], 44), A([3, 5], 45), { mode: 'valid', boundary: 'fill', fillvalue: 0.5 }], dtype);
    add('ndimage.convolve reflect', 'ndimage.convolve', [A([14, 11], 46), A([3, 4], 47), { mode: 'reflect' }], dtype);
    add('ndimage.correlate mirror origin', 'ndimage.correlate', [A([9, 8, 7], 48), A([3, 3, 2], 49), { mode: 'mirror', origin: [0, 1, 0] }], dtype);
    add('ndimage.convolve1d nearest axis 0', 'ndimage.convolve1d', [A([12, 6], 50), A([5], 51), { mode: 'nearest', axis: 0 }], dtype);
    add('ndimage.correlate1d wrap', 'ndimage.correlate1d', [A([20], 52), A([4], 53), { mode: 'wrap' }], dtype);
    add('ndimage.gaussianFilter', 'ndimage.gaussianFilter', [A([24, 20], 54), 1.5], dtype);
    add('ndimage.gaussianFilter1d order 1', 'ndimage.gaussianFilter1d', [A([30, 4], 55), 2, { axis: 0, order: 1 }], dtype);
    add('ndimage.uniformFilter constant', 'ndimage.uniformFilter', [A([15, 16], 56), 3, { mode: 'constant', cval: 1 }], dtype);
    add('ndimage.uniformFilter1d', 'ndimage.uniformFilter1d', [A([40], 57), 4], dtype);
    add('ndimage.sobel', 'ndimage.sobel', [A([16, 17], 58), { axis: 0 }], dtype);
    add('ndimage.prewitt', 'ndimage.prewitt', [A([16, 17], 59)], dtype);
    add('ndimage.laplace', 'ndimage.laplace', [A([10, 11, 5], 60)], dtype);
    add('ndimage.gaussianGradientMagnitude', 'ndimage.gaussianGradientMagnitude', [A([18, 19], 61), 1.2], dtype);
    add('ndimage.gaussianLaplace', 'ndimage.gaussianLaplace', [A([18, 19], 62), 1.2], dtype);
    add('nn.conv1d', 'nn.conv1d', [A([2, 3, 30], 63), A([4, 3, 5], 64), { padding: 2, stride: 2 }], dtype);
    add('nn.conv2d', 'nn.conv2d', [A([2, 3, 12, 13], 65), A([4, 3, 3, 3], 66), { padding: 1, bias: A([4], 67) }], dtype);
    add('nn.conv2d NHWC groups', 'nn.conv2d', [A([1, 10, 9, 4], 68), A([3, 3, 2, 6], 69), { layout: 'NHWC', groups: 2, dilation: 2 }], dtype);
    add('nn.conv3d', 'nn.conv3d', [A([1, 2, 6, 7, 8], 70), A([3, 2, 2, 3, 3], 71), {}], dtype);
    add('nn.convTranspose2d', 'nn.convTranspose2d', [A([1, 4, 6, 7], 72), A([4, 2, 3, 3], 73), { stride: 2 }], dtype);
    add('nn.conv2dBackward', 'nn.conv2dBackward', [A([2, 3, 8, 9], 74), A([4, 3, 3, 3], 75), A([2, 4, 6, 7], 76)], dtype);
  }
  return out;
}
