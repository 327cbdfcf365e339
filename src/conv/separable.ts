// scipy.signal.convolve's method 'auto' for rank-1 kernels: when in2 is one kernel
// (no batch of kernels) whose convolved block is an outer product of 1-D factors
// (src/plan/separable.ts), the convolution runs as one zero-padded 1-D pass per
// convolved axis, each producing the mode's window along its axis. Results equal the
// direct sum within rounding error.
import type { ConvGeometry } from '../plan/conv-geometry.js';
import { rankOneFactors, separableWorthIt } from '../plan/separable.js';
import { copyStrided } from './strided-copy.js';
import { cStrides } from '../ndarray/shape.js';
import { runPasses, type Pass } from '../ndimage/passes.js';
import type { DType, FloatArray, View } from '../ndarray/types.js';

export interface SeparableProblem {
  /** Inputs in the geometry's (post-swap) order; in2 already reversed for correlate. */
  in1: View;
  in2: View;
  geometry: ConvGeometry;
  dtype: DType;
  /** Thread count; undefined = every core. */
  threads?: number | undefined;
}

/** The separable plan's result, or null when in2 is not one rank-1 kernel worth splitting. */
export function convolveSeparable({ in1, in2, geometry: g, dtype, threads }: SeparableProblem): FloatArray | null {
  const ndim = g.shape1.length;
  // One kernel, broadcast over every batch axis; in1 not broadcast.
  for (let a = 0; a < ndim; a++) {
    if (g.convAxes.includes(a)) continue;
    if (g.shape2[a] !== 1 || g.shape1[a] !== g.outShape[a]) return null;
  }
  const kshape = g.convAxes.map((a) => g.shape2[a]!);
  if (!separableWorthIt(kshape)) return null;
  const kernel = new Float64Array(kshape.reduce((x, y) => x * y, 1));
  copyStrided(kshape, in2.data, g.convAxes.map((a) => in2.strides[a]!), in2.offset, kernel, cStrides(kshape), 0);
  const factors = rankOneFactors(kernel, kshape);
  if (!factors) return null;
  let scale = 1;
  factors.forEach((f) => { if (f.length === 1) scale *= f[0]!; });
  const passes: Pass[] = [];
  g.convAxes.forEach((axis, d) => {
    const f = factors[d]!;
    if (f.length === 1) return;
    // Convolution is correlation with the reversed factor; output i of the window
    // reads in1 positions start - (k - 1) + i + t.
    const weights = f.slice().reverse().map((x) => (passes.length === 0 ? x * scale : x));
    passes.push({ axis, op: { kind: 'correlate', weights }, nOut: g.outShape[axis]!, first: g.start[axis]! - (f.length - 1), ext: 'constant', cval: 0 });
  });
  return runPasses(in1, passes, dtype, false, undefined, threads).data;
}
