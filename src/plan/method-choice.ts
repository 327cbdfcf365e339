// Method 'auto': the cheapest method by the calibrated cost model (method-costs.ts)
// among those whose accuracy meets the contract (fft-precision.ts). Pure: norms of
// the inputs are passed in by the caller.
import type { DType } from '../ndarray/types.js';
import type { ConvGeometry } from './conv-geometry.js';
import { fftMeetsContract, type Norms } from './fft-precision.js';
import { costFeatures, estimateSeconds, type CostedMethod } from './method-costs.js';
import { fftLengthForWindow } from './fast-len.js';
import { MIN_PARALLEL_WORK } from '../threads/control.js';

export interface MethodChoice {
  method: CostedMethod;
  /** Arithmetic of the FFT paths: float64 for float32 data that needs the precision. */
  computeDtype: DType;
  /** Estimated seconds per method (Infinity where the method is ruled out). */
  estimates: Record<CostedMethod, number>;
}

/**
 * Every method splits over threads (rows, FFT lines, segments); the fraction of the
 * ideal speed-up each reaches. FFT passes are closer to memory-bound: 2 threads gave
 * 1.1-1.5x on the bench:fft cases, direct rows 1.6-1.8x (2-core VM, 2026-11-26).
 * Whole FFT calls after a collection (as the benchmarks time them) gained less: 0.98-1.74x,
 * median about 1.1x, over eight 1-d to 3-d shapes (1.03x on the (50, 100, 100) 11x11
 * seed row, where 0.6 picked fft at 5.1 ms over direct at 3.5): hence 0.55.
 */
const PARALLEL_EFFICIENCY: Record<CostedMethod, number> = { direct: 0.85, fft: 0.55, oa: 0.55 };
/** FFT work worth splitting: about the pool's hand-off cost many times over. */
const MIN_PARALLEL_SECONDS = 2e-4;

/** FFT points of one whole transform (for the error estimate). */
function fftPoints(g: ConvGeometry): number {
  const k = g.convAxes.length;
  return g.convAxes.reduce((p, a, d) => p * fftLengthForWindow(g.shape1[a]!, g.shape2[a]!, g.start[a]!, g.outShape[a]!, d === k - 1), 1);
}

/** Estimated wall time of each method on `threads` threads. */
function wallSeconds(g: ConvGeometry, dtype: DType, threads: number): Record<CostedMethod, number> {
  const features = costFeatures(g, dtype);
  const seconds = estimateSeconds(features, dtype);
  if (threads > 1) {
    if (features.direct[0]! + features.direct[3]! >= MIN_PARALLEL_WORK) seconds.direct /= threads * PARALLEL_EFFICIENCY.direct;
    for (const m of ['fft', 'oa'] as const) {
      if (seconds[m] >= MIN_PARALLEL_SECONDS) seconds[m] /= threads * PARALLEL_EFFICIENCY[m];
    }
  }
  return seconds;
}

/** Estimates of recent geometries: repeated calls (a training loop, a filter bank) skip the cost model. */
const recentEstimates = new Map<string, Record<CostedMethod, number>>();
const RECENT_GEOMETRIES = 64;

function cachedWallSeconds(g: ConvGeometry, dtype: DType, threads: number): Record<CostedMethod, number> {
  const key = [dtype, threads, g.shape1, g.shape2, g.convAxes, g.fullShape, g.start, g.outShape].join('|');
  let seconds = recentEstimates.get(key);
  if (!seconds) {
    seconds = wallSeconds(g, dtype, threads);
    if (recentEstimates.size >= RECENT_GEOMETRIES) recentEstimates.clear();
    recentEstimates.set(key, seconds);
  }
  return { ...seconds };
}

/**
 * Picks the method. `norms` returns the inputs' norms (in1, in2 after the swap); it is
 * only called when an FFT method is the faster candidate.
 */
export function chooseMethod(
  g: ConvGeometry, dtype: DType, threads: number, norms: () => [Norms, Norms],
): MethodChoice {
  if (g.convAxes.length === 0) {
    // Nothing to convolve (every kernel axis has length 1): an elementwise product.
    return { method: 'direct', computeDtype: dtype, estimates: { direct: 0, fft: Infinity, oa: Infinity } };
  }
  const estimates = cachedWallSeconds(g, dtype, threads);
  let computeDtype: DType = dtype;
  const fftBest = Math.min(estimates.fft, estimates.oa);
  if (fftBest < estimates.direct) {
    const [x, h] = norms();
    const points = fftPoints(g);
    if (!fftMeetsContract(x, h, points, dtype, dtype)) {
      if (dtype === 'float32' && fftMeetsContract(x, h, points, 'float64', dtype)) {
        // Same FFT path in float64 arithmetic: about the float64 cost.
        const wide = cachedWallSeconds(g, 'float64', threads);
        estimates.fft = wide.fft;
        estimates.oa = wide.oa;
        computeDtype = 'float64';
      } else {
        estimates.fft = Infinity;
        estimates.oa = Infinity;
      }
    }
  }
  const method = (['direct', 'fft', 'oa'] as const).reduce((best, m) => (estimates[m] < estimates[best] ? m : best), 'direct' as CostedMethod);
  return { method, computeDtype: method === 'direct' ? dtype : computeDtype, estimates };
}
