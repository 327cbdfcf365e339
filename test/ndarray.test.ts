// Array inputs: scijs ndarray and @stdlib/ndarray views, nested arrays, typed arrays of
// every kind, and the constructors (array, zeros, toNested), read through convnd's one
// normaliser. The oracle for a view's elements is always the other library's own get().
import stdArray from '@stdlib/ndarray/array';
import StdNdarray from '@stdlib/ndarray/ctor';
import stdFromScalar from '@stdlib/ndarray/from-scalar';
import stdReverse from '@stdlib/ndarray/reverse';
import stdSlice from '@stdlib/ndarray/slice';
import stdZeros from '@stdlib/ndarray/zeros';
import stdTranspose from '@stdlib/ndarray/transpose';
import Slice from '@stdlib/slice/ctor';
import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, array, convolve, correlate, toNested, zeros,
  type ArrayInput, type NDArray, type NestedNumberArray,
} from '../src/index.js';
import { allocateUninitialized } from '../src/ndarray/create.js';

/** Anything with a shape and a get(...index) that is the library's own element lookup. */
interface Gettable { shape: ArrayLike<number>; get(...index: number[]): unknown }

/** Nested arrays built from the library's own get(): the reference for a view. */
function viaGet(x: Gettable): NestedNumberArray {
  const build = (prefix: number[]): NestedNumberArray => {
    if (prefix.length === x.shape.length) return Number(x.get(...prefix));
    return Array.from({ length: x.shape[prefix.length]! }, (_, i) => build([...prefix, i]));
  };
  return build([]);
}

function expectThrowsArg(fn: () => unknown, argument: string, pattern: RegExp): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught, 'expected an ArgumentError').toBeInstanceOf(ArgumentError);
  expect((caught as ArgumentError).argument).toBe(argument);
  expect((caught as Error).message).toMatch(new RegExp(`^${argument}: `));
  expect((caught as Error).message).toMatch(pattern);
}

/** Distinct, non-symmetric values so that any misread index shows. */
const ramp = (n: number, Ctor: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array) =>
  new Ctor(n).map((_, i) => ((i * 37) % 101) - 50 + i / 8);

/** Convolving a view must give exactly what convolving a dense copy of it gives. */
function expectConvolveReadsView(view: ArrayInput, reference: NestedNumberArray): void {
  const ndim = Array.isArray(reference) ? toNestedDepth(reference) : 0;
  const kernel = array(ramp(3 ** ndim).map((v) => v / 10), new Array<number>(ndim).fill(3));
  for (const mode of ['full', 'same', 'valid'] as const) {
    if (mode === 'valid' && ndim > 0 && !sameOrLarger(reference, 3)) continue;
    const got = convolve(view, kernel, { mode, method: 'direct' });
    const want = convolve(array(reference as number[]), kernel, { mode, method: 'direct' });
    expect(got.shape).toEqual(want.shape);
    expect(toNested(got)).toEqual(toNested(want));
    // And as the second operand, through correlate's reversal of in2.
    const got2 = correlate(kernel, view, { mode: 'full', method: 'direct' });
    const want2 = correlate(kernel, array(reference as number[]), { mode: 'full', method: 'direct' });
    expect(toNested(got2)).toEqual(toNested(want2));
  }
}
function toNestedDepth(x: NestedNumberArray): number {
  let d = 0;
  for (let level: NestedNumberArray = x; Array.isArray(level); level = (level as NestedNumberArray[])[0]!) {
    d++;
    if ((level as NestedNumberArray[]).length === 0) break;
  }
  return d;
}
function sameOrLarger(x: NestedNumberArray, n: number): boolean {
  return !Array.isArray(x) || (x.length >= n && x.every((r) => sameOrLarger(r, n)));
}

describe('scijs ndarray objects', () => {
  const base = ndarray(ramp(2 * 5 * 6), [2, 5, 6]);
  const views: [string, ndarray.NdArray<Float64Array | Float32Array>][] = [
    ['dense', base],
    ['transposed (2, 0, 1)', base.transpose(2, 0, 1)],
    ['negative steps .step(-1, 2, -2)', base.step(-1, 2, -2)],
    ['negative steps on every axis', base.step(-1, -1, -1)],
    ['.lo(1, 1, 2).hi(1, 3, 3)', base.lo(1, 1, 2).hi(1, 3, 3)],
    ['.hi then .lo then .step(1, -1)', base.hi(2, 4, 5).lo(0, 1, 1).step(1, -1, 1)],
    ['.pick(1) (offset 2-d)', base.pick(1)],
    ['.pick(null, 3) (strided 2-d)', base.pick(null, 3)],
    ['.pick(null, 2, null).step(-1, 3)', base.pick(null, 2, null).step(-1, 3)],
    ['explicit stride and offset', ndarray(ramp(40), [3, 4], [-10, 2], 25)],
    ['float32 data, transposed', ndarray(ramp(30, Float32Array), [5, 6]).transpose(1, 0)],
  ];
  for (const [label, v] of views) {
    it(`reads ${label} with toNested, array and convolve`, () => {
      const reference = viaGet(v);
      expect(toNested(v)).toEqual(reference);
      const copy = array(v);
      expect(copy.shape).toEqual(v.shape);
      expect(copy.dtype).toBe(v.data instanceof Float32Array ? 'float32' : 'float64');
      expect(toNested(copy)).toEqual(reference);
      expectConvolveReadsView(v, reference);
    });
  }

  it('reads 0-d arrays (.pick of every axis, and ndarray(data, []))', () => {
    expect(toNested(base.pick(1, 2, 3))).toBe(base.get(1, 2, 3));
    expect(toNested(ndarray(Float64Array.of(9, 4.5), [], [], 1))).toBe(4.5);
    const product = convolve(base.pick(1, 2, 3), ndarray(Float64Array.of(2), []));
    expect(product.shape).toEqual([]);
    expect(toNested(product)).toBe(2 * (base.get(1, 2, 3) as number));
  });

  it('reads plain-array, integer and BigInt data', () => {
    expect(toNested(ndarray([1, 2, 3, 4, 5, 6], [2, 3]).transpose(1, 0))).toEqual([[1, 4], [2, 5], [3, 6]]);
    const ints = ndarray(new Int16Array([-5, 300, 7, -32768]), [2, 2]).step(-1, 1);
    expect(toNested(ints)).toEqual([[7, -32768], [-5, 300]]);
    expect(convolve(ints, [[1]]).dtype).toBe('float64');
    const big = ndarray(new BigInt64Array([1n, -(2n ** 62n), 3n]) as never, [3]).step(-1);
    expect(toNested(big as never)).toEqual([3, -(2 ** 62), 1]);
  });

  it('matches get() on random views (property)', () => {
    const arbView = fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
      perm: fc.integer({ min: 0, max: 1000 }),
      steps: fc.array(fc.constantFrom(1, 2, -1, -2, 3), { minLength: 4, maxLength: 4 }),
      lo: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
    });
    fc.assert(fc.property(arbView, ({ shape, perm, steps, lo }) => {
      let v = ndarray(ramp(shape.reduce((a, b) => a * b, 1)), shape);
      v = v.lo(...lo.slice(0, shape.length).map((l, d) => Math.min(l, shape[d]! - 1)));
      v = v.step(...steps.slice(0, shape.length));
      const axes = shape.map((_, d) => d).sort((a, b) => ((a * 7 + perm) % 5) - ((b * 7 + perm) % 5));
      v = v.transpose(...axes);
      expect(toNested(v)).toEqual(viaGet(v));
      expect(toNested(array(v))).toEqual(viaGet(v));
    }), { numRuns: 150 });
  });
});

describe('@stdlib/ndarray objects', () => {
  const x = stdArray(ramp(4 * 6), { shape: [4, 6] });
  const views: [string, Gettable & ArrayInput][] = [
    ['dense row-major', x],
    ['column-major', stdArray(ramp(12), { shape: [3, 4], order: 'column-major' })],
    ['transposed', stdTranspose(x)],
    ['reversed (negative strides)', stdReverse(x)],
    ['sliced with negative and positive steps', stdSlice(x, new Slice(null, null, -2), new Slice(1, null, 2))],
    ['sliced inner block (offset)', stdSlice(x, new Slice(1, 3), new Slice(2, 5))],
    ['custom strides and offset via the constructor', new StdNdarray('float64', ramp(40), [3, 4], [-10, 2], 25, 'row-major')],
    ['float32, transposed', stdTranspose(stdArray(ramp(15, Float32Array), { shape: [3, 5] }))],
    ['int32 data', stdArray(new Int32Array([1, -2, 3, -4, 5, -6]), { shape: [2, 3] })],
    ['generic dtype (plain Array data)', stdArray([[1, 2, 3], [4, 5, 6]], { dtype: 'generic' })],
  ];
  for (const [label, v] of views) {
    it(`reads ${label} with toNested, array and convolve`, () => {
      const reference = viaGet(v);
      expect(toNested(v)).toEqual(reference);
      expect(toNested(array(v))).toEqual(reference);
      expect(array(v).dtype).toBe((v as { data: unknown }).data instanceof Float32Array ? 'float32' : 'float64');
      expectConvolveReadsView(v, reference);
    });
  }

  it('reads 0-d arrays (stdlib reports strides [0] for them)', () => {
    const s = stdFromScalar(2.5);
    expect(s.strides).toEqual([0]);
    expect(toNested(s)).toBe(2.5);
    expect(toNested(convolve(s, stdFromScalar(4)))).toBe(10);
  });

  it('refuses complex dtypes, naming the argument and the dtype', () => {
    const c = stdZeros([2], { dtype: 'complex128' });
    expectThrowsArg(() => toNested(c as never), 'a', /complex128/);
    expectThrowsArg(() => convolve([1, 2], c as never), 'in2', /complex128/);
    const c64 = stdZeros([3], { dtype: 'complex64' });
    expectThrowsArg(() => convolve(c64 as never, [1]), 'in1', /complex64/);
  });
});

describe('nested arrays', () => {
  it('reads 0-d to 4-d nesting, empty axes and typed-array rows', () => {
    expect(toNested(3.5)).toBe(3.5);
    expect(toNested([[[[1], [2]]]])).toEqual([[[[1], [2]]]]);
    expect(array([]).shape).toEqual([0]);
    expect(array([[], []]).shape).toEqual([2, 0]);
    expect(toNested([new Float32Array([1, 2]), new Int8Array([-3, 4])] as never)).toEqual([[1, 2], [-3, 4]]);
    expect(toNested([NaN, -Infinity])).toEqual([NaN, -Infinity]);
  });

  it('rejects ragged nesting, naming the argument and the place', () => {
    expectThrowsArg(() => toNested([[1, 2], [3]]), 'a', /ragged.*at \[1\].*expected length 2|expected length 2 at \[1\], got length 1/);
    expectThrowsArg(() => convolve([[1, 2], [3, 4]], [[1], 2] as never), 'in2', /ragged|at \[1\]/);
    expectThrowsArg(() => convolve([1, [2]] as never, [1]), 'in1', /expected a number at \[1\], got an array/);
    expectThrowsArg(() => array([[1, 2], [3, 4, 5]]), 'data', /ragged/);
    expectThrowsArg(() => toNested([new Float64Array(2), new Float64Array(3)] as never), 'a', /length 2 at \[1\], got length 3/);
  });

  it('rejects non-numbers, naming the argument', () => {
    expectThrowsArg(() => toNested([1, '2'] as never), 'a', /expected a number at \[1\], got string/);
    expectThrowsArg(() => convolve([[1, null]] as never, [[1]]), 'in1', /got null/);
    expectThrowsArg(() => convolve([1, 2], [true] as never), 'in2', /got boolean/);
    expectThrowsArg(() => toNested([1n] as never), 'a', /got bigint/);
    expectThrowsArg(() => toNested('abc' as never), 'a', /expected an NDArray/);
    expectThrowsArg(() => toNested(null as never), 'a', /got null/);
  });
});

describe('typed arrays', () => {
  const integerTypes = [
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  ] as const;
  for (const Ctor of integerTypes) {
    it(`${Ctor.name} is read as float64 everywhere`, () => {
      const data = new Ctor([0, 1, 2, 3, 100, 127]);
      const a = array(data, [2, 3]);
      expect(a.dtype).toBe('float64');
      expect(a.data).toBeInstanceOf(Float64Array);
      expect(toNested(a)).toEqual([[0, 1, 2], [3, 100, 127]]);
      // A strided view of integer data is copied in the view's logical order.
      expect(toNested(array(data, [3, 2], { strides: [1, 3] }))).toEqual([[0, 3], [1, 100], [2, 127]]);
      const c = convolve(data, Float32Array.of(1, 1));
      expect(c.dtype).toBe('float64');
      expect(toNested(c)).toEqual([0, 1, 3, 5, 103, 227, 127]);
    });
  }

  it('keeps extreme integer values exactly (they fit a double)', () => {
    expect(toNested(new Int32Array([-(2 ** 31), 2 ** 31 - 1]))).toEqual([-(2 ** 31), 2 ** 31 - 1]);
    expect(toNested(new Uint32Array([2 ** 32 - 1]))).toEqual([2 ** 32 - 1]);
    expect(toNested(new Int8Array([-128]))).toEqual([-128]);
  });

  it('BigInt64Array and BigUint64Array data become Numbers (rounded like NumPy)', () => {
    const a = array(new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, 7n]), [3]);
    expect(a.dtype).toBe('float64');
    expect(toNested(a)).toEqual([-(2 ** 63), 2 ** 53, 7]);
    const u = array(new BigUint64Array([2n ** 64n - 1n, 5n]), [2, 1]);
    expect(toNested(u)).toEqual([[2 ** 64], [5]]);
    expect(toNested(convolve(new BigInt64Array([1n, 2n]), [1, 1]))).toEqual([1, 3, 2]);
  });

  it('Float32 stays float32; mixing with float64 gives float64', () => {
    const f = array(new Float32Array([1.5, 2.5, 3.5]), [3]);
    expect(f.dtype).toBe('float32');
    expect(convolve(f, new Float32Array([1, 2])).dtype).toBe('float32');
    expect(convolve(f, new Float32Array([1, 2])).data).toBeInstanceOf(Float32Array);
    expect(convolve(f, [1, 2]).dtype).toBe('float64');
    expect(convolve(new Int8Array([1]), new Float32Array([1])).dtype).toBe('float64');
  });

  it('rejects a DataView', () => {
    expectThrowsArg(() => toNested(new DataView(new ArrayBuffer(8)) as never), 'a', /expected an NDArray/);
  });
});

describe('array(data, shape, {dtype, strides, offset})', () => {
  it('wraps matching float data without copying, so strided views read in place', () => {
    const data = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const v = array(data, [2, 3], { strides: [-1, 3], offset: 2 });
    expect(v.data).toBe(data);
    expect(toNested(v)).toEqual([[2, 5, 8], [1, 4, 7]]);
    data[5] = 50;
    expect(toNested(v)).toEqual([[2, 50, 8], [1, 4, 7]]);
    const f = new Float32Array(4);
    expect(array(f, [2, 2]).data).toBe(f);
  });

  it('converts to the requested dtype into a dense C-order copy', () => {
    const data = new Float64Array([0.1, 1, 2, 3, 4, 5]);
    const t = array(data, [3, 2], { strides: [1, 3], dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(t.strides).toEqual([2, 1]);
    expect(t.offset).toBe(0);
    expect(toNested(t)).toEqual([[Math.fround(0.1), 3], [1, 4], [2, 5]]);
    expect(array([[1, 2]], undefined, { dtype: 'float32' }).data).toBeInstanceOf(Float32Array);
    expect(array([1, 2, 3, 4], [2, 2]).strides).toEqual([2, 1]);
    expect(toNested(array([7], []))).toBe(7);
  });

  it('reads strides that skip elements and zero strides (broadcast views)', () => {
    const data = Float64Array.of(1, 2, 3);
    expect(toNested(array(data, [2, 3], { strides: [0, 1] }))).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(toNested(array(data, [2], { strides: [2] }))).toEqual([1, 3]);
    expect(toNested(array(data, [0, 5], { strides: [100, 100], offset: 50 }))).toEqual([]);
  });

  it('rejects out-of-bounds strides and offsets, naming the argument', () => {
    const data = new Float64Array(6);
    expectThrowsArg(() => array(data, [2, 3], { strides: [3, 2] }), 'strides', /address elements 0\.\.7, outside data of length 6/);
    expectThrowsArg(() => array(data, [2, 3], { strides: [-3, 1] }), 'strides', /address elements -3\.\.2/);
    expectThrowsArg(() => array(data, [2, 3], { offset: 1 }), 'offset', /outside data of length 6/);
    expectThrowsArg(() => array(data, [3], { offset: 6, strides: [-1] }), 'strides', /4\.\.6/);
    expectThrowsArg(() => array(data, [2, 3], { strides: [3] }), 'strides', /2 integers/);
    expectThrowsArg(() => array(data, [2, 3], { strides: [3, 1.5] }), 'strides', /integers/);
    expectThrowsArg(() => array(data, [2, 3], { strides: [3, NaN] }), 'strides', /integers/);
    expectThrowsArg(() => array(data, [2, 3], { strides: 'x' as never }), 'strides', /integers/);
    expectThrowsArg(() => array(data, [2, 3], { offset: -1, strides: [3, 1] }), 'offset', /non-negative integer/);
    expectThrowsArg(() => array(data, [2, 3], { offset: 0.5, strides: [3, 1] }), 'offset', /non-negative integer/);
    expectThrowsArg(() => array(data, [2, 2]), 'shape', /needs 4 elements, but data has 6/);
    expectThrowsArg(() => array([[1, 2]], undefined, { strides: [1, 1] }), 'options', /flat data/);
    expectThrowsArg(() => array([[1, 2]], [2, 1]), 'shape', /does not match/);
    expectThrowsArg(() => array(data, [6], { dtype: 'int32' as never }), 'dtype', /'float32' or 'float64'/);
    expectThrowsArg(() => array(data, [6], null as never), 'options', /object/);
  });

  it("rejects options it does not take: scijs's `stride` would otherwise read the data as row-major", () => {
    const data = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expectThrowsArg(() => array(data, [2, 3], { stride: [1, 2] } as never), 'stride', /not an option .*did you mean 'strides'\?.*dtype, strides, offset/);
    expect(toNested(array(data, [2, 3], { strides: [1, 2] }))).toEqual([[1, 3, 5], [2, 4, 6]]);
  });

  it('rejects bad shapes: NaN, negative, non-integer, infinite, non-numbers', () => {
    for (const shape of [[NaN], [2, -1], [1.5], [Infinity], ['2'], [null], 3, 'x', { length: -1 }]) {
      expectThrowsArg(() => array(new Float64Array(2), shape as never), 'shape', /shape/);
      expectThrowsArg(() => zeros(shape as never), 'shape', /shape/);
    }
  });

  it('rejects array data holding non-numbers, naming the element', () => {
    expectThrowsArg(() => array([1, 'a', 3] as never, [3]), 'data', /data\[1\] is string/);
    // eslint-disable-next-line no-sparse-arrays
    expectThrowsArg(() => array([1, , 3] as never, [3]), 'data', /data\[1\] is undefined/);
    expectThrowsArg(() => array({ length: 2, 0: 1, 1: 2 } as never, [2]), 'data', /expected an NDArray, an ndarray-like object/);
  });
});

describe('ndarray-like objects passed to convolve', () => {
  it('errors name the argument: bad strides, offset, shape, data', () => {
    const data = new Float64Array(6);
    expectThrowsArg(() => convolve({ data, shape: [2, 3], strides: [4, 1] }, [[1]]), 'in1', /outside data of length 6/);
    expectThrowsArg(() => convolve([[1]], { data, shape: [2, 3], stride: [3, 1], offset: 1 }), 'in2', /outside data/);
    expectThrowsArg(() => convolve({ data, shape: [2, NaN] }, [[1]]), 'in1', /non-negative integers/);
    expectThrowsArg(() => convolve({ data, shape: [2, -3] }, [[1]]), 'in1', /non-negative integers/);
    expectThrowsArg(() => convolve({ data, shape: [6], offset: -1 }, [1]), 'in1', /offset/);
    expectThrowsArg(() => convolve([1], { data: 'abcdef' as never, shape: [6] }), 'in2', /typed array/);
    expectThrowsArg(() => convolve({ data: [1, 2, '3'] as never, shape: [3] }, [1]), 'in1', /data\[2\] is string/);
  });

  it('reads an NDArray view with an offset and negative strides', () => {
    const data = Float64Array.of(9, 9, 1, 2, 3, 4, 5, 6);
    const v: NDArray = { data, shape: [2, 3], strides: [-3, 1], offset: 5, dtype: 'float64' };
    expect(toNested(v)).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(toNested(convolve(v, [[1, 1]]))).toEqual([[4, 9, 11, 6], [1, 3, 5, 3]]);
  });
});

describe('zeros', () => {
  it('makes zero-filled C-order arrays of either dtype', () => {
    const z = zeros([2, 3, 4]);
    expect(z.dtype).toBe('float64');
    expect(z.data).toBeInstanceOf(Float64Array);
    expect(z.data.length).toBe(24);
    expect(z.strides).toEqual([12, 4, 1]);
    expect(z.data.every((v) => v === 0)).toBe(true);
    expect(zeros([3], 'float32').data).toBeInstanceOf(Float32Array);
    expect(zeros([]).data.length).toBe(1);
    expect(zeros([0, 5]).data.length).toBe(0);
  });

  it('rejects a bad dtype or an impossible size, naming the argument', () => {
    expectThrowsArg(() => zeros([2], 'int8' as never), 'dtype', /'float32' or 'float64'/);
    expectThrowsArg(() => zeros([2 ** 40, 2 ** 20]), 'shape', /more elements than|more than a float64 typed array/);
    expectThrowsArg(() => zeros([2 ** 26, 2 ** 26]), 'shape', /more elements than|more than a float64 typed array/);
  });
});

describe('allocateUninitialized', () => {
  it('gives an array of the dtype and length with its own, aligned buffer (above and below the 64 KiB cut-off)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const length of [0, 5, 100_000, 3_000_001]) {
        const a = allocateUninitialized(dtype, length);
        expect(a).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        expect(a.length).toBe(length);
        expect(a.byteOffset % 8).toBe(0);
        // Writable end to end, and not shared with the next allocation.
        a.fill(1);
        const b = allocateUninitialized(dtype, length);
        b.fill(2);
        expect(a.every((v) => v === 1)).toBe(true);
      }
    }
  });
});
