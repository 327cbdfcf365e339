// Pure helpers about filter weights: SciPy's symmetry test, its zero-weight rule,
// Gaussian kernels.

/** DBL_EPSILON: SciPy's threshold for "zero" weights and for kernel symmetry. */
export const DBL_EPSILON = 2.220446049250313e-16;

/** 1: symmetric, -1: antisymmetric, 0: neither (ni_filters.c NI_Correlate1D; odd lengths only). */
export function kernelSymmetry(w: ArrayLike<number>): -1 | 0 | 1 {
  const k = w.length;
  if ((k & 1) === 0) return 0;
  const c = k >> 1;
  let sym = true;
  for (let i = 1; i <= c; i++) if (Math.abs(w[c + i]! - w[c - i]!) > DBL_EPSILON) { sym = false; break; }
  if (sym) return 1;
  for (let i = 1; i <= c; i++) if (Math.abs(w[c + i]! + w[c - i]!) > DBL_EPSILON) return 0;
  return -1;
}

/**
 * The taps NI_Correlate sums: weights with |w| > DBL_EPSILON (all with dropZeros
 * false), in C order, with their
 * element offsets in a buffer of strides `strides` (weights of shape `shape`).
 */
export function nonzeroTaps(
  w: Float64Array, shape: readonly number[], strides: readonly number[], dropZeros = true,
): { offsets: number[]; weights: number[] } {
  const offsets: number[] = [], weights: number[] = [];
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < w.length; i++) {
    if (!dropZeros || Math.abs(w[i]!) > DBL_EPSILON) {
      let off = 0;
      for (let d = 0; d < rank; d++) off += index[d]! * strides[d]!;
      offsets.push(off);
      weights.push(w[i]!);
    }
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { offsets, weights };
}

/**
 * scipy.ndimage._filters._gaussian_kernel1d(sigma, order, radius): the Gaussian (or
 * its order-th derivative) sampled at -radius..radius, normalised like SciPy.
 */
export function gaussianKernel1d(sigma: number, order: number, radius: number): Float64Array {
  const n = 2 * radius + 1;
  const sigma2 = sigma * sigma;
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i - radius;
    phi[i] = Math.exp((-0.5 / sigma2) * (x * x));
  }
  const sum = numpySum(phi);
  for (let i = 0; i < n; i++) phi[i] = phi[i]! / sum;
  if (order === 0) return phi;
  // f(x) = q(x) * phi(x); q' + q * p' with p'(x) = -x / sigma^2, applied `order` times
  // to the polynomial coefficients of q (as SciPy's Q_deriv = D + P).
  let q = new Float64Array(order + 1);
  q[0] = 1;
  for (let step = 0; step < order; step++) {
    const next = new Float64Array(order + 1);
    for (let i = 0; i <= order; i++) {
      // (D q)[i] = (i + 1) q[i + 1]; (P q)[i] = q[i - 1] / -sigma2
      let v = 0;
      if (i + 1 <= order) v += (i + 1) * q[i + 1]!;
      if (i >= 1) v += q[i - 1]! * (1 / -sigma2);
      next[i] = v;
    }
    q = next;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i - radius;
    let poly = 0;
    for (let e = 0; e <= order; e++) poly += x ** e * q[e]!;
    out[i] = poly * phi[i]!;
  }
  return out;
}

/** numpy's pairwise summation (pairwise_sum_DOUBLE) of a[from, from + n). */
function pairwiseSum(a: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[from + i]!;
    return res;
  }
  if (n <= 128) {
    const r = Array.from(a.subarray(from, from + 8));
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = r[j]! + a[from + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[from + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

/** `a.sum()` of a contiguous float64 array as NumPy computes it. */
export function numpySum(a: Float64Array): number {
  return pairwiseSum(a, 0, a.length);
}
