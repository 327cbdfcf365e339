// Kernel-level checks in the XNNPACK tester's spirit: outputs pre-filled with NaN (an
// unwritten element fails) and canaries on both sides (an overrun fails), every forward
// kernel against the naive reference, and work ranges split as a worker pool would
// split them giving the same bits as one call.
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/nn/workspace.js';
import { ForwardConv, buildIndirection, GEOMETRY_WORDS } from '../../src/nn/forward.js';
import { CHUNK_ROWS, WeightGrad } from '../../src/nn/weight-grad.js';
import { inPixels, kernelTaps, outPixels, type ConvGeometry } from '../../src/nn/geometry.js';
import { packConvGroup } from '../../src/nn/pack.js';
import { chooseForwardMethod, type ForwardMethod } from '../../src/nn/method.js';
import { refConv, randomArray } from './reference.js';
import { permute, toChannelsLast, fromChannelsLast } from './helpers.js';

const CANARY = 12345.5;
const MARGIN = 24;

function geometry(batch: number, cin: number, cout: number, groups: number, h: number, w: number, k: number, stride: number, pad: number): ConvGeometry {
  const out = (n: number) => Math.floor((n + 2 * pad - k) / stride) + 1;
  return {
    batch, inChannels: cin, outChannels: cout, groups, inSize: [1, h, w], outSize: [1, out(h), out(w)],
    kernel: [1, k, k], stride: [1, stride, stride], dilation: [1, 1, 1], padBefore: [0, pad, pad],
  };
}

const cases: [string, ConvGeometry, ForwardMethod[]][] = [
  ['odd channels', geometry(2, 5, 11, 1, 7, 9, 3, 1, 1), ['direct', 'igemm']],
  ['stride 2, 1 channel', geometry(3, 1, 9, 1, 9, 6, 3, 2, 0), ['direct', 'igemm']],
  ['depthwise 13 channels', geometry(2, 13, 13, 13, 6, 7, 3, 1, 1), ['depthwise', 'depthwise-indirect', 'depthwise-rows', 'direct', 'igemm']],
  // depthwise-rows: output width 21 = two 8-pixel tiles, a 4-pixel tile and one single
  // pixel; 6 channels = one full f32 vector and a partial one; 5 rows and 17 wide with
  // no padding and stride 2 along H (width 15 = 8 + 4 + 3 singles).
  ['depthwise-rows tiles 8 + 8 + 4 + 1, 6 channels', geometry(3, 6, 6, 6, 5, 21, 3, 1, 1), ['depthwise-rows', 'depthwise']],
  ['depthwise-rows 7 channels, no padding', geometry(2, 7, 7, 7, 5, 17, 3, 1, 0), ['depthwise-rows', 'depthwise-indirect']],
  // Odd output height and width: the last tile row and column are partial.
  ['winograd 8 -> 12 channels, odd sizes', geometry(2, 8, 12, 1, 7, 9, 3, 1, 1), ['winograd', 'direct']],
];

describe('nn kernels: NaN-filled outputs, canaries, work ranges', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, g, methods] of cases) {
      it(`${name} (${dtype}): every method writes exactly its output`, () => {
        const cinG = g.inChannels / g.groups, taps = kernelTaps(g);
        const xN = inPixels(g) * g.inChannels, yN = outPixels(g) * g.outChannels;
        const x = randomArray(xN, 1), w = randomArray(g.outChannels * cinG * taps, 2), b = randomArray(g.outChannels, 3);
        // Reference in NCHW from the channels-last x.
        const xs = [g.batch, g.inSize[1]!, g.inSize[2]!, g.inChannels];
        const xNchw = permute(x, xs, fromChannelsLast(2));
        const ref = refConv(xNchw.data, xNchw.shape, w, [g.outChannels, cinG, g.kernel[1]!, g.kernel[2]!], b,
          { stride: g.stride.slice(1), dilation: [1, 1], padBefore: g.padBefore.slice(1), padAfter: g.padBefore.slice(1), groups: g.groups });
        const expected = permute(ref.data, ref.shape, toChannelsLast(2)).data;
        for (const method of methods) {
          const ws = new Workspace(dtype);
          const xPtr = ws.floats(xN), yPtr = ws.floats(yN + 2 * MARGIN);
          const conv = new ForwardConv(ws, g, w, b, method);
          expect(conv.method, "no silent fallback").toBe(method);
          ws.commit();
          ws.view(xPtr, xN).set(x);
          const y = ws.view(yPtr, yN + 2 * MARGIN);
          y.fill(NaN);
          y.fill(CANARY, 0, MARGIN);
          y.fill(CANARY, MARGIN + yN);
          conv.run(xPtr, yPtr + MARGIN * ws.size);
          const tol = dtype === 'float64' ? 1e-12 : 1e-5;
          for (let i = 0; i < MARGIN; i++) {
            expect(y[i], `${method}: canary before the output, ${i}`).toBe(CANARY);
            expect(y[MARGIN + yN + i], `${method}: canary after the output, ${i}`).toBe(CANARY);
          }
          for (let i = 0; i < yN; i++) {
            const c = i % g.outChannels, p = Math.floor(i / g.outChannels);
            const err = Math.abs(y[MARGIN + i]! - expected[i]!);
            if (!(err <= tol * 10)) expect.fail(`${method}: output pixel ${p}, channel ${c}: ${y[MARGIN + i]} vs ${expected[i]}`);
          }
        }
      });
    }

    it(`igemm and weightGrad (${dtype}): split work ranges give the same bits as one call`, () => {
      const g = geometry(2, 9, 10, 1, 6, 5, 3, 1, 1);
      const taps = kernelTaps(g), rows = outPixels(g), xN = inPixels(g) * g.inChannels;
      const ws = new Workspace(dtype);
      const xPtr = ws.floats(xN), indPtr = ws.words(rows * taps), zeroPtr = ws.floats(g.inChannels), geomPtr = ws.words(GEOMETRY_WORDS);
      const packed = packConvGroup(dtype, randomArray(10 * 9 * taps, 5), null, 0, 9, 10, taps);
      const wPtr = ws.floats(packed.length), y1 = ws.floats(rows * 10), y2 = ws.floats(rows * 10);
      const gyPtr = ws.floats(rows * 10), gw1 = ws.floats(10 * taps * 9);
      const wg = new WeightGrad(ws, g);
      const gw2 = ws.floats(10 * taps * 9);
      ws.commit();
      ws.view(xPtr, xN).set(randomArray(xN, 6));
      ws.view(wPtr, packed.length).set(packed);
      ws.view(zeroPtr, g.inChannels).fill(0);
      ws.view(gyPtr, rows * 10).set(randomArray(rows * 10, 7));
      buildIndirection(ws, geomPtr, indPtr, xPtr, zeroPtr, g.inChannels * ws.size, g);
      const igemm = dtype === 'float32' ? ws.k.igemmF32 : ws.k.igemmF64;
      igemm(indPtr, zeroPtr, 0, 0, rows, taps, 9, wPtr, 10, y1, 10 * ws.size, 0);
      // Uneven split: 4-row tiles straddle the boundaries.
      for (const [first, count] of [[0, 7], [7, 30], [37, rows - 37]] as const) {
        igemm(indPtr, zeroPtr, 0, first, count, taps, 9, wPtr, 10, y2, 10 * ws.size, 0);
      }
      expect(Array.from(ws.view(y2, rows * 10))).toEqual(Array.from(ws.view(y1, rows * 10)));
      // Weight gradient: the class (all items at once) vs the kernel over an uneven split
      // of its (tap, 4-channel block) items.
      wg.run(xPtr, gyPtr, gw1);
      ws.view(gw2, 10 * taps * 9).fill(0);
      const kernel = dtype === 'float32' ? ws.k.weightGradF32 : ws.k.weightGradF64;
      const items = taps * 3;
      for (const [i0, n] of [[0, 4], [4, 1], [5, items - 5]] as const) {
        kernel(indPtr, zeroPtr, 0, gyPtr, 10 * ws.size, 0, rows, CHUNK_ROWS, taps, 9, 10, i0, n, gw2);
      }
      expect(Array.from(ws.view(gw2, 10 * taps * 9))).toEqual(Array.from(ws.view(gw1, 10 * taps * 9)));
    });
  }
});

describe('nn method choice (thresholds measured in src/nn/method.ts)', () => {
  it('picks winograd, depthwise-rows, depthwise-indirect, depthwise and direct where each was measured to win', () => {
    expect(chooseForwardMethod(geometry(8, 64, 64, 1, 56, 56, 3, 1, 1))).toBe('winograd');
    expect(chooseForwardMethod(geometry(8, 8, 32, 1, 56, 56, 3, 1, 1))).toBe('direct');
    expect(chooseForwardMethod(geometry(8, 64, 64, 1, 56, 56, 3, 2, 1))).toBe('direct');
    expect(chooseForwardMethod(geometry(8, 128, 128, 128, 56, 56, 3, 1, 1))).toBe('depthwise-rows');
    expect(chooseForwardMethod(geometry(8, 32, 32, 32, 112, 112, 3, 1, 1))).toBe('depthwise-rows');
    // Stride 2 along W (and a 5-wide kernel) are not depthwise-rows shapes.
    expect(chooseForwardMethod(geometry(8, 128, 128, 128, 56, 56, 3, 2, 1))).toBe('depthwise-indirect');
    expect(chooseForwardMethod(geometry(8, 32, 32, 32, 112, 112, 5, 1, 2))).toBe('depthwise');
  });
});
