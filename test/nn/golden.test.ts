// convnd's nn family against golden vectors made by tools/nn-golden.py (a NumPy
// implementation of PyTorch's semantics), in both layouts, float64 and float32, with
// every forward kernel forced in turn so that a silent fallback cannot pass.
//
// Tolerances: float64 1e-11 * (1 + max|expected|) (the file keeps 13 significant digits);
// float32 2e-5 * (1 + max|expected|) (sums of at most 48 products of values in [-1, 1]).
import { readFileSync } from 'node:fs';
import { describe, it, afterEach } from 'vitest';
import { array, nn } from '../../src/index.js';
import { forceForwardMethod } from '../../src/nn/forward.js';
import type { ForwardMethod } from '../../src/nn/method.js';
import { expectClose, fromChannelsLast, fromHWIO, permute, toChannelsLast, toHWIO } from './helpers.js';

interface GoldenCase {
  fn: 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose2d' | 'conv2dBackward';
  salt: number; x: number[]; w: number[]; bias?: boolean;
  stride: number[]; dilation: number[]; groups: number;
  padding: number | number[] | 'same' | 'valid';
  outputPadding?: number[]; out: number[];
  y?: number[]; gradInput?: number[]; gradWeight?: number[]; gradBias?: number[];
}

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as { seed: number; cases: GoldenCase[] };

/** Same formula as tools/nn-golden.py `values`. */
function values(n: number, salt: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 7919 + salt * 104729 + golden.seed) % 2003) / 1001.5 - 1;
  return out;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

type Layout = 'NCHW' | 'NHWC';

function run(c: GoldenCase, layout: Layout, dtype: 'float32' | 'float64') {
  const r = c.x.length - 2;
  const T = dtype === 'float32' ? Float32Array : Float64Array;
  let x = { data: values(size(c.x), c.salt), shape: c.x };
  let w = { data: values(size(c.w), c.salt + 1000), shape: c.w };
  if (layout === 'NHWC') { x = permute(x.data, x.shape, toChannelsLast(r)); w = permute(w.data, w.shape, toHWIO(r)); }
  const xa = array(T.from(x.data), x.shape), wa = array(T.from(w.data), w.shape);
  const biasLength = c.fn === 'convTranspose2d' ? c.out[1]! : c.w[0]!;
  const bias = c.bias ? array(T.from(values(biasLength, c.salt + 2000)), [biasLength]) : undefined;
  const common = { stride: c.stride, dilation: c.dilation, groups: c.groups, layout };
  const back = (a: { data: ArrayLike<number>; shape: number[] }, isWeight = false) =>
    layout === 'NHWC' ? permute(a.data, a.shape, isWeight ? fromHWIO(r) : fromChannelsLast(r)) : a;
  if (c.fn === 'conv2dBackward') {
    const gyShape = layout === 'NHWC' ? permute(new Float64Array(size(c.out)), c.out, toChannelsLast(r)).shape : c.out;
    const gy0 = values(size(c.out), c.salt + 2000);
    const gy = layout === 'NHWC' ? permute(gy0, c.out, toChannelsLast(r)).data : gy0;
    const g = nn.conv2dBackward(xa, wa, array(T.from(gy), gyShape), { ...common, padding: c.padding });
    return { gradInput: back(g.gradInput), gradWeight: back(g.gradWeight, true), gradBias: g.gradBias };
  }
  if (c.fn === 'convTranspose2d') {
    const y = nn.convTranspose2d(xa, wa, { ...common, bias, padding: c.padding as number | number[], outputPadding: c.outputPadding });
    return { y: back(y) };
  }
  const y = nn[c.fn](xa, wa, { ...common, bias, padding: c.padding });
  return { y: back(y) };
}

function check(c: GoldenCase, layout: Layout, dtype: 'float32' | 'float64'): void {
  const tol = dtype === 'float64' ? 1e-11 : 2e-5;
  const label = `${c.fn} salt ${c.salt} ${layout} ${dtype}`;
  const got = run(c, layout, dtype);
  if (c.fn === 'conv2dBackward') {
    expectClose(got.gradInput!, c.gradInput!, c.x, tol, `${label} gradInput`);
    expectClose(got.gradWeight!, c.gradWeight!, c.w, tol, `${label} gradWeight`);
    expectClose(got.gradBias!, c.gradBias!, [c.w[0]!], tol, `${label} gradBias`);
  } else {
    expectClose(got.y!, c.y!, c.out, tol, label);
  }
}

const methods: ForwardMethod[] = ['direct', 'igemm', 'depthwise', 'depthwise-indirect', 'depthwise-rows'];

describe('nn golden vectors (NumPy reference of PyTorch semantics)', () => {
  afterEach(() => forceForwardMethod(null));
  for (const fn of ['conv1d', 'conv2d', 'conv3d', 'convTranspose2d', 'conv2dBackward'] as const) {
    const cases = golden.cases.filter((c) => c.fn === fn);
    it(`${fn}: ${cases.length} option combinations, both layouts, float64 and float32, every kernel`, () => {
      for (const method of methods) {
        forceForwardMethod(method);
        for (const c of cases) for (const layout of ['NCHW', 'NHWC'] as const) check(c, layout, 'float64');
      }
      forceForwardMethod(null);
      for (const c of cases) for (const layout of ['NCHW', 'NHWC'] as const) check(c, layout, 'float32');
    });
  }
});
