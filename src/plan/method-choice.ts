// Cost model for method 'auto' (pure). Provisional: SciPy's `_fftconv_faster`
// operation counts, applied per batch item. The calibrated model for convnd's own
// kernels is issue 5's work.
import type { ConvGeometry } from './conv-geometry.js';

export function chooseMethodByCost(g: ConvGeometry): 'direct' | 'fft' {
  let fullConv = 1, outConv = 1, kernel = 1;
  for (const a of g.convAxes) {
    fullConv *= g.fullShape[a]!;
    outConv *= g.outShape[a]!;
    kernel *= Math.min(g.shape1[a]!, g.shape2[a]!);
  }
  const directOps = outConv * kernel;
  const fftOps = 3 * fullConv * Math.log(fullConv);
  // scipy.signal._signaltools._fftconv_faster constants for 'full' mode, n-d.
  const oneD = g.convAxes.length === 1;
  const [oFft, oDirect, oOffset] = oneD ? [1.764907e-9, 2.1414831e-10, -1e-3] : [1.99817e-9, 1.66174e-8, -1e-4];
  return oFft * fftOps < oDirect * directOps + oOffset ? 'fft' : 'direct';
}
