// method 'fft' / fftconvolve: convolution through FFTs. Usually one whole transform
// per item (fft-whole.ts, SciPy's algorithm); a long 1-d signal with a much shorter
// kernel is instead cut into blocks of a length chosen for convnd's engine and
// overlap-added (overlap-add.ts), which gives the same values faster
// (src/plan/block-lens.ts has the cost model).
import type { FloatArray } from '../ndarray/types.js';
import { sizeOf } from '../ndarray/shape.js';
import { fftBlockLens, overlapSaveLength } from '../plan/block-lens.js';
import type { DirectProblem } from './direct.js';
import { convolveWhole } from './fft-whole.js';
import { convolveBlocks } from './overlap-add.js';
import { convolveOverlapSave } from './overlap-save.js';

/** Computes the geometry's output window of in1 (*) in2 through FFTs; returns it, C-order. */
export function convolveFft(problem: DirectProblem): FloatArray {
  const g = problem.geometry;
  const segment = overlapSaveLength(g, problem.dtype);
  if (segment > 0) return convolveOverlapSave(problem, segment);
  if (g.convAxes.length === 1 && sizeOf(g.outShape) > 0) {
    const a = g.convAxes[0]!;
    const lines = sizeOf(g.outShape) / g.outShape[a]!;
    const lens = fftBlockLens(g.shape1[a]!, g.shape2[a]!, lines, problem.dtype);
    if (lens) return convolveBlocks(problem, [lens]);
  }
  return convolveWhole(problem);
}
