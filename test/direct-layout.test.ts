// Pure planning of the direct path's packed layouts (src/plan/direct-layout.ts).
import { describe, expect, it } from 'vitest';
import { convGeometry } from '../src/plan/conv-geometry.js';
import { planDirectLayout } from '../src/plan/direct-layout.js';

describe('planDirectLayout', () => {
  it('(S,S,N) with one filter keeps the batch innermost: dilation N, no transpose', () => {
    const L = planDirectLayout(convGeometry([100, 100, 50], [11, 11, 1], 'valid', [0, 1], 'freq'));
    expect(L.innerAxes).toEqual([2]);
    expect(L.outerAxes).toEqual([]);
    expect(L.rows).toMatchObject({ items: 1, oh: 90, width: 90 * 50, kh: 11, kw: 11, dilation: 50, inRow: 100 * 50, outRow: 90 * 50 });
  });

  it('(N,S,S) packs one item per image, dilation 1', () => {
    const L = planDirectLayout(convGeometry([50, 100, 100], [1, 11, 11], 'valid', [1, 2], 'freq'));
    expect(L.outerAxes).toEqual([0]);
    expect(L.innerAxes).toEqual([]);
    expect(L.rows).toMatchObject({ items: 50, oh: 90, width: 90, dilation: 1, inRow: 100 });
  });

  it('per-image filters or a batch axis between conv axes go outermost', () => {
    expect(planDirectLayout(convGeometry([20, 20, 4], [3, 3, 4], 'valid', [0, 1], 'freq')).outerAxes).toEqual([2]);
    expect(planDirectLayout(convGeometry([20, 4, 20], [3, 1, 3], 'valid', [0, 2], 'freq')).outerAxes).toEqual([1]);
  });

  it('3-D folds the first conv axis into kernel planes; full mode pads', () => {
    const L = planDirectLayout(convGeometry([6, 7, 8], [2, 3, 4], 'full', [0, 1, 2], 'convolve'));
    expect(L.padConv).toEqual([8, 11, 14]);
    expect(L.rows).toMatchObject({ items: 7, oh: 9, width: 11, kh: 3, kw: 4, kPlanes: [2], planeStrides: [11 * 14] });
  });

  it('1-D with the batch innermost runs positions as rows of the batch (kw = 1)', () => {
    const L = planDirectLayout(convGeometry([100, 64], [11, 1], 'valid', [0], 'freq'));
    expect(L.innerAxes).toEqual([1]);
    expect(L.rows).toMatchObject({ items: 1, oh: 90, width: 64, kh: 11, kw: 1, inRow: 64, outRow: 64 });
  });

  it('one long 1-D row becomes equal segments (even count preferred, none for a prime length)', () => {
    expect(planDirectLayout(convGeometry([1000000], [11], 'valid', [0], 'convolve')).rows).toMatchObject({ items: 1, oh: 30, width: 33333, inRow: 33333, kh: 1 });
    expect(planDirectLayout(convGeometry([1015], [7], 'valid', [0], 'convolve')).rows).toMatchObject({ oh: 1, width: 1009 });
    expect(planDirectLayout(convGeometry([1030], [7], 'full', [0], 'convolve')).rows).toMatchObject({ oh: 28, width: 37 });
  });

  it('1-D batch with one filter becomes rows of one item', () => {
    const L = planDirectLayout(convGeometry([8, 100], [1, 5], 'valid', [1], 'freq'));
    expect(L.rows).toMatchObject({ items: 1, batchAsRows: true, oh: 8, width: 96, kh: 1, kw: 5, inRow: 100, outRow: 96 });
  });
});
