// Properties of conv2d over random shapes and options (fast-check): the NHWC layout
// gives the NCHW result transposed, a batch equals a loop over its images, and the
// result is linear in the input. float64, tolerance 1e-12 * (1 + max|y|).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { array, nn } from '../../src/index.js';
import { expectClose, permute, toChannelsLast, toHWIO } from './helpers.js';
import { randomArray } from './reference.js';

const problem = fc.record({
  n: fc.integer({ min: 1, max: 3 }), groups: fc.integer({ min: 1, max: 3 }),
  cinG: fc.integer({ min: 1, max: 5 }), coutG: fc.integer({ min: 1, max: 4 }),
  h: fc.integer({ min: 3, max: 9 }), w: fc.integer({ min: 3, max: 9 }),
  kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
  stride: fc.integer({ min: 1, max: 3 }), dilation: fc.integer({ min: 1, max: 2 }),
  pad: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
}).filter((p) => p.h + p.pad[0]! + p.pad[1]! >= p.dilation * (p.kh - 1) + 1 && p.w + p.pad[2]! + p.pad[3]! >= p.dilation * (p.kw - 1) + 1);

type P = typeof problem extends fc.Arbitrary<infer T> ? T : never;

function setup(p: P) {
  const c = p.cinG * p.groups, o = p.coutG * p.groups;
  const xs = [p.n, c, p.h, p.w], ws = [o, p.cinG, p.kh, p.kw];
  const x = randomArray(xs.reduce((a, b) => a * b), p.seed), w = randomArray(ws.reduce((a, b) => a * b), p.seed + 1);
  const opts = { stride: p.stride, dilation: p.dilation, padding: p.pad, groups: p.groups };
  return { xs, ws, x, w, opts, y: nn.conv2d(array(x, xs), array(w, ws), opts) };
}

describe('conv2d properties', () => {
  it('NHWC = NCHW transposed', () => {
    fc.assert(fc.property(problem, (p) => {
      const { xs, ws, x, w, opts, y } = setup(p);
      const xl = permute(x, xs, toChannelsLast(2)), wl = permute(w, ws, toHWIO(2));
      const yl = nn.conv2d(array(xl.data, xl.shape), array(wl.data, wl.shape), { ...opts, layout: 'NHWC' });
      const expected = permute(y.data, y.shape, toChannelsLast(2));
      expectClose(yl, expected.data, expected.shape, 1e-12, 'NHWC');
    }), { numRuns: 40 });
  });

  it('a batch equals a loop over its images', () => {
    fc.assert(fc.property(problem, (p) => {
      const { xs, ws, x, w, opts, y } = setup(p);
      const per = xs[1]! * xs[2]! * xs[3]!, outPer = y.data.length / p.n;
      for (let i = 0; i < p.n; i++) {
        const yi = nn.conv2d(array(x.subarray(i * per, (i + 1) * per), [1, ...xs.slice(1)]), array(w, ws), opts);
        expectClose(yi, y.data.subarray(i * outPer, (i + 1) * outPer), [1, ...y.shape.slice(1)], 1e-12, `image ${i}`);
      }
    }), { numRuns: 30 });
  });

  it('linear in x: conv(2x - x2) = 2 conv(x) - conv(x2)', () => {
    fc.assert(fc.property(problem, (p) => {
      const { xs, ws, x, w, opts, y } = setup(p);
      const x2 = randomArray(x.length, p.seed + 7);
      const y2 = nn.conv2d(array(x2, xs), array(w, ws), opts);
      const mix = nn.conv2d(array(x.map((v, i) => 2 * v - x2[i]!), xs), array(w, ws), opts);
      expectClose(mix, y.data.map((v, i) => 2 * v - y2.data[i]!), y.shape, 1e-12, 'linearity');
    }), { numRuns: 30 });
  });
});
