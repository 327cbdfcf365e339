// The packing copy (src/conv/strided-copy.ts) against copyBox, the element-by-element
// definition, including merged axes, unit axes, negative strides and the set() path.
import { describe, expect, it } from 'vitest';
import { copyStrided, mergeAxes } from '../src/conv/strided-copy.js';
import { copyBox } from '../src/ndarray/copy-box.js';

describe('copyStrided', () => {
  it('merges axes contiguous in both buffers and drops unit axes', () => {
    expect(mergeAxes([4, 5, 6], [30, 6, 1], [30, 6, 1])).toEqual({ extent: [120], src: [1], dst: [1] });
    expect(mergeAxes([4, 1, 6], [12, 99, 1], [6, 7, 1])).toEqual({ extent: [4, 6], src: [12, 1], dst: [6, 1] });
    expect(mergeAxes([3, 20], [40, 1], [20, 1])).toEqual({ extent: [3, 20], src: [40, 1], dst: [20, 1] });
  });

  const layouts: [string, number[], number[], number, number[], number][] = [
    ['dense', [3, 4, 20], [80, 20, 1], 0, [80, 20, 1], 0],
    ['padded destination', [3, 4, 20], [80, 20, 1], 0, [150, 25, 1], 7],
    ['transposed source', [5, 3, 17], [1, 85, 5], 0, [51, 17, 1], 0],
    ['reversed source rows', [4, 18], [-18, 1], 54, [18, 1], 0],
    ['reversed inner axis (no set)', [4, 18], [18, -1], 17, [18, 1], 0],
    ['short rows (loop path)', [6, 3], [3, 1], 0, [5, 1], 2],
  ];
  for (const [name, extent, ss, so, ds, dO] of layouts) {
    it(`matches copyBox: ${name}`, () => {
      const src = Float64Array.from({ length: 400 }, (_, i) => i * 1.5 - 3);
      const want = new Float64Array(800).fill(NaN), got = new Float64Array(800).fill(NaN);
      copyBox(extent, src, ss, so, want, ds, dO);
      copyStrided(extent, src, ss, so, got, ds, dO);
      expect(Array.from(got)).toEqual(Array.from(want));
      // Float32 destination through set() converts like element assignment.
      const want32 = new Float32Array(800).fill(NaN), got32 = new Float32Array(800).fill(NaN);
      copyBox(extent, src, ss, so, want32, ds, dO);
      copyStrided(extent, src, ss, so, got32, ds, dO);
      expect(Array.from(got32)).toEqual(Array.from(want32));
    });
  }
});
