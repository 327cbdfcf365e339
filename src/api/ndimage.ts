// scipy.ndimage's convolution filters (the `ndimage` namespace): validate ->
// normalise -> plan (separable passes or an N-d tap table) -> execute.
//
// Result dtype: the dtype of `input` (float32 stays float32, everything else is
// float64), as scipy.ndimage returns the input's dtype; weights do not change it.
// Computation is in float64 throughout, as SciPy's C code does; float32 results are
// rounded between passes exactly where SciPy stores float32 intermediates.
//
// This module is the namespace: it re-exports the public functions only.
export { correlate, convolve, correlate1d, convolve1d } from './ndimage/correlate.js';
export { gaussianFilter, gaussianFilter1d, uniformFilter, uniformFilter1d } from './ndimage/smoothing.js';
export { sobel, prewitt, laplace, gaussianLaplace, gaussianGradientMagnitude } from './ndimage/derivatives.js';
export type { NdimageOptions } from './ndimage-options.js';
export type { NdimageMode } from '../plan/boundary.js';
