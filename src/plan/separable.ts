// Rank-1 detection (pure): is an N-d kernel the outer product of 1-D factors?
//
// The factors are the fibres through the entry of largest magnitude (the pivot),
// all but the first scaled by 1 / pivot, so K[i, j, ...] ~ f0[i] * f1[j] * ... The test
// is numerically safe: every entry must be reproduced within a few rounding errors of
// the kernel's largest entry, so a kernel that is only nearly rank-1 (or whose rank-1
// look comes from cancellation) is refused, and the separable result differs from the
// direct sum by no more than the direct sum's own rounding error bound.
import { cStrides } from '../ndarray/shape.js';

const EPS = 2.220446049250313e-16;
/** Tolerance on |K - outer product| in units of eps * max|K|. */
const TOLERANCE_ULPS = 16;

/** Kernels tested lately, by value: a filter applied call after call is tested once. */
const recent: { shape: string; values: Float64Array; factors: Float64Array[] | null }[] = [];
const RECENT_KERNELS = 4;

function sameValues(a: ArrayLike<number>, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Returns one factor per axis (length shape[d]) whose outer product reproduces `k`,
 * or null when `k` is not rank-1 within tolerance (or is all zeros / non-finite).
 * The factors are shared with later calls on equal kernels: do not modify them.
 */
export function rankOneFactors(k: ArrayLike<number>, shape: readonly number[]): Float64Array[] | null {
  const key = shape.join(',');
  const hit = recent.find((r) => r.shape === key && sameValues(k, r.values));
  if (hit) return hit.factors;
  const factors = factorRankOne(k, shape);
  if (recent.length >= RECENT_KERNELS) recent.shift();
  recent.push({ shape: key, values: Float64Array.from(k), factors });
  return factors;
}

function factorRankOne(k: ArrayLike<number>, shape: readonly number[]): Float64Array[] | null {
  const rank = shape.length;
  if (rank === 0 || k.length === 0) return null;
  let pivot = 0, maxAbs = 0;
  for (let i = 0; i < k.length; i++) {
    const a = Math.abs(k[i]!);
    if (!(a <= Number.MAX_VALUE)) return null; // NaN or Inf
    if (a > maxAbs) { maxAbs = a; pivot = i; }
  }
  if (maxAbs === 0) return null;
  const strides = cStrides(shape);
  const pivotIndex = shape.map((n, d) => Math.floor(pivot / strides[d]!) % n);
  const p = k[pivot]!;
  const factors = shape.map((n, d) => {
    const f = new Float64Array(n);
    const base = pivot - pivotIndex[d]! * strides[d]!;
    for (let i = 0; i < n; i++) f[i] = d === 0 ? k[base + i * strides[d]!]! : k[base + i * strides[d]!]! / p;
    return f;
  });
  const tol = TOLERANCE_ULPS * EPS * maxAbs * rank;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < k.length; i++) {
    let prod = 1;
    for (let d = 0; d < rank; d++) prod *= factors[d]![index[d]!]!;
    if (!(Math.abs(k[i]! - prod) <= tol)) return null;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return factors;
}

/** True when separable passes cost clearly less than the full kernel. */
export function separableWorthIt(shape: readonly number[]): boolean {
  const long = shape.filter((n) => n > 1);
  if (long.length < 2) return false;
  const full = long.reduce((a, b) => a * b, 1);
  const sum = long.reduce((a, b) => a + b, 0);
  return full > 2 * sum;
}
