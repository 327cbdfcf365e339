// Real-to-complex and complex-to-real FFTs of rows, `lanes` rows at a time.
//
// Row layout (shared with the column and spectrum kernels): row r starts at
// data + r * rowStride (bytes). As a half spectrum it holds the n / 2 + 1 real parts
// from byte 0 and the imaginary parts from byte imOffset. The forward transform reads
// each real row (the first `width` values, zero beyond) from a source with its own
// strides (possibly the spectrum rows themselves) and writes its spectrum; the inverse
// reads the spectrum and writes elements [skip, skip + width) of the real row
// (unnormalised: n times the input) to a destination with its own strides (possibly
// the spectrum rows, in place). A dense copy of the input in the heap serves as the
// source and a dense output window as the destination, so no per-row copies run in JS.
//
// Even n: the row is read as a complex line of length n / 2 (z_j = x_2j + i x_2j+1),
// transformed, and split into the spectrum with the twiddles w^k = exp(-2 pi i k / n)
// stored after the complex twiddles of the plan. Odd n: the row is transformed as a
// complex line of length n with zero imaginary part.
//
// convolveSegments fuses forward transform, product with one kernel spectrum and
// inverse for each group of rows, without storing the spectra; it also serves
// overlap-save, reading overlapping segments of one signal and writing a window of each.
//
// Preconditions: plan from src/fft/plan.ts for this n; `scratch` holds two lane buffers
// of nc + 1 elements (32 bytes each; bufA, then bufB), 16-byte aligned; rows do not overlap
// the buffers; imOffset >= (n / 2 + 1) * sizeof<T> so spectra fit their rows.
import { cfftLanes, loadTwIm, loadTwRe, twiddleBytes } from './complex-passes';
import { transposeIn, transposeOut, transposeOutNegOdd } from './lane-transpose';

/** Zeroes a lane buffer when fewer than `lanes` rows are active (unused lanes stay 0). */
// @ts-ignore: decorator
@inline
function clearIfPartial(buf: usize, elements: i32, active: i32, lanes: i32): void {
  if (active < lanes) memory.fill(buf, 0, <usize>elements << 5);
}

/**
 * Forward transform of `active` rows from row0 (the first `width` <= n values of each,
 * zero beyond): returns the lane buffer (bufA or bufB) holding spectrum elements 0 .. n/2.
 */
// @ts-ignore: decorator
@inline
function forwardGroup<T>(plan: usize, row0: usize, rowStride: usize, active: i32, width: i32, bufA: usize, bufB: usize): usize {
  const nc = load<i32>(plan);
  const n = load<i32>(plan, 12);
  const z = forwardComplex<T>(plan, row0, rowStride, active, width, bufA, bufB);
  const x = z == bufA ? bufB : bufA;
  if (n & 1) {
    memory.copy(x, z, <usize>((n >> 1) + 1) << 5);
    return x;
  }
  // X_k = E_k + w^k O_k, E = (Z_k + conj Z_{nc-k}) / 2, O = (Z_k - conj Z_{nc-k}) / 2i.
  const realTw = plan + <usize>load<i32>(plan, 8);
  const half = v128.splat<T>(<T>0.5);
  const z0r = v128.load(z), z0i = v128.load(z, 16);
  v128.store(x, v128.add<T>(z0r, z0i));
  v128.store(x, v128.splat<T>(<T>0), 16);
  v128.store(x + (<usize>nc << 5), v128.sub<T>(z0r, z0i));
  v128.store(x + (<usize>nc << 5), v128.splat<T>(<T>0), 16);
  // Pairs (k, nc - k): E_{nc-k} = conj E_k, O_{nc-k} = conj O_k and w^(nc-k) = -conj w^k,
  // so X_{nc-k} = conj(E_k - w^k O_k) reuses the loads and sums of X_k. (k = nc / 2
  // pairs with itself: both formulas give the same value there.)
  for (let k = 1; 2 * k <= nc; k++) {
    const a = z + (<usize>k << 5), b = z + (<usize>(nc - k) << 5);
    const ar = v128.load(a), ai = v128.load(a, 16);
    const br = v128.load(b), bi = v128.load(b, 16);
    const er = v128.mul<T>(v128.add<T>(ar, br), half), ei = v128.mul<T>(v128.sub<T>(ai, bi), half);
    // O = -i (a - conj b) / 2 = ((ai + bi) / 2, -(ar - br) / 2)
    const or = v128.mul<T>(v128.add<T>(ai, bi), half), oi = v128.mul<T>(v128.sub<T>(br, ar), half);
    const w = realTw + <usize>k * twiddleBytes<T>();
    const wr = loadTwRe<T>(w), wi = loadTwIm<T>(w);
    const tr = v128.sub<T>(v128.mul<T>(or, wr), v128.mul<T>(oi, wi));
    const ti = v128.add<T>(v128.mul<T>(or, wi), v128.mul<T>(oi, wr));
    const q = x + (<usize>k << 5), qm = x + (<usize>(nc - k) << 5);
    v128.store(qm, v128.sub<T>(er, tr));
    v128.store(qm, v128.sub<T>(ti, ei), 16);
    v128.store(q, v128.add<T>(er, tr));
    v128.store(q, v128.add<T>(ei, ti), 16);
  }
  return x;
}

/**
 * The complex FFT behind forwardGroup: the rows packed into a complex line (even n:
 * z_j = x_2j + i x_2j+1, length n / 2; odd n: x_j + 0i, length n) and transformed.
 * Returns the lane buffer (bufA or bufB) holding the result.
 */
// @ts-ignore: decorator
@inline
function forwardComplex<T>(plan: usize, row0: usize, rowStride: usize, active: i32, width: i32, bufA: usize, bufB: usize): usize {
  const size = <usize>sizeof<T>();
  const lanes = 16 / <i32>sizeof<T>();
  const nc = load<i32>(plan);
  const n = load<i32>(plan, 12);
  const even = (n & 1) == 0;
  // Even n: element t of the rows goes to the 16-byte slot t (re/im of complex slot t / 2);
  // odd n: to the real part of slot t (32-byte slots), imaginary parts zero.
  const slot: usize = even ? 16 : 32;
  if (active == lanes) {
    transposeIn<T>(bufA, slot, row0, rowStride, width);
  } else {
    clearIfPartial(bufA, nc, active, lanes);
    for (let l = 0; l < active; l++) {
      const row = row0 + <usize>l * rowStride;
      const lane = <usize>l * size;
      for (let j = 0; j < width; j++) store<T>(bufA + <usize>j * slot + lane, load<T>(row + <usize>j * size));
    }
  }
  if (even) {
    if (width < n) memory.fill(bufA + <usize>width * 16, 0, <usize>(n - width) << 4);
  } else {
    for (let j = width; j < nc; j++) v128.store(bufA + (<usize>j << 5), v128.splat<T>(<T>0));
    for (let j = 0; j < nc; j++) v128.store(bufA + (<usize>j << 5), v128.splat<T>(<T>0), 16);
  }
  return cfftLanes<T>(plan, bufA, bufB);
}

/**
 * Inverse transform of the spectrum elements 0 .. n/2 in lane buffer xa (overwritten,
 * xb is scratch), unnormalised (n times): elements [skip, skip + width) of the result
 * are written as `active` rows from row0.
 */
// @ts-ignore: decorator
@inline
function inverseGroup<T>(plan: usize, xa: usize, xb: usize, row0: usize, rowStride: usize, active: i32, skip: i32, width: i32): void {
  const size = <usize>sizeof<T>();
  const lanes = 16 / <i32>sizeof<T>();
  const nc = load<i32>(plan);
  const n = load<i32>(plan, 12);
  const even = (n & 1) == 0;
  const m = n >> 1;
  const zero = v128.splat<T>(<T>0);
  v128.store(xa, zero, 16);
  if (even) {
    const realTw = plan + <usize>load<i32>(plan, 8);
    v128.store(xa + (<usize>m << 5), zero, 16);
    // conj(Z'_k) with Z' = E + i O, E = X_k + conj X_{m-k}, O = (X_k - conj X_{m-k}) conj(w^k).
    // Pairs (k, m - k) for k >= 1 (m = nc): E_{m-k} = conj E_k and, as conj w^(m-k) =
    // -w^k, O_{m-k} = conj O_k, so output m - k is (er + oi, ei - or) from output k's
    // sums. (k = m / 2 pairs with itself: both formulas give the same value there.)
    for (let k = 0; 2 * k <= nc; k++) {
      const a = xa + (<usize>k << 5), b = xa + (<usize>(m - k) << 5);
      const ar = v128.load(a), ai = v128.load(a, 16);
      const br = v128.load(b), bi = v128.load(b, 16);
      const er = v128.add<T>(ar, br), ei = v128.sub<T>(ai, bi);
      const dr = v128.sub<T>(ar, br), di = v128.add<T>(ai, bi);
      const w = realTw + <usize>k * twiddleBytes<T>();
      const wr = loadTwRe<T>(w), wi = loadTwIm<T>(w);
      const or = v128.add<T>(v128.mul<T>(dr, wr), v128.mul<T>(di, wi));
      const oi = v128.sub<T>(v128.mul<T>(di, wr), v128.mul<T>(dr, wi));
      if (k > 0) {
        const qm = xb + (<usize>(m - k) << 5);
        v128.store(qm, v128.add<T>(er, oi));
        v128.store(qm, v128.sub<T>(ei, or), 16);
      }
      const q = xb + (<usize>k << 5);
      v128.store(q, v128.sub<T>(er, oi));
      v128.store(q, v128.neg<T>(v128.add<T>(ei, or)), 16);
    }
  } else {
    // conj of the full Hermitian spectrum: conj X_k for k <= m, X_{n-k} above.
    for (let k = 0; k <= m; k++) {
      const a = xa + (<usize>k << 5), q = xb + (<usize>k << 5);
      v128.store(q, v128.load(a));
      v128.store(q, v128.neg<T>(v128.load(a, 16)), 16);
    }
    for (let k = m + 1; k < n; k++) {
      memory.copy(xb + (<usize>k << 5), xa + (<usize>(n - k) << 5), 32);
    }
  }
  inverseTail<T>(plan, xb, xa, row0, rowStride, active, skip, width);
}

/**
 * The end of inverseGroup: the complex FFT of the merged (conjugated) line in lane
 * buffer xb (xa is scratch) and the unpacking of elements [skip, skip + width) of the
 * real result into `active` rows from row0.
 */
// @ts-ignore: decorator
@inline
function inverseTail<T>(plan: usize, xb: usize, xa: usize, row0: usize, rowStride: usize, active: i32, skip: i32, width: i32): void {
  const size = <usize>sizeof<T>();
  const lanes = 16 / <i32>sizeof<T>();
  const nc = load<i32>(plan);
  const even = (load<i32>(plan, 12) & 1) == 0;
  const y = cfftLanes<T>(plan, xb, xa);
  // Even n: x_2j = Re y_j, x_2j+1 = -Im y_j, so y read as 16-byte slots (re, im, re, ...)
  // is x in order with every imaginary slot negated (done while transposing). Odd n:
  // x_j = Re y_j.
  const slot: usize = even ? 16 : 32;
  const from = y + <usize>skip * slot;
  if (active == lanes) {
    if (even) transposeOutNegOdd<T>(from, row0, rowStride, width, skip & 1);
    else transposeOut<T>(from, slot, row0, rowStride, width);
    return;
  }
  for (let l = 0; l < active; l++) {
    const row = row0 + <usize>l * rowStride;
    const lane = <usize>l * size;
    for (let j = 0; j < width; j++) {
      const v = load<T>(from + <usize>j * slot + lane);
      store<T>(row + <usize>j * size, even && ((skip + j) & 1) ? -v : v);
    }
  }
}

/**
 * Forward real FFT of row groups: the spectrum of source row r (the first `width`
 * values, zero beyond) is written to spectrum row r. Both sides are blocks of `rows`
 * rows, block o at (o % n0) * stride0 + (o / n0) * stride1 from data, resp. at
 * (o % n0) * srcStride0 + (o / n0) * srcStride1 from src; see groupRow0 for the work
 * units [first, first + count). src may equal data (with the same strides): in place.
 */
export function rfftRows<T>(
  plan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32,
  n0: i32, stride0: usize, stride1: usize,
  src: usize, srcRowStride: usize, srcStride0: usize, srcStride1: usize, width: i32,
  first: i32, count: i32, scratch: usize,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const size = <usize>sizeof<T>();
  const m = load<i32>(plan, 12) >> 1;
  const bufA = scratch, bufB = scratch + (<usize>(load<i32>(plan) + 1) << 5);
  const perBlock = (rows + lanes - 1) / lanes;
  for (let t = first; t < first + count; t++) {
    const active = min(lanes, rows - (t % perBlock) * lanes);
    const row0 = groupRow0(data, rowStride, lanes, perBlock, n0, stride0, stride1, t);
    const in0 = groupRow0(src, srcRowStride, lanes, perBlock, n0, srcStride0, srcStride1, t);
    const x = forwardGroup<T>(plan, in0, srcRowStride, active, width, bufA, bufB);
    if (active == lanes) {
      transposeOut<T>(x, 32, row0, rowStride, m + 1);
      transposeOut<T>(x + 16, 32, row0 + imOffset, rowStride, m + 1);
      continue;
    }
    for (let l = 0; l < active; l++) {
      const row = row0 + <usize>l * rowStride;
      const lane = <usize>l * size;
      for (let k = 0; k <= m; k++) {
        const e = x + (<usize>k << 5) + lane;
        store<T>(row + <usize>k * size, load<T>(e));
        store<T>(row + imOffset + <usize>k * size, load<T>(e + 16));
      }
    }
  }
}

/**
 * Inverse real FFT of row groups (blocks and units as in rfftRows): the half spectrum
 * in row r gives n times its real inverse, of which elements [skip, skip + width) are
 * written to destination row r (dst, dstRowStride, dstStride0, dstStride1). dst may
 * equal data (same strides, skip = 0): in place. The imaginary parts of the DC and
 * (even n) Nyquist terms are ignored, as in pocketfft.
 */
export function irfftRows<T>(
  plan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32,
  n0: i32, stride0: usize, stride1: usize,
  dst: usize, dstRowStride: usize, dstStride0: usize, dstStride1: usize, skip: i32, width: i32,
  first: i32, count: i32, scratch: usize,
): void {
  const lanes = 16 / <i32>sizeof<T>();
  const size = <usize>sizeof<T>();
  const m = load<i32>(plan, 12) >> 1;
  const bufA = scratch, bufB = scratch + (<usize>(load<i32>(plan) + 1) << 5);
  const perBlock = (rows + lanes - 1) / lanes;
  for (let t = first; t < first + count; t++) {
    const active = min(lanes, rows - (t % perBlock) * lanes);
    const row0 = groupRow0(data, rowStride, lanes, perBlock, n0, stride0, stride1, t);
    const out0 = groupRow0(dst, dstRowStride, lanes, perBlock, n0, dstStride0, dstStride1, t);
    if (active == lanes) {
      transposeIn<T>(bufA, 32, row0, rowStride, m + 1);
      transposeIn<T>(bufA + 16, 32, row0 + imOffset, rowStride, m + 1);
    } else {
      clearIfPartial(bufA, m + 1, active, lanes);
      for (let l = 0; l < active; l++) {
        const row = row0 + <usize>l * rowStride;
        const lane = <usize>l * size;
        for (let k = 0; k <= m; k++) {
          const e = bufA + (<usize>k << 5) + lane;
          store<T>(e, load<T>(row + <usize>k * size));
          store<T>(e + 16, load<T>(row + imOffset + <usize>k * size));
        }
      }
    }
    inverseGroup<T>(plan, bufA, bufB, out0, dstRowStride, active, skip, width);
  }
}

/**
 * First row of work unit t of the row kernels. The rows form blocks of `rows` rows
 * (rowStride apart); block o sits at data + (o % n0) * stride0 + (o / n0) * stride1
 * (two outer levels, e.g. an axis of the item and the items). A unit is one group of
 * `lanes` rows of a block (the last group of a block may be partial): unit t is group
 * t % perBlock of block t / perBlock. Units never change with the split of a range,
 * so any split over threads computes the same values.
 */
// @ts-ignore: decorator
@inline
function groupRow0(data: usize, rowStride: usize, lanes: i32, perBlock: i32, n0: i32, stride0: usize, stride1: usize, t: i32): usize {
  const o = t / perBlock, g = t % perBlock;
  return data + <usize>(o % n0) * stride0 + <usize>(o / n0) * stride1 + <usize>(g * lanes) * rowStride;
}

/**
 * Circular convolution (length n) of real rows with one kernel, forward FFT, product
 * with the kernel's half spectrum times `scale` and inverse FFT fused per lane group,
 * without storing the spectra. Row r (r < rows) is read from src + r * srcRowStride
 * (its first srcWidth <= n values, zero beyond) and elements [skip, skip + width) of
 * its result are written to dst + r * dstRowStride. Rows may overlap in src
 * (overlap-save segments of one signal); src and dst may be the same rows when every
 * row is read whole before it is written (same stride, skip = 0). `kernel` holds the
 * spectrum's real parts, kernel + kernelIm its imaginary parts. Several lines of
 * `rows` rows each may be given, line l at src + l * srcLine and dst + l * dstLine.
 * Work units are lane groups of one line: unit t is group t % perLine (rows g * lanes
 * ...) of line t / perLine, so a split never changes which rows share a group.
 * `scratch` holds two lane buffers of nc + 1 elements.
 */
export function convolveSegments<T>(
  plan: usize, src: usize, dst: usize, srcRowStride: usize, dstRowStride: usize, rows: i32,
  kernel: usize, kernelIm: usize, scale: T, srcWidth: i32, skip: i32, width: i32,
  srcLine: usize, dstLine: usize, first: i32, count: i32, scratch: usize,
): void {
  const size = <usize>sizeof<T>();
  const lanes = 16 / <i32>sizeof<T>();
  const m = load<i32>(plan, 12) >> 1;
  const even = (load<i32>(plan, 12) & 1) == 0;
  const bufA = scratch, bufB = scratch + (<usize>(load<i32>(plan) + 1) << 5);
  const perLine = (rows + lanes - 1) / lanes;
  for (let t = first; t < first + count; t++) {
    const line = <usize>(t / perLine);
    const r0 = (t % perLine) * lanes;
    const active = min(lanes, rows - r0);
    const from = src + line * srcLine + <usize>r0 * srcRowStride, to = dst + line * dstLine + <usize>r0 * dstRowStride;
    if (even) {
      const z = forwardComplex<T>(plan, from, srcRowStride, active, srcWidth, bufA, bufB);
      const q = z == bufA ? bufB : bufA;
      splitMultiplyMerge<T>(plan, z, q, kernel, kernelIm, scale);
      inverseTail<T>(plan, q, z, to, dstRowStride, active, skip, width);
      continue;
    }
    const x = forwardGroup<T>(plan, from, srcRowStride, active, srcWidth, bufA, bufB);
    for (let k = 0; k <= m; k++) {
      const e = x + (<usize>k << 5);
      const kr = v128.splat<T>(load<T>(kernel + <usize>k * size) * scale);
      const ki = v128.splat<T>(load<T>(kernel + kernelIm + <usize>k * size) * scale);
      const xr = v128.load(e), xi = v128.load(e, 16);
      v128.store(e, v128.sub<T>(v128.mul<T>(xr, kr), v128.mul<T>(xi, ki)));
      v128.store(e, v128.add<T>(v128.mul<T>(xr, ki), v128.mul<T>(xi, kr)), 16);
    }
    inverseGroup<T>(plan, x, x == bufA ? bufB : bufA, to, dstRowStride, active, skip, width);
  }
}

/**
 * Even n, between the forward and inverse complex FFTs of convolveSegments in one loop:
 * the real spectrum X (split from Z, the FFT of the packed rows in z), its product
 * Y = X K scale with the kernel's half spectrum, and the merged, conjugated input of the
 * inverse (inverseGroup's first loop) written to q. Pairs k and nc - k are done
 * together: X_k = E + w^k O and X_(nc-k) = conj(E - w^k O) share E, O and w^k O, and
 * the merge of index k reads Y_k and Y_(nc-k), as does that of nc - k. Saves two
 * passes over the lane buffers (a large part of the time for long segments).
 */
// @ts-ignore: decorator
@inline
function splitMultiplyMerge<T>(plan: usize, z: usize, q: usize, kernel: usize, kernelIm: usize, scale: T): void {
  const size = <usize>sizeof<T>();
  const nc = load<i32>(plan);
  const realTw = plan + <usize>load<i32>(plan, 8);
  const half = v128.splat<T>(<T>0.5);
  // k = 0: X_0 = Re Z_0 + Im Z_0 and X_nc = Re Z_0 - Im Z_0 (real; imaginary parts of
  // DC and Nyquist are dropped, as in inverseGroup), so q_0 = (Y_0 + Y_nc, -(Y_0 - Y_nc)).
  {
    const z0r = v128.load(z), z0i = v128.load(z, 16);
    const y0 = v128.mul<T>(v128.add<T>(z0r, z0i), v128.splat<T>(load<T>(kernel) * scale));
    const yn = v128.mul<T>(v128.sub<T>(z0r, z0i), v128.splat<T>(load<T>(kernel + <usize>nc * size) * scale));
    v128.store(q, v128.add<T>(y0, yn));
    v128.store(q, v128.sub<T>(yn, y0), 16);
  }
  for (let k = 1; k <= nc >> 1; k++) {
    const k2 = nc - k;
    const a = z + (<usize>k << 5), b = z + (<usize>k2 << 5);
    const ar = v128.load(a), ai = v128.load(a, 16);
    const br = v128.load(b), bi = v128.load(b, 16);
    const w = realTw + <usize>k * twiddleBytes<T>();
    const wr = loadTwRe<T>(w), wi = loadTwIm<T>(w);
    // E = ((ar + br) / 2, (ai - bi) / 2), O = ((ai + bi) / 2, (br - ar) / 2), P = w^k O.
    const er = v128.mul<T>(v128.add<T>(ar, br), half), ei = v128.mul<T>(v128.sub<T>(ai, bi), half);
    const or = v128.mul<T>(v128.add<T>(ai, bi), half), oi = v128.mul<T>(v128.sub<T>(br, ar), half);
    const pr = v128.sub<T>(v128.mul<T>(or, wr), v128.mul<T>(oi, wi));
    const pi = v128.add<T>(v128.mul<T>(or, wi), v128.mul<T>(oi, wr));
    // X_k = E + P, X_k2 = conj(E - P); Y = X K scale.
    const xr = v128.add<T>(er, pr), xi = v128.add<T>(ei, pi);
    const x2r = v128.sub<T>(er, pr), x2i = v128.sub<T>(pi, ei);
    const kr = v128.splat<T>(load<T>(kernel + <usize>k * size) * scale);
    const ki = v128.splat<T>(load<T>(kernel + kernelIm + <usize>k * size) * scale);
    const k2r = v128.splat<T>(load<T>(kernel + <usize>k2 * size) * scale);
    const k2i = v128.splat<T>(load<T>(kernel + kernelIm + <usize>k2 * size) * scale);
    const yr = v128.sub<T>(v128.mul<T>(xr, kr), v128.mul<T>(xi, ki));
    const yi = v128.add<T>(v128.mul<T>(xr, ki), v128.mul<T>(xi, kr));
    const y2r = v128.sub<T>(v128.mul<T>(x2r, k2r), v128.mul<T>(x2i, k2i));
    const y2i = v128.add<T>(v128.mul<T>(x2r, k2i), v128.mul<T>(x2i, k2r));
    // Merge of index k from (Y_k, Y_k2) with w^k; index k2 uses w^k2 = -conj(w^k), which
    // flips the signs shown.
    const sr = v128.add<T>(yr, y2r), si = v128.sub<T>(yi, y2i);
    const dr = v128.sub<T>(yr, y2r), di = v128.add<T>(yi, y2i);
    const mr = v128.add<T>(v128.mul<T>(dr, wr), v128.mul<T>(di, wi));
    const mi = v128.sub<T>(v128.mul<T>(di, wr), v128.mul<T>(dr, wi));
    const qk = q + (<usize>k << 5);
    v128.store(qk, v128.sub<T>(sr, mi));
    v128.store(qk, v128.neg<T>(v128.add<T>(si, mr)), 16);
    if (k2 != k) {
      const qk2 = q + (<usize>k2 << 5);
      v128.store(qk2, v128.add<T>(sr, mi));
      v128.store(qk2, v128.sub<T>(si, mr), 16);
    }
  }
}
