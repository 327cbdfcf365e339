// Public entry point: re-exports only.
export type { ArrayInput, DType, NDArray, NDArrayLike, NestedNumberArray, NumericData, TypedArrayInput } from './ndarray/types.js';
export { array, zeros, toNested, type ArrayOptions } from './ndarray/create.js';
export { fromNpy, toNpy } from './ndarray/npy.js';
export { ArgumentError } from './errors.js';
export { ready } from './kernels/instance.js';
export {
  convolve, correlate, fftconvolve, oaconvolve, chooseConvMethod,
  type ConvolveOptions, type FftConvolveOptions, type ChooseConvMethodOptions,
} from './api/signal.js';
export { nextFastLen } from './plan/fast-len.js';
export * as ndimage from './api/ndimage.js';
export { convolve2d, correlate2d, type Convolve2dOptions } from './api/signal2d.js';
export * as nn from './api/nn-namespace.js';
