// Results allocated without a zero fill (allocateUninitialized) must have every element
// written. With the test hook on, such arrays start as NaN, so a path that leaves an
// element unwritten returns NaN there instead of silently returning reused memory.
import { afterEach, describe, expect, it } from 'vitest';
import { array, convolve, correlate, ndimage, nn, type NDArray } from '../src/index.js';
import { poisonUninitialized } from '../src/ndarray/create.js';
import { noise } from './helpers/noise.js';
import { DEFAULT_BAND_HEAP_BYTES, setBandHeapBytes } from '../src/plan/direct-bands.js';
import { forceForwardMethod, setBandSizes } from '../src/nn/forward.js';
import type { ForwardMethod } from '../src/nn/method.js';

function randomArray(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float64'): NDArray {
  return array(noise(shape.reduce((a, b) => a * b, 1), seed), shape, { dtype });
}

/** The result of `run` with the hook off, then with it on: they must match bit for bit. */
function expectFullyWritten(label: string, run: () => NDArray): void {
  poisonUninitialized(false);
  const clean = run();
  poisonUninitialized(true);
  const poisoned = run();
  poisonUninitialized(false);
  expect(poisoned.shape, label).toEqual(clean.shape);
  const firstDifference = poisoned.data.findIndex((v, i) => !Object.is(v, clean.data[i]));
  expect(firstDifference, `${label}: first element not written`).toBe(-1);
}

afterEach(() => {
  poisonUninitialized(false);
  setBandHeapBytes(DEFAULT_BAND_HEAP_BYTES);
  forceForwardMethod(null);
  setBandSizes(null);
});

describe('results allocated without a zero fill are fully written', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`signal direct, every mode, one band and many (${dtype})`, () => {
      const x = randomArray([30, 24, 5], 1, dtype), y = randomArray([4, 7], 2, dtype);
      for (const bandBytes of [DEFAULT_BAND_HEAP_BYTES, 4096]) {
        setBandHeapBytes(bandBytes);
        for (const mode of ['full', 'same', 'valid'] as const) {
          for (const threads of [1, 2]) {
            expectFullyWritten(`convolve ${mode} bands ${bandBytes} threads ${threads}`,
              () => convolve(x, y, { mode, axes: [0, 1], method: 'direct', threads }));
            expectFullyWritten(`correlate ${mode} bands ${bandBytes} threads ${threads}`,
              () => correlate(x, y, { mode, axes: [0, 1], method: 'direct', threads }));
          }
        }
      }
    });

    it(`signal fft (one whole transform per item), both batch layouts (${dtype})`, () => {
      const y = randomArray([4, 7], 12, dtype);
      for (const [shape, axes] of [[[30, 24, 5], [0, 1]], [[5, 30, 24], [1, 2]], [[30, 24], [0, 1]]] as const) {
        const x = randomArray([...shape], 11, dtype);
        for (const mode of ['full', 'same', 'valid'] as const) {
          expectFullyWritten(`fft ${shape} ${mode}`, () => convolve(x, y, { mode, axes: [...axes], method: 'fft', threads: 1 }));
        }
      }
    });

    it(`ndimage.convolve dense (${dtype})`, () => {
      const x = randomArray([20, 17, 3], 3, dtype), w = randomArray([5, 4, 1], 4, dtype);
      for (const mode of ['reflect', 'constant', 'wrap'] as const) {
        expectFullyWritten(`ndimage ${mode}`, () => ndimage.convolve(x, w, { mode }));
      }
    });

    it(`ndimage separable filters, one thread and two (${dtype})`, () => {
      const x = randomArray([40, 33, 6], 9, dtype);
      for (const threads of [1, 2]) {
        expectFullyWritten(`gaussianFilter threads ${threads}`, () => ndimage.gaussianFilter(x, 2, { threads }));
        expectFullyWritten(`uniformFilter threads ${threads}`, () => ndimage.uniformFilter(x, 5, { threads }));
        expectFullyWritten(`sobel threads ${threads}`, () => ndimage.sobel(x, { axis: 1, threads }));
      }
    });

    it(`nn.conv2d with every forward method, banded and not (${dtype})`, () => {
      const methods: ForwardMethod[] = ['direct', 'igemm', 'winograd', 'depthwise', 'depthwise-indirect', 'depthwise-rows'];
      const dense = { x: randomArray([2, 16, 13, 11], 5, dtype), w: randomArray([16, 16, 3, 3], 6, dtype), groups: 1 };
      const depthwise = { x: randomArray([2, 12, 13, 11], 7, dtype), w: randomArray([12, 1, 3, 3], 8, dtype), groups: 12 };
      for (const bands of [null, { bytes: 1, minBytes: 0 }]) {
        setBandSizes(bands);
        for (const method of methods) {
          const p = method.startsWith('depthwise') ? depthwise : dense;
          forceForwardMethod(method);
          for (const padding of ['same', 'valid'] as const) {
            expectFullyWritten(`conv2d ${method} ${padding} bands ${bands ? 'on' : 'off'}`,
              () => nn.conv2d(p.x, p.w, { padding, groups: p.groups, threads: 1 }));
          }
        }
      }
    });
  }
});
