// The contract's accuracy promises as test assertions.
//
//   direct:  |got - exact| <= DIRECT_ULPS * eps * sum|terms|   (per output element)
//   fft/oa:  |got - exact| <= 1e-10 * ||in1||_1 * max|in2|     (float64; 1e-4 * ... in float32)
import type { NDArray } from '../../src/index.js';
import { unravel } from '../reference.js';

/**
 * "A few ulps" of sum|terms|. Summing n products in any order can err by up to
 * (n - 1) * eps * sum|terms| in the worst case; 8 leaves room for rounding of the
 * products, the sum and the final float32 conversion without hiding a wrong term
 * (a wrong or missing term errs by a whole |term|, millions of ulps).
 */
export const DIRECT_ULPS = 8;

export function epsOf(dtype: 'float32' | 'float64'): number {
  return dtype === 'float32' ? 2 ** -23 : 2 ** -52;
}

/** The contract's fft/oa error scale for the caller's in1 and in2. */
export function fftTolerance(in1: ArrayLike<number>, in2: ArrayLike<number>, dtype: 'float32' | 'float64'): number {
  let norm1 = 0, max2 = 0;
  for (let i = 0; i < in1.length; i++) norm1 += Math.abs(in1[i]!);
  for (let i = 0; i < in2.length; i++) max2 = Math.max(max2, Math.abs(in2[i]!));
  return (dtype === 'float32' ? 1e-4 : 1e-10) * norm1 * max2;
}

/** Reads an NDArray through its shape, strides and offset into a dense C-order Float64Array. */
export function readDense(a: NDArray): Float64Array {
  const size = a.shape.reduce((p, n) => p * n, 1);
  const out = new Float64Array(size);
  const index = new Array<number>(a.shape.length).fill(0);
  for (let i = 0; i < size; i++) {
    let at = a.offset;
    for (let d = 0; d < index.length; d++) at += index[d]! * a.strides[d]!;
    out[i] = a.data[at]!;
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < a.shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

export interface Allowance {
  /** Per-element sum of |terms|; scaled by ulps * eps. */
  bound?: ArrayLike<number>;
  ulps?: number;
  dtype: 'float32' | 'float64';
  /** An absolute allowance added to every element (the fft/oa error scale). */
  absolute?: number;
}

/**
 * Throws naming the first element (as a multi-index) that is NaN where the reference
 * is not, or farther from `want` than the allowance.
 */
export function expectWithin(got: ArrayLike<number>, want: ArrayLike<number>, shape: readonly number[],
  allow: Allowance, label: string): void {
  if (got.length !== want.length) throw new Error(`${label}: ${got.length} values, expected ${want.length}`);
  const eps = epsOf(allow.dtype);
  const ulps = allow.ulps ?? DIRECT_ULPS;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    const tol = (allow.bound ? ulps * eps * allow.bound[i]! : 0) + (allow.absolute ?? 0);
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Math.abs(g - w) <= tol;
    if (!ok) {
      throw new Error(`${label}: at [${unravel(i, shape).join(', ')}] got ${g}, expected ${w} (allowed error ${tol.toExponential(3)}, actual ${Math.abs(g - w).toExponential(3)})`);
    }
  }
}

/** Element-wise agreement on the same shape, for the property tests. */
export function expectSameShape(a: NDArray, shape: readonly number[], label: string): void {
  if (a.shape.length !== shape.length || a.shape.some((n, d) => n !== shape[d])) {
    throw new Error(`${label}: shape [${a.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
}
