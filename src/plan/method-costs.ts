// Operation counts ("features") that predict the time of each convolution method, and
// the time estimate built from them with calibrated coefficients (pure, no Wasm).
//
// Time of a method = sum_i coefficient_i * feature_i (seconds, one thread), where the
// coefficients come from tools/calibrate-method.ts (see cost-constants.ts). Features:
//   direct: multiply-adds (2-d and up), output points, bytes copied in and out,
//           multiply-adds of 1-d problems;
//   fft:    sum over transforms of N log2 N (lane groups counted whole; overlap-save
//           segments for long 1-d signals), spectrum products (points), bytes copied;
//   oa:     the same for overlap-add blocks, plus the number of block products (each
//           costs a little JavaScript bookkeeping).
// FFT N log N counts go to a separate last feature when the transforms run along
// strided axes (batch axes innermost), which costs more per point.
import type { DType } from '../ndarray/types.js';
import type { ConvGeometry } from './conv-geometry.js';
import { COST_COEFFICIENTS } from './cost-constants.js';
import { fftBlockLens, overlapSaveLength } from './block-lens.js';
import { fftLengthForWindow, nextFastEvenLen, nextFastLen } from './fast-len.js';
import { calcOaLens } from './oa-lens.js';

export type CostedMethod = 'direct' | 'fft' | 'oa';
export const COSTED_METHODS: readonly CostedMethod[] = ['direct', 'fft', 'oa'];

export type CostFeatures = Record<CostedMethod, number[]>;

interface Items {
  convAxes: number[];
  /** Output items (product of batch extents) and distinct operand items. */
  out: number;
  in1: number;
  in2: number;
  bytes: number;
}

function items(g: ConvGeometry, dtype: DType): Items {
  let out = 1, in1 = 1, in2 = 1, size1 = 1, size2 = 1, sizeOut = 1;
  g.outShape.forEach((n, a) => {
    sizeOut *= n;
    if (g.convAxes.includes(a)) {
      size1 *= g.shape1[a]!;
      size2 *= g.shape2[a]!;
      return;
    }
    out *= n;
    if (g.shape1[a] !== 1) in1 *= n;
    if (g.shape2[a] !== 1) in2 *= n;
  });
  const bytes = (in1 * size1 + in2 * size2 + sizeOut) * (dtype === 'float32' ? 4 : 8);
  return { convAxes: g.convAxes, out, in1, in2, bytes };
}

function nLogN(n: number): number {
  return n * Math.log2(Math.max(2, n));
}

/** Transforms are computed `lanes` lines at a time along the last axis of 1-d problems. */
function laneGroups(lines: number, lanes: number): number {
  return Math.ceil(lines / lanes) * lanes;
}

function fftWholeUnits(g: ConvGeometry, it: Items, lanes: number): [number, number] {
  const k = it.convAxes.length;
  const lengths = it.convAxes.map((a, d) => fftLengthForWindow(g.shape1[a]!, g.shape2[a]!, g.start[a]!, g.outShape[a]!, d === k - 1));
  const n = lengths.reduce((p, l) => p * l, 1);
  const transforms = k === 1 ? laneGroups(it.in1, lanes) + laneGroups(it.in2, lanes) + laneGroups(it.out, lanes) : it.in1 + it.in2 + it.out;
  return [transforms * nLogN(n), it.out * n];
}

/** The features of every method for one problem (geometry after the valid-mode swap). */
export function costFeatures(g: ConvGeometry, dtype: DType): CostFeatures {
  const it = items(g, dtype);
  const lanes = dtype === 'float32' ? 4 : 2;
  let outConv = 1, taps = 1;
  for (const a of it.convAxes) { outConv *= g.outShape[a]!; taps *= g.shape2[a]!; }
  const outputs = it.out * outConv;
  // A 1-d kernel has no second axis whose rows share input loads, so its multiply-adds
  // run slower than 2-d and 3-d ones (docs/direct.md): they are their own feature.
  const macs = outputs * taps;
  const oneD = it.convAxes.length <= 1;
  const direct = [oneD ? 0 : macs, outputs, it.bytes, oneD ? macs : 0];

  // Transforms along a strided axis (batch axes innermost, as in (S, S, N) stacks) run
  // as column passes, which cost more per point: their N log N goes to its own feature.
  const lastConv = it.convAxes[it.convAxes.length - 1] ?? g.outShape.length;
  const innerBatch = g.outShape.some((n, a) => a > lastConv && n > 1);
  const split = (units: number): [number, number] => (innerBatch ? [0, units] : [units, 0]);

  // fftconvolve: overlap-save segments for a long 1-d signal and one short kernel
  // (src/conv/fft-convolve.ts), else blocks for long 1-d signals, else one whole
  // transform per item.
  let fft: number[];
  const a0 = it.convAxes[0];
  const segment = overlapSaveLength(g, dtype);
  const blocked = segment === 0 && it.convAxes.length === 1 && a0 !== undefined ? fftBlockLens(g.shape1[a0]!, g.shape2[a0]!, it.out, dtype) : null;
  if (segment > 0 && a0 !== undefined) {
    // Per segment one forward and one inverse transform; the kernel's once.
    const segments = it.out * Math.ceil(g.outShape[a0]! / (segment - g.shape2[a0]! + 1));
    const [rows, columns] = split((2 * laneGroups(segments, lanes) + lanes) * nLogN(segment));
    fft = [rows, segments * segment, it.bytes, columns];
  } else if (blocked && a0 !== undefined) {
    const big = Math.max(g.shape1[a0]!, g.shape2[a0]!);
    const step = Math.max(blocked.in1Step, blocked.in2Step);
    const blocks = Math.ceil(big / step) * it.out;
    const [rows, columns] = split((2 * laneGroups(blocks, lanes) + lanes) * nLogN(blocked.blockSize));
    fft = [rows, blocks * blocked.blockSize, it.bytes, columns];
  } else {
    const [units, points] = fftWholeUnits(g, it, lanes);
    const [rows, columns] = split(units);
    fft = [rows, points, it.bytes, columns];
  }

  // oaconvolve: SciPy's block steps.
  const lens = it.convAxes.map((a) => calcOaLens(g.shape1[a]!, g.shape2[a]!));
  let oa: number[];
  if (it.convAxes.length === 0 || lens.every((l) => l.overlap === null)) {
    const [units, points] = fftWholeUnits(g, it, lanes);
    const [rows, columns] = split(units);
    oa = [rows, points, it.bytes, 0, columns];
  } else {
    const k = it.convAxes.length;
    let blocks1 = 1, blocks2 = 1, n = 1;
    it.convAxes.forEach((a, d) => {
      const l = lens[d]!;
      blocks1 *= Math.ceil(g.shape1[a]! / l.in1Step);
      blocks2 *= Math.ceil(g.shape2[a]! / l.in2Step);
      const even = d === k - 1;
      n *= l.overlap === null
        ? fftLengthForWindow(g.shape1[a]!, g.shape2[a]!, g.start[a]!, g.outShape[a]!, even)
        : (even ? nextFastEvenLen : nextFastLen)(l.in1Step + l.in2Step - 1);
    });
    const products = it.out * blocks1 * blocks2;
    const transforms = it.in1 * blocks1 + it.in2 * blocks2 + products;
    const [rows, columns] = split((k === 1 ? laneGroups(transforms, lanes) : transforms) * nLogN(n));
    oa = [rows, products * n, it.bytes, products, columns];
  }
  return { direct, fft, oa };
}

/** Seconds each method is expected to take on one thread. */
export function estimateSeconds(features: CostFeatures, dtype: DType): Record<CostedMethod, number> {
  const coefficients = COST_COEFFICIENTS[dtype];
  const dot = (m: CostedMethod) => features[m].reduce((sum, f, i) => sum + f * (coefficients[m][i] ?? 0), 0);
  return { direct: dot('direct'), fft: dot('fft'), oa: dot('oa') };
}
