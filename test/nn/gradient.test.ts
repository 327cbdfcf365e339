// conv2dBackward against central finite differences of conv2d in float64:
// L(x, w, b) = sum(gradOut * (conv2d(x, w) + b)); dL/dv ~ (L(v + h) - L(v - h)) / 2h.
// L is linear in each argument, so the central difference is exact up to rounding:
// tolerance 1e-7 relative with h = 1e-3.
import { describe, expect, it } from 'vitest';
import { array, nn, type NDArray } from '../../src/index.js';
import { randomArray } from './reference.js';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

const settings = [
  { x: [2, 4, 6, 5], w: [6, 2, 3, 2], opts: { stride: [2, 1], dilation: [1, 2], padding: [1, 0, 2, 1], groups: 2 } },
  { x: [1, 3, 7, 7], w: [3, 1, 3, 3], opts: { stride: 1, padding: 'same' as const, groups: 3 } },
  { x: [2, 5, 6, 6], w: [4, 5, 2, 3], opts: { stride: 3, dilation: 2, padding: 2, layout: 'NHWC' as const } },
];

function loss(x: Float64Array, w: Float64Array, b: Float64Array, gy: Float64Array, s: typeof settings[number]): number {
  const nhwc = 'layout' in s.opts && s.opts.layout === 'NHWC';
  const xs = nhwc ? [s.x[0]!, s.x[2]!, s.x[3]!, s.x[1]!] : s.x;
  const ws = nhwc ? [s.w[2]!, s.w[3]!, s.w[1]!, s.w[0]!] : s.w;
  const y = nn.conv2d(array(x, xs), array(w, ws), { ...s.opts, bias: array(b, [s.w[0]!]) });
  let sum = 0;
  for (let i = 0; i < y.data.length; i++) sum += gy[i]! * y.data[i]!;
  return sum;
}

function numericGradient(v: Float64Array, f: () => number, picks: number[]): number[] {
  const h = 1e-3;
  return picks.map((i) => {
    const old = v[i]!;
    v[i] = old + h; const fp = f();
    v[i] = old - h; const fm = f();
    v[i] = old;
    return (fp - fm) / (2 * h);
  });
}

describe('conv2dBackward vs finite differences (float64)', () => {
  settings.forEach((s, k) => {
    it(`setting ${k}: ${JSON.stringify(s.opts)}`, () => {
      const nhwc = 'layout' in s.opts && s.opts.layout === 'NHWC';
      const xs = nhwc ? [s.x[0]!, s.x[2]!, s.x[3]!, s.x[1]!] : s.x;
      const ws = nhwc ? [s.w[2]!, s.w[3]!, s.w[1]!, s.w[0]!] : s.w;
      const x = randomArray(size(s.x), 100 + k), w = randomArray(size(s.w), 200 + k), b = randomArray(s.w[0]!, 300 + k);
      const y: NDArray = nn.conv2d(array(x, xs), array(w, ws), s.opts);
      const gy = randomArray(y.data.length, 400 + k);
      const g = nn.conv2dBackward(array(x, xs), array(w, ws), array(gy, y.shape), s.opts);
      const f = () => loss(x, w, b, gy, s);
      const every = (n: number) => Array.from({ length: n }, (_, i) => i);
      for (const [name, v, analytic] of [['gradInput', x, g.gradInput], ['gradWeight', w, g.gradWeight], ['gradBias', b, g.gradBias]] as const) {
        const picks = every(v.length);
        const numeric = numericGradient(v, f, picks);
        picks.forEach((i, j) => {
          const a = analytic.data[i]!, n = numeric[j]!;
          if (!(Math.abs(a - n) <= 1e-7 * (1 + Math.abs(n)))) expect.fail(`${name}[${i}]: analytic ${a}, numeric ${n}`);
        });
      }
    });
  });
});
