// When fftconvolve should cut a long 1-d signal into blocks (overlap-add) instead of
// transforming it whole, and with which block length. Pure cost model, no Wasm.
//
// One whole transform of length N costs about N log2 N, but a single line uses one of
// the 2 (f64) or 4 (f32) SIMD lanes of convnd's engine and its lane buffers (32 bytes
// per complex point) leave the caches once N exceeds ~64K. Blocks of length L
// (step L - K + 1 for the kernel length K) cost ceil(n / step) * L log2 L, run
// `lanes` blocks at once and stay in cache. The values are the same either way.
import type { DType } from '../ndarray/types.js';
import { nextFastEvenLen } from './fast-len.js';
import type { OaLens } from './oa-lens.js';

/** Lane-buffer points beyond which a transform is assumed to run from memory, not cache. */
const CACHE_POINTS = 65536;
const OUT_OF_CACHE_PENALTY = 1.6;
/** Blocked must beat whole by this factor to be chosen (covers the overlap-add copies). */
const MARGIN = 0.8;

function cost(length: number, lines: number, lanes: number): number {
  const groups = Math.ceil(lines / lanes);
  const penalty = length / 2 > CACHE_POINTS / lanes ? OUT_OF_CACHE_PENALTY : 1;
  return groups * lanes * length * Math.log2(Math.max(2, length)) * penalty / Math.min(lines, lanes);
}

/**
 * Block lengths for a single convolved axis of lengths n1, n2 with `lines` independent
 * lines (batch items), or null when one whole transform is expected to be faster.
 *
 * @example
 * fftBlockLens(1_000_000, 10_001, 1, 'float64'); // { blockSize: 60000, in1Step: 50000, ... }
 * fftBlockLens(1000, 1000, 1, 'float64');        // null (whole transform)
 */
export function fftBlockLens(n1: number, n2: number, lines: number, dtype: DType): OaLens | null {
  const lanes = dtype === 'float32' ? 4 : 2;
  const big = Math.max(n1, n2), small = Math.min(n1, n2);
  if (small < 2 || big < 8 * small) return null;
  const whole = nextFastEvenLen(n1 + n2 - 1);
  const wholeCost = cost(whole, lines, lanes);
  let best: { length: number; cost: number } | null = null;
  for (let length = nextFastEvenLen(4 * small); length < whole / 2; length = nextFastEvenLen(length + 2)) {
    const blocks = Math.ceil(big / (length - small + 1));
    const c = cost(length, blocks * lines, lanes);
    if (!best || c < best.cost) best = { length, cost: c };
  }
  if (!best || best.cost > MARGIN * wholeCost) return null;
  const step = best.length - small + 1;
  return n1 >= n2
    ? { blockSize: best.length, overlap: small - 1, in1Step: step, in2Step: n2 }
    : { blockSize: best.length, overlap: small - 1, in1Step: n1, in2Step: step };
}
