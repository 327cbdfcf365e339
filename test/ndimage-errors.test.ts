// Bad arguments raise as SciPy raises them (the SciPy exception is noted per case),
// with a message that starts with the argument's name; the library stays usable.
import { describe, expect, it } from 'vitest';
import { array, convolve2d, correlate2d, ndimage } from '../src/index.js';

const x = array(new Float64Array(20).fill(1), [4, 5]);
const k3 = array(new Float64Array(9).fill(1), [3, 3]);

const cases: [string, () => unknown, string][] = [
  // [what SciPy raises, call, argument named]
  ['ValueError Invalid origin', () => ndimage.correlate(x, k3, { origin: 2 }), 'origin'],
  ['ValueError Invalid origin', () => ndimage.correlate(x, k3, { origin: [0, -2] }), 'origin'],
  ['ValueError Invalid origin (after the even-kernel shift)', () => ndimage.convolve1d(x, [1, 2], { origin: 1 }), 'origin'],
  ['RuntimeError sequence argument must have length equal to input rank', () => ndimage.correlate(x, k3, { origin: [0, 0, 0] }), 'origin'],
  ['RuntimeError A sequence of modes is not supported', () => ndimage.correlate(x, k3, { mode: ['reflect', 'wrap'] as never }), 'mode'],
  ['RuntimeError boundary mode not supported', () => ndimage.correlate(x, k3, { mode: 'edge' as never }), 'mode'],
  ['RuntimeError weights.ndim (1) must match len(axes) (2)', () => ndimage.correlate(x, [1, 2, 3], { axes: [0, 1] }), 'weights'],
  ['RuntimeError weights.ndim must match', () => ndimage.correlate(x, [1, 2, 3]), 'weights'],
  ['RuntimeError weights.ndim must match (zero-length axis)', () => ndimage.correlate(x, array([], [0, 3])), 'weights'],
  ['ValueError axes must be unique', () => ndimage.correlate(x, k3, { axes: [0, 0] }), 'axes'],
  ['ValueError specified axis: 2 is out of range', () => ndimage.gaussianFilter(x, 1, { axes: [2] }), 'axes'],
  ['TypeError (axes must be integers)', () => ndimage.uniformFilter(x, 3, { axes: [0.5] }), 'axes'],
  ['AxisError axis 2 is out of bounds', () => ndimage.correlate1d(x, [1, 2], { axis: 2 }), 'axis'],
  ['AxisError axis -3 is out of bounds', () => ndimage.sobel(x, { axis: -3 }), 'axis'],
  ['TypeError float axis', () => ndimage.prewitt(x, { axis: 1.5 }), 'axis'],
  ['RuntimeError no filter weights given', () => ndimage.correlate1d(x, []), 'weights'],
  ['RuntimeError no filter weights given (2-D weights)', () => ndimage.correlate1d(x, [[1, 2], [3, 4]]), 'weights'],
  ['RuntimeError incorrect filter size', () => ndimage.uniformFilter1d(x, 0), 'size'],
  ['ValueError invalid origin', () => ndimage.uniformFilter1d(x, 3, { origin: 2 }), 'origin'],
  ['RuntimeError sequence argument must have length equal to input rank', () => ndimage.uniformFilter(x, [3, 3, 3]), 'size'],
  ['ValueError order must be non-negative', () => ndimage.gaussianFilter(x, 1, { order: -1 }), 'order'],
  ['ValueError Radius must be a nonnegative integer.', () => ndimage.gaussianFilter(x, 1, { radius: -2 }), 'radius'],
  ['ValueError Radius must be a nonnegative integer. (negative sigma)', () => ndimage.gaussianFilter1d(x, -1), 'radius'],
  ['ZeroDivisionError (sigma 0 in gaussian_filter1d)', () => ndimage.gaussianFilter1d(x, 0), 'sigma'],
  ['RuntimeError sequence argument must have length equal to input rank', () => ndimage.gaussianFilter(x, [1, 2, 3]), 'sigma'],
  ['RuntimeError sequence argument must have length equal to input rank', () => ndimage.laplace(x, { mode: ['wrap'] as never }), 'mode'],
  ['AxisError (0-d input has no axis -1)', () => ndimage.correlate1d(5 as never, [1, 2]), 'axis'],
  ['ValueError convolve2d inputs must both be 2-D arrays', () => convolve2d([1, 2, 3], [[1]]), 'in1'],
  ['ValueError Acceptable boundary flags', () => convolve2d(x, k3, { boundary: 'reflect' as never }), 'boundary'],
  ['ValueError Acceptable mode flags', () => correlate2d(x, k3, { mode: 'foo' as never }), 'mode'],
  ['ValueError fillvalue must be scalar', () => convolve2d(x, k3, { fillvalue: [1, 2] as never }), 'fillvalue'],
  ['ValueError valid needs one input at least as large', () => convolve2d(array(new Float64Array(6), [2, 3]), array(new Float64Array(6), [3, 2]), { mode: 'valid' }), 'mode'],
  ['(threads must be a positive integer)', () => ndimage.gaussianFilter(x, 1, { threads: 0 }), 'threads'],
  ["TypeError unexpected keyword argument 'sigma'", () => ndimage.gaussianFilter(x, 1, { sigma: 2 } as never), 'sigma'],
  ["TypeError unexpected keyword argument 'fill_value'", () => convolve2d(x, k3, { fill_value: 1 } as never), 'fill_value'],
];

describe('options the functions do not take', () => {
  it("SciPy's `output` is named, the contract's `out` suggested, and nothing is written", () => {
    const out = array(new Float64Array(20).fill(7), [4, 5]);
    expect(() => ndimage.convolve(x, k3, { output: out } as never)).toThrow(/^output: is not an option of this function \(did you mean 'out'\?\); its options are mode, cval, origin, axis, axes, order, truncate, radius, threads, out$/);
    expect(Array.from(out.data).every((v) => v === 7)).toBe(true);
    ndimage.convolve(x, k3, { out });
    expect(Array.from(out.data).every((v) => v === 9)).toBe(true);
  });
  it('spellings that differ only in case and underscores are recognised', () => {
    expect(() => convolve2d(x, k3, { fill_value: 1 } as never)).toThrow(/did you mean 'fillvalue'/);
    expect(() => ndimage.uniformFilter(x, 3, { Mode: 'wrap' } as never)).toThrow(/^Mode: .*did you mean 'mode'/);
  });
  it('no suggestion when nothing is close', () => {
    expect(() => ndimage.sobel(x, { kernel: [1, 2, 1] } as never)).toThrow(/^kernel: is not an option of this function; its options are/);
  });
});

describe('errors', () => {
  for (const [scipy, call, argument] of cases) {
    it(`${argument}: ${scipy}`, () => {
      expect(call).toThrow(new RegExp(`^${argument}: `));
    });
  }
  it('the library stays usable after errors', () => {
    for (const [, call] of cases) expect(call).toThrow();
    const out = ndimage.uniformFilter1d([2, 8, 0, 4, 1, 9, 9, 0], 3);
    expect(Array.from(out.data).map((v) => +v.toFixed(6))).toEqual([4, 3.333333, 4, 1.666667, 4.666667, 6.333333, 6, 3]);
  });
});

describe('size limits', () => {
  it('a working set beyond the 4 GiB heap is an argument error, not a crash', () => {
    // A view with zero strides addresses one element but claims 2^30 of them.
    const huge = { data: new Float64Array(1), shape: [32768, 32768], strides: [0, 0], offset: 0 };
    expect(() => ndimage.uniformFilter(huge, 3)).toThrow(/^input: .*4 GiB/);
    expect(() => ndimage.correlate(huge, [[1, 2], [3, 4]])).toThrow(/^input: .*4 GiB/);
    expect(ndimage.uniformFilter1d([1, 2, 3], 2).shape).toEqual([3]);
  });
});
