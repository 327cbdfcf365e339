// Row kernels shared by the 1-D (separable) passes: one output row from a list of
// input row pointers, vectorised across the row. The arithmetic of every element is
// SciPy's (ni_filters.c NI_Correlate1D / NI_UniformFilter1D) operation for operation,
// in f64 with separate multiply and add (never fused), so results match SciPy bit for
// bit whatever the vector width.
//
// Preconditions: rows are f64, `width` elements each, readable; `ptrs` holds k u32
// byte addresses of the rows tap 0 .. k-1 reads; `w` holds k f64 weights.

/** Kernel symmetry as NI_Correlate1D classifies it. */
export const GENERAL: i32 = 0;
export const SYMMETRIC: i32 = 1;
export const ANTISYMMETRIC: i32 = -1;

/**
 * Address of the row tap t reads: from the pointer list `ptrs` when `stride` is 0,
 * else ptrs + t * stride (evenly spaced rows, e.g. the elements of one line).
 */
// @ts-ignore: decorator
@inline
function rowAt(ptrs: usize, t: i32, stride: usize): usize {
  return stride == 0 ? <usize>load<u32>(ptrs + (<usize>t << 2)) : ptrs + <usize>t * stride;
}

// @ts-ignore: decorator
@inline
function wAt(w: usize, t: i32): f64 {
  return load<f64>(w + (<usize>t << 3));
}

/** The 8-wide SIMD blocks of correlateRow; returns the first column left to do. */
// @ts-ignore: decorator
@inline
function correlateRowSimd(ptrs: usize, stride: usize, w: usize, k: i32, symmetry: i32, width: i32, out: usize): i32 {
  let x = 0;
  const c = k >> 1;
  for (; x + 8 <= width; x += 8) {
    const b = <usize>x << 3;
    let a0: v128, a1: v128, a2: v128, a3: v128;
    if (symmetry == GENERAL) {
      const last = rowAt(ptrs, k - 1, stride) + b;
      const wl = f64x2.splat(wAt(w, k - 1));
      a0 = f64x2.mul(v128.load(last), wl);
      a1 = f64x2.mul(v128.load(last, 16), wl);
      a2 = f64x2.mul(v128.load(last, 32), wl);
      a3 = f64x2.mul(v128.load(last, 48), wl);
      for (let t = 0; t < k - 1; t++) {
        const p = rowAt(ptrs, t, stride) + b;
        const wv = f64x2.splat(wAt(w, t));
        a0 = f64x2.add(a0, f64x2.mul(v128.load(p), wv));
        a1 = f64x2.add(a1, f64x2.mul(v128.load(p, 16), wv));
        a2 = f64x2.add(a2, f64x2.mul(v128.load(p, 32), wv));
        a3 = f64x2.add(a3, f64x2.mul(v128.load(p, 48), wv));
      }
    } else {
      const mid = rowAt(ptrs, c, stride) + b;
      const wc = f64x2.splat(wAt(w, c));
      a0 = f64x2.mul(v128.load(mid), wc);
      a1 = f64x2.mul(v128.load(mid, 16), wc);
      a2 = f64x2.mul(v128.load(mid, 32), wc);
      a3 = f64x2.mul(v128.load(mid, 48), wc);
      for (let j = 0; j < c; j++) {
        const l = rowAt(ptrs, j, stride) + b, r = rowAt(ptrs, k - 1 - j, stride) + b;
        const wv = f64x2.splat(wAt(w, j));
        if (symmetry == SYMMETRIC) {
          a0 = f64x2.add(a0, f64x2.mul(f64x2.add(v128.load(l), v128.load(r)), wv));
          a1 = f64x2.add(a1, f64x2.mul(f64x2.add(v128.load(l, 16), v128.load(r, 16)), wv));
          a2 = f64x2.add(a2, f64x2.mul(f64x2.add(v128.load(l, 32), v128.load(r, 32)), wv));
          a3 = f64x2.add(a3, f64x2.mul(f64x2.add(v128.load(l, 48), v128.load(r, 48)), wv));
        } else {
          a0 = f64x2.add(a0, f64x2.mul(f64x2.sub(v128.load(l), v128.load(r)), wv));
          a1 = f64x2.add(a1, f64x2.mul(f64x2.sub(v128.load(l, 16), v128.load(r, 16)), wv));
          a2 = f64x2.add(a2, f64x2.mul(f64x2.sub(v128.load(l, 32), v128.load(r, 32)), wv));
          a3 = f64x2.add(a3, f64x2.mul(f64x2.sub(v128.load(l, 48), v128.load(r, 48)), wv));
        }
      }
    }
    const o = out + b;
    v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  }
  return x;
}

/**
 * out[x] = correlation of the k rows with w at column x, for x < width, in SciPy's
 * order: symmetric kernels sum (left + right) * w[left] outwards-in from the centre
 * product; general kernels start from the last tap and then add taps 0 .. k-2.
 */
// @ts-ignore: decorator
@inline
export function correlateRow(ptrs: usize, stride: usize, w: usize, k: i32, symmetry: i32, width: i32, out: usize): void {
  const c = k >> 1;
  // Compile-time switch: the build without SIMD (ASC_FEATURE_SIMD false) keeps only
  // the scalar loop, which computes the same values.
  let x = 0;
  if (ASC_FEATURE_SIMD) x = correlateRowSimd(ptrs, stride, w, k, symmetry, width, out);
  for (; x < width; x++) {
    const b = <usize>x << 3;
    let acc: f64;
    if (symmetry == GENERAL) {
      acc = load<f64>(rowAt(ptrs, k - 1, stride) + b) * wAt(w, k - 1);
      for (let t = 0; t < k - 1; t++) acc += load<f64>(rowAt(ptrs, t, stride) + b) * wAt(w, t);
    } else {
      acc = load<f64>(rowAt(ptrs, c, stride) + b) * wAt(w, c);
      for (let j = 0; j < c; j++) {
        const l = load<f64>(rowAt(ptrs, j, stride) + b), r = load<f64>(rowAt(ptrs, k - 1 - j, stride) + b);
        acc += (symmetry == SYMMETRIC ? l + r : l - r) * wAt(w, j);
      }
    }
    store<f64>(out + b, acc);
  }
}

/** Pairs of columns of sumRows; returns the first column left to do. */
// @ts-ignore: decorator
@inline
function sumRowsSimd(ptrs: usize, k: i32, width: i32, sum: usize): i32 {
  const stride: usize = 0;
  let x = 0;
  for (; x + 2 <= width; x += 2) {
    const b = <usize>x << 3;
    let a = f64x2.splat(0);
    for (let t = 0; t < k; t++) a = f64x2.add(a, v128.load(rowAt(ptrs, t, stride) + b));
    v128.store(sum + b, a);
  }
  return x;
}

/** sum[x] = 0 + row0[x] + row1[x] + ... (k rows, in order), for x < width. */
// @ts-ignore: decorator
@inline
export function sumRows(ptrs: usize, k: i32, width: i32, sum: usize): void {
  const stride: usize = 0;
  let x = 0;
  if (ASC_FEATURE_SIMD) x = sumRowsSimd(ptrs, k, width, sum);
  for (; x < width; x++) {
    const b = <usize>x << 3;
    let a: f64 = 0;
    for (let t = 0; t < k; t++) a += load<f64>(rowAt(ptrs, t, stride) + b);
    store<f64>(sum + b, a);
  }
}

/**
 * SciPy's running mean along one extended line whose elements lie `step` bytes apart:
 * s = the sum of its first `size` elements (from 0), out[0] = s / size, then for each
 * next output s += e[i + size - 1] - e[i - 1] and out[i] = s / size.
 */
// @ts-ignore: decorator
@inline
export function runningMeanLine(e: usize, step: usize, nOut: i32, size: i32, fsize: f64, out: usize): void {
  let s: f64 = 0;
  for (let p = 0; p < size; p++) s += load<f64>(e + <usize>p * step);
  store<f64>(out, s / fsize);
  for (let i = 1; i < nOut; i++) {
    s += load<f64>(e + <usize>(i + size - 1) * step) - load<f64>(e + <usize>(i - 1) * step);
    store<f64>(out + (<usize>i << 3), s / fsize);
  }
}

/** The running-sum step: sum[x] += add[x] - sub[x]; out[x] = sum[x] / size. */
// @ts-ignore: decorator
@inline
export function slideRow(sum: usize, add: usize, sub: usize, size: f64, width: i32, out: usize): void {
  let x = 0;
  if (ASC_FEATURE_SIMD) x = slideRowSimd(sum, add, sub, size, width, out);
  for (; x < width; x++) {
    const b = <usize>x << 3;
    const s = load<f64>(sum + b) + (load<f64>(add + b) - load<f64>(sub + b));
    store<f64>(sum + b, s);
    store<f64>(out + b, s / size);
  }
}

/** Four columns at a time of slideRow; returns the first column left to do. */
// @ts-ignore: decorator
@inline
function slideRowSimd(sum: usize, add: usize, sub: usize, size: f64, width: i32, out: usize): i32 {
  let x = 0;
  const sv = f64x2.splat(size);
  for (; x + 4 <= width; x += 4) {
    const b = <usize>x << 3;
    const s0 = f64x2.add(v128.load(sum + b), f64x2.sub(v128.load(add + b), v128.load(sub + b)));
    const s1 = f64x2.add(v128.load(sum + b, 16), f64x2.sub(v128.load(add + b, 16), v128.load(sub + b, 16)));
    v128.store(sum + b, s0); v128.store(sum + b, s1, 16);
    v128.store(out + b, f64x2.div(s0, sv)); v128.store(out + b, f64x2.div(s1, sv), 16);
  }
  return x;
}

/** out[x] = sum[x] / size. */
// @ts-ignore: decorator
@inline
export function divideRow(sum: usize, size: f64, width: i32, out: usize): void {
  for (let x = 0; x < width; x++) {
    const b = <usize>x << 3;
    store<f64>(out + b, load<f64>(sum + b) / size);
  }
}
