// Overlap-add block sizes, exactly as scipy.signal._signaltools._calc_oa_lens.
import { nextFastLen } from './fast-len.js';

export interface OaLens {
  /** FFT length of one block along this axis (SciPy's block_size). */
  blockSize: number;
  /** s2 - 1, or null when this axis is not split (one block covers it). */
  overlap: number | null;
  /** How far consecutive blocks of in1 / in2 start apart (s1 / s2 when not split). */
  in1Step: number;
  in2Step: number;
}

/**
 * Lambert W on the k = -1 branch for y in [-1/e, 0): the
 * solution w <= -1 of w * e^w = y, by Halley's iteration from the series of
 * Chapeau-Blondeau and Monir; converges to machine precision in a few steps.
 */
export function lambertWm1(y: number): number {
  if (!(y >= -1 / Math.E && y < 0)) return NaN;
  // Initial guess: asymptotic expansion around 0^- (good for small |y|, which is our case).
  const l1 = Math.log(-y), l2 = Math.log(-l1);
  let w = y > -0.25 ? l1 - l2 + l2 / l1 : -1 - Math.sqrt(2 * (1 + Math.E * y));
  for (let i = 0; i < 50; i++) {
    const ew = Math.exp(w);
    const f = w * ew - y;
    const wp1 = w + 1;
    const step = f / (ew * wp1 - ((w + 2) * f) / (2 * wp1));
    w -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(w)) break;
  }
  return w;
}

/**
 * Optimal overlap-add lengths along one axis of sizes s1 (in1) and s2 (in2).
 *
 * @example
 * calcOaLens(1000, 11); // { blockSize: 54, overlap: 10, in1Step: 44, in2Step: 11 }
 */
export function calcOaLens(s1: number, s2: number): OaLens {
  const fallback: OaLens = { blockSize: s1 + s2 - 1, overlap: null, in1Step: s1, in2Step: s2 };
  if (s1 === s2 || s1 === 1 || s2 === 1) return fallback;
  let swapped = false;
  if (s2 > s1) { [s1, s2] = [s2, s1]; swapped = true; }
  if (s2 >= s1 / 2) return fallback;
  const overlap = s2 - 1;
  const optSize = -overlap * lambertWm1(-1 / (2 * Math.E * overlap));
  // SciPy calls next_fast_len with its default real=False: 11-smooth block sizes.
  const blockSize = nextFastLen(Math.ceil(optSize), false);
  if (blockSize >= s1) return fallback;
  return swapped
    ? { blockSize, overlap, in1Step: s2, in2Step: blockSize - s2 + 1 }
    : { blockSize, overlap, in1Step: blockSize - s2 + 1, in2Step: s2 };
}
