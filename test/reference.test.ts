// The oracle itself, checked on cases worked out by hand and against SciPy's fixtures.
import { describe, expect, it } from 'vitest';
import {
  expandKernel, flip, fullConvolve, refArray, referenceConvolve, referenceCorrelate, type RefArray,
} from './reference.js';
import { loadGolden } from './helpers/golden-fixtures.js';
import { expectWithin } from './helpers/tolerance.js';

const r = refArray;
const values = (a: RefArray) => ({ shape: a.shape, data: Array.from(a.data) });

describe('reference oracle, hand-computed', () => {
  it('1-D full convolution', () => {
    expect(values(fullConvolve(r([1, 2], [2]), r([1, 1, 1], [3]), [0]))).toEqual({ shape: [4], data: [1, 3, 3, 2] });
  });

  it("'same' with an even kernel starts at (full - n1) // 2, as SciPy's _centered", () => {
    // full = [1, 12, 23, 34, 40]
    expect(values(referenceConvolve(r([1, 2, 3, 4], [4]), r([1, 10], [2]), { mode: 'same' })).data).toEqual([1, 12, 23, 34]);
    // correlate = convolve with [10, 1]: full = [10, 21, 32, 43, 4]
    expect(values(referenceCorrelate(r([1, 2, 3, 4], [4]), r([1, 10], [2]), { mode: 'same' })).data).toEqual([10, 21, 32, 43]);
  });

  it("'valid' swaps a longer in2, and correlate's result comes out reversed", () => {
    // [1, 2, 3] * [1, 2]: full [1, 4, 7, 6], valid [4, 7]
    expect(values(referenceConvolve(r([1, 2], [2]), r([1, 2, 3], [3]), { mode: 'valid' })).data).toEqual([4, 7]);
    // correlate([1,2,3], [1,2]) valid = [5, 8]; SciPy returns it reversed for the swapped call
    expect(values(referenceCorrelate(r([1, 2], [2]), r([1, 2, 3], [3]), { mode: 'valid' })).data).toEqual([8, 5]);
    expect(values(referenceCorrelate(r([1, 2, 3], [3]), r([1, 2], [2]), { mode: 'valid' })).data).toEqual([5, 8]);
  });

  it("'valid' with neither input larger throws", () => {
    expect(() => referenceConvolve(r([1, 2, 3, 4, 5, 6], [3, 2]), r([1, 2, 3, 4, 5, 6], [2, 3]), { mode: 'valid' })).toThrow();
  });

  it('2-D full convolution', () => {
    // b has ones at (0, 1) and (1, 0): the sum of a shifted right and a shifted down
    const out = fullConvolve(r([1, 2, 3, 4], [2, 2]), r([0, 1, 1, 0], [2, 2]), [0, 1]);
    expect(values(out)).toEqual({ shape: [3, 3], data: [0, 1, 2, 1, 5, 4, 3, 4, 0] });
  });

  it('batch axes broadcast', () => {
    const out = referenceConvolve(r([1, 2, 3, 4, 5, 6], [2, 3]), r([1, -1], [1, 2]), { axes: [1] });
    expect(values(out)).toEqual({ shape: [2, 4], data: [1, 1, 1, -3, 4, 1, 1, -6] });
  });

  it("'same' crops batch axes to in1's length (fftconvolve's rule)", () => {
    // axis 1 has length 1 in in2, so nothing is convolved: full = outer product (3, 3);
    // 'same' keeps in1's (1, 3), the middle row.
    const out = referenceConvolve(r([1, 2, 3], [1, 3]), r([1, 2, 3], [3, 1]), { mode: 'same', axes: [1] });
    expect(values(out)).toEqual({ shape: [1, 3], data: [2, 4, 6] });
  });

  it("length-1 axes broadcast under fftconvolve's rules, and 'valid' then keeps them", () => {
    const a = r([1, 2], [2, 1]), b = r([1, 2, 3], [1, 3]);
    expect(values(referenceConvolve(a, b, { mode: 'valid', rules: 'freq' }))).toEqual({ shape: [2, 3], data: [1, 2, 3, 2, 4, 6] });
    expect(() => referenceConvolve(a, b, { mode: 'valid' })).toThrow();
  });

  it('a kernel with axes.length dims maps onto axes in order', () => {
    // in2 [1, 1] along axis 0 of a (3, 2) input: sums of consecutive rows
    const out = referenceConvolve(r([1, 2, 3, 4, 5, 6], [3, 2]), r([1, 1], [2]), { mode: 'valid', axes: [0] });
    expect(values(out)).toEqual({ shape: [2, 2], data: [4, 6, 8, 10] });
    // axis i of the kernel goes to axes[i]: b[i][j] lands at [j, 0, i]
    const e = expandKernel(r([1, 2, 3, 4, 5, 6], [2, 3]), [2, 0], 3);
    expect(values(e)).toEqual({ shape: [3, 1, 2], data: [1, 4, 2, 5, 3, 6] });
  });

  it('flip reverses only the given axes', () => {
    expect(values(flip(r([1, 2, 3, 4, 5, 6], [2, 3]), [1])).data).toEqual([3, 2, 1, 6, 5, 4]);
    expect(values(flip(r([1, 2, 3, 4, 5, 6], [2, 3]), [0, 1])).data).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('0-d inputs give their product', () => {
    expect(values(referenceConvolve(r([3], []), r([-2], [])))).toEqual({ shape: [], data: [-6] });
  });
});

describe('reference oracle against SciPy golden fixtures', () => {
  const golden = loadGolden();
  for (const f of golden.fixtures) {
    if (f.expected && f.expected.data.length === 0) continue; // empty inputs: SciPy's special case
    it(f.name, () => {
      const in1 = r(f.in1.data, f.in1.shape), in2 = r(f.in2.data, f.in2.shape);
      // Fixtures without axes that are not SciPy convolve/correlate calls follow fftconvolve.
      const rules = f.axes === null && !f.functions.includes(f.kind) ? 'freq' : undefined;
      const opts = { mode: f.mode, axes: f.axes ?? undefined, rules } as const;
      const call = () => (f.kind === 'convolve' ? referenceConvolve(in1, in2, opts) : referenceCorrelate(in1, in2, opts));
      if (f.error) {
        expect(call, f.error).toThrow();
        return;
      }
      const out = call();
      expect(out.shape).toEqual(f.expected!.shape);
      expectWithin(out.data, f.expected!.data, out.shape, { bound: f.bound!.data, ulps: 4, dtype: 'float64' }, f.name);
    });
  }
});
