// Weight packing for the Wasm kernels (JS side: weights are small next to activations).
//
// Canonical weights are dense float64 [outChannels][inChannels / groups][taps]
// (PyTorch's OIHW with the spatial axes flattened), see layout.ts.
import type { DType, FloatArray } from '../ndarray/types.js';
import { allocate } from '../ndarray/create.js';

/** GEMM columns per packed block: two SIMD vectors. */
export function panelWidth(dtype: DType): number {
  return dtype === 'float32' ? 8 : 4;
}

/**
 * Packs a K x N matrix for assembly/nn/igemm.ts: per block of NR columns, NR bias
 * values, then K rows of NR values; columns past N are zero.
 */
export function packGemm(
  dtype: DType, rows: number, cols: number,
  valueAt: (k: number, n: number) => number, biasAt: ((n: number) => number) | null,
): FloatArray {
  const nr = panelWidth(dtype);
  const blocks = Math.ceil(cols / nr);
  const out = allocate(dtype, blocks * (nr + rows * nr));
  let p = 0;
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < nr; j++, p++) {
      const n = b * nr + j;
      if (biasAt && n < cols) out[p] = biasAt(n);
    }
    for (let k = 0; k < rows; k++) {
      for (let j = 0; j < nr; j++, p++) {
        const n = b * nr + j;
        if (n < cols) out[p] = valueAt(k, n);
      }
    }
  }
  return out;
}

/**
 * Forward weights of one group for igemm: GEMM row k = tap * cinG + ci (the order of
 * the indirection table), column n = output channel within the group.
 */
export function packConvGroup(
  dtype: DType, w: Float64Array, bias: Float64Array | null,
  group: number, cinG: number, coutG: number, taps: number,
): FloatArray {
  const base = group * coutG;
  return packGemm(
    dtype, taps * cinG, coutG,
    (k, n) => w[((base + n) * cinG + (k % cinG)) * taps + Math.floor(k / cinG)]!,
    bias ? (n) => bias[base + n]! : null,
  );
}

/** Depthwise weights: cp bias values then taps rows of cp weights (cp = channels rounded up to two vectors). */
export function packDepthwise(dtype: DType, w: Float64Array, bias: Float64Array | null, channels: number, taps: number): FloatArray {
  const nr = panelWidth(dtype);
  const cp = Math.ceil(channels / nr) * nr;
  const out = allocate(dtype, cp * (taps + 1));
  for (let c = 0; c < channels; c++) {
    if (bias) out[c] = bias[c]!;
    for (let s = 0; s < taps; s++) out[(s + 1) * cp + c] = w[c * taps + s]!;
  }
  return out;
}

/** Winograd F(2x2, 3x3) weight transform G (4 x 3). */
const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];

/**
 * Weights for assembly/nn/winograd.ts (3x3 kernel, one group): kp bias values, then per
 * xi = 4a + b < 16 and block of NR output channels, inChannels rows of NR values of
 * U[xi][c][k] = (G g G^T)[a][b] with g = w[k][c] (3x3); kp = outChannels rounded up to NR.
 * The transform is computed in float64 and rounded once.
 */
export function packWinograd(dtype: DType, w: Float64Array, bias: Float64Array | null, inChannels: number, outChannels: number): FloatArray {
  const nr = panelWidth(dtype);
  const kp = Math.ceil(outChannels / nr) * nr;
  const out = allocate(dtype, kp + 16 * inChannels * kp);
  if (bias) out.set(bias);
  for (let k = 0; k < outChannels; k++) {
    for (let c = 0; c < inChannels; c++) {
      const g = w.subarray((k * inChannels + c) * 9, (k * inChannels + c + 1) * 9);
      for (let a = 0; a < 4; a++) {
        // row a of G g: 3 values over the kernel columns.
        const ga = [0, 1, 2].map((j) => G[a]![0]! * g[j]! + G[a]![1]! * g[3 + j]! + G[a]![2]! * g[6 + j]!);
        for (let b = 0; b < 4; b++) {
          const u = ga[0]! * G[b]![0]! + ga[1]! * G[b]![1]! + ga[2]! * G[b]![2]!;
          const block = Math.floor(k / nr);
          out[kp + ((4 * a + b) * (kp / nr) + block) * inChannels * nr + c * nr + (k % nr)] = u;
        }
      }
    }
  }
  return out;
}

/**
 * Weights of the convolution that computes the input gradient of a stride-1
 * convolution: channels swapped within each group, taps reversed.
 * Result: canonical [inChannels][outChannels / groups][taps].
 */
export function adjointWeights(w: Float64Array, inChannels: number, outChannels: number, groups: number, taps: number): Float64Array {
  const cinG = inChannels / groups, coutG = outChannels / groups;
  const out = new Float64Array(w.length);
  for (let g = 0; g < groups; g++) {
    for (let ci = 0; ci < cinG; ci++) {
      for (let co = 0; co < coutG; co++) {
        const src = ((g * coutG + co) * cinG + ci) * taps;
        const dst = ((g * cinG + ci) * coutG + co) * taps;
        for (let s = 0; s < taps; s++) out[dst + s] = w[src + taps - 1 - s]!;
      }
    }
  }
  return out;
}
