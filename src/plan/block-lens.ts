// When fftconvolve should cut a long 1-d signal into blocks (overlap-add) instead of
// transforming it whole, and with which block length. Pure cost model, no Wasm.
//
// The engine transforms 2 (f64) or 4 (f32) lines at once, so `lines` transforms of
// length N cost about ceil(lines / lanes) * N log2 N (measured: the time per N log2 N
// is flat within noise from 2^10 to 2^18 points). A single long line wastes all but one
// lane; blocks of length L (step L - K + 1 for the kernel length K) fill them. The
// values are the same either way.
import type { DType } from '../ndarray/types.js';
import type { ConvGeometry } from './conv-geometry.js';
import { sizeOf } from '../ndarray/shape.js';
import { nextFastEvenLen } from './fast-len.js';
import { transformWork } from '../fft/plan.js';
import type { OaLens } from './oa-lens.js';

/** Blocked must beat whole by this factor to be chosen (covers the overlap-add copies). */
const MARGIN = 0.8;
/** Segment length above which overlap-save's working set leaves the cache. */
const MAX_CACHED_SEGMENT = 65536;

function cost(length: number, lines: number, lanes: number): number {
  return Math.ceil(lines / lanes) * length * Math.log2(Math.max(2, length));
}

/**
 * Block lengths for a single convolved axis of lengths n1, n2 with `lines` independent
 * lines (batch items), or null when one whole transform is expected to be faster.
 *
 * @example
 * fftBlockLens(1_000_000, 10_001, 1, 'float64'); // { blockSize: 135000, in1Step: 125000, ... }
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

/**
 * Segment length for overlap-save (src/conv/overlap-save.ts) of a line of n1 values
 * with a kernel of K taps, producing `out` values, or 0 when one whole transform is
 * the better choice (the kernel is not much shorter than the line).
 */
export function segmentLength(n1: number, K: number, out: number, dtype: DType): number {
  if (K < 2 || n1 < 8 * K) return 0;
  const lanes = dtype === 'float32' ? 4 : 2;
  // Longer segments need fewer operations per output value but leave the cache: a
  // segment group's lane buffers and twiddles take about 64 L bytes (measured on 10^6 *
  // 10001: L = 40960 .. 65536 about 15% faster than the operation count's 135000).
  // Each length is costed by its radices (transformWork of the complex half length):
  // on 10^6 * 10001, 61440 = 2^12 * 15 runs about 6% faster than 60000 = 2^5 * 3 * 5^4.
  const longest = Math.min(2 * (out + K), Math.max(MAX_CACHED_SEGMENT, 5 * K));
  let best = 0, bestCost = Infinity;
  for (let L = nextFastEvenLen(4 * K); L < longest; L = nextFastEvenLen(L + 2)) {
    const c = Math.ceil(Math.ceil(out / (L - K + 1)) / lanes) * transformWork(L / 2);
    if (c < bestCost) { best = L; bestCost = c; }
  }
  return best;
}

/**
 * The overlap-save segment length fftconvolve uses for this problem
 * (src/conv/overlap-save.ts), or 0 when overlap-save does not apply: more than one
 * convolved axis, several kernels, or a kernel that is not much shorter than the line.
 */
export function overlapSaveLength(g: ConvGeometry, dtype: DType): number {
  if (g.convAxes.length !== 1 || sizeOf(g.outShape) === 0) return 0;
  const a = g.convAxes[0]!;
  if (sizeOf(g.shape2) !== g.shape2[a]) return 0;
  return segmentLength(g.shape1[a]!, g.shape2[a]!, g.outShape[a]!, dtype);
}

/**
 * Longest rows (last convolved axis of in1) that fftconvolve's whole-transform path
 * packs through a dense staging copy (src/conv/fft-whole.ts; measured: rows of 64 and
 * 100 gain 10-20%, rows of 1000 lose ~10%). Staged batch-innermost items are
 * transposed in Wasm (src/conv/heap-transpose.ts); longer rows are packed by tiled
 * JavaScript copies.
 */
export const DENSE_STAGING_MAX_ROW = 256;
