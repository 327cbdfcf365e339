// When FFT convolution can be trusted to meet the contract's error bound (pure).
//
// Contract: fft/oa results lie within T * ||in1||_1 * max|in2| of the exact result,
// T = 1e-10 for float64 results and 1e-4 for float32 results.
// A standard bound for convolution through FFTs of N points with unit roundoff u is
//   |error| <= C * u * log2(N) * ||in1||_2 * ||in2||_2     (every output point),
// and it is nearly attained when one input has a few entries much larger than the
// rest (scipy issue 22390). `auto` only takes an FFT method when this estimate, with
// C = 5, is at most a tenth of the contract's bound; float32 problems that fail in
// float32 arithmetic may still pass when the transforms run in float64.
import type { DType } from '../ndarray/types.js';

export interface Norms {
  norm1: number;
  norm2: number;
  maxAbs: number;
}

const ROUNDOFF: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const CONTRACT_TOLERANCE: Record<DType, number> = { float32: 1e-4, float64: 1e-10 };
const C = 5;
const SAFETY = 0.1;

/**
 * True when FFT convolution computed in `computeDtype` meets the contract bound of a
 * `resultDtype` result. Non-finite inputs never pass: direct convolution propagates
 * NaN and Inf locally, as IEEE arithmetic does, while an FFT spreads them everywhere.
 */
export function fftMeetsContract(x: Norms, h: Norms, fftPoints: number, computeDtype: DType, resultDtype: DType): boolean {
  const values = [x.norm1, x.norm2, x.maxAbs, h.norm1, h.norm2, h.maxAbs];
  if (!values.every(Number.isFinite)) return false;
  if (x.norm1 === 0 || h.maxAbs === 0) return true; // all-zero input: exact either way
  const estimate = C * ROUNDOFF[computeDtype] * Math.log2(Math.max(2, fftPoints)) * x.norm2 * h.norm2;
  return estimate <= SAFETY * CONTRACT_TOLERANCE[resultDtype] * x.norm1 * h.maxAbs;
}
