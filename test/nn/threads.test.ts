// nn layers on the worker pool: every layer kind gives the same bits on 1, 2 and 3
// threads (the kernels split rows or weight-gradient items, never a summation).
import { afterEach, describe, expect, it } from 'vitest';
import { array, nn, type NDArray } from '../../src/index.js';
import { forceForwardMethod, setBandSizes } from '../../src/nn/forward.js';
import type { ForwardMethod } from '../../src/nn/method.js';
import { poolSize } from '../../src/threads/pool.js';
import { randomArray as seededValues } from './reference.js';

function randomArray(shape: number[], seed: number, dtype: 'float32' | 'float64'): NDArray {
  return array(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape, { dtype });
}

function expectBitIdentical(a: NDArray, b: NDArray, what: string): void {
  expect(a.shape, what).toEqual(b.shape);
  const i = a.data.findIndex((v, k) => !Object.is(v, b.data[k]));
  if (i >= 0) expect.fail(`${what}: element ${i} differs: ${a.data[i]} vs ${b.data[i]}`);
}

/** Each problem is above the pool's 2e6 multiply-add threshold, so threads really run. */
const X = [2, 16, 20, 20], W = [24, 16, 3, 3];
const forwardKinds: { name: string; method: ForwardMethod | null; x: number[]; w: number[]; opts: object }[] = [
  { name: 'direct', method: 'direct', x: X, w: W, opts: { padding: 'same' } },
  { name: 'winograd', method: 'winograd', x: X, w: W, opts: { padding: [0, 1, 1, 0] } },
  { name: 'igemm', method: 'igemm', x: X, w: W, opts: { padding: 1, stride: 2, dilation: 1 } },
  { name: 'grouped direct', method: 'direct', x: [2, 32, 24, 24], w: [32, 8, 3, 3], opts: { padding: 1, groups: 4 } },
  { name: 'depthwise', method: 'depthwise', x: [4, 64, 40, 40], w: [64, 1, 3, 3], opts: { padding: 'same', groups: 64 } },
  { name: 'depthwise-rows', method: 'depthwise-rows', x: [4, 64, 40, 41], w: [64, 1, 3, 3], opts: { padding: 'same', groups: 64 } },
  { name: 'depthwise-indirect', method: 'depthwise-indirect', x: [4, 64, 40, 40], w: [64, 1, 3, 3], opts: { padding: 1, groups: 64 } },
];

describe('nn layers on threads', () => {
  afterEach(() => forceForwardMethod(null));

  for (const dtype of ['float32', 'float64'] as const) {
    for (const kind of forwardKinds) {
      it(`forward ${kind.name} (${dtype}): 2 and 3 threads == 1 thread bit for bit`, () => {
        forceForwardMethod(kind.method);
        const x = randomArray(kind.x, 1, dtype), w = randomArray(kind.w, 2, dtype), bias = randomArray([kind.w[0]!], 3, dtype);
        const one = nn.conv2d(x, w, { ...kind.opts, bias, threads: 1 });
        for (const threads of [2, 3]) expectBitIdentical(nn.conv2d(x, w, { ...kind.opts, bias, threads }), one, `${threads} threads`);
        expect(poolSize()).toBeGreaterThan(0);
      });
    }

    it(`forward in bands (${dtype}): 2 and 3 threads == 1 thread bit for bit, and == one pass`, () => {
      // 64 x 64 images: a whole-image band (what threads get) is above the pool's minimum work.
      const x = randomArray([2, 64, 64, 64], 7, dtype), w = randomArray([64, 1, 3, 3], 8, dtype), bias = randomArray([64], 9, dtype);
      const opts = { padding: 'same' as const, groups: 64, bias };
      forceForwardMethod('depthwise-rows');
      const whole = nn.conv2d(x, w, { ...opts, threads: 1 });
      // Bands of ~4 rows: on threads each band is widened to be worth the pool.
      setBandSizes({ bytes: 4 * (64 * 64 + 66 * 64) * (dtype === 'float32' ? 4 : 8), minBytes: 0 });
      try {
        const one = nn.conv2d(x, w, { ...opts, threads: 1 });
        expectBitIdentical(one, whole, 'bands vs one pass');
        for (const threads of [2, 3]) expectBitIdentical(nn.conv2d(x, w, { ...opts, threads }), one, `${threads} threads`);
        expect(poolSize()).toBeGreaterThan(0);
      } finally {
        setBandSizes(null);
      }
    });

    for (const [name, opts] of [['stride 1 (adjoint forward)', { padding: 'same' }], ['stride 2 (GEMM + col2im)', { padding: 1, stride: 2 }]] as const) {
      it(`backward ${name} (${dtype}): gradients on 2 and 3 threads == 1 thread bit for bit`, () => {
        const x = randomArray(X, 4, dtype), w = randomArray(W, 5, dtype);
        const y = nn.conv2d(x, w, { ...opts, threads: 1 });
        const gy = randomArray(y.shape, 6, dtype);
        const one = nn.conv2dBackward(x, w, gy, { ...opts, threads: 1 });
        for (const threads of [2, 3]) {
          const many = nn.conv2dBackward(x, w, gy, { ...opts, threads });
          expectBitIdentical(many.gradInput, one.gradInput, `gradInput, ${threads} threads`);
          expectBitIdentical(many.gradWeight, one.gradWeight, `gradWeight, ${threads} threads`);
          expectBitIdentical(many.gradBias, one.gradBias, `gradBias, ${threads} threads`);
        }
        expect(poolSize()).toBeGreaterThan(0);
      });
    }

    it(`convTranspose2d stride 2 (${dtype}): 2 threads == 1 thread bit for bit`, () => {
      const x = randomArray([2, 24, 12, 12], 7, dtype), w = randomArray([24, 16, 3, 3], 8, dtype);
      const opts = { stride: 2, padding: 1, outputPadding: 1 };
      expectBitIdentical(nn.convTranspose2d(x, w, { ...opts, threads: 2 }), nn.convTranspose2d(x, w, { ...opts, threads: 1 }), '2 threads');
    });
  }
});
