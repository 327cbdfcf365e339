// Register-blocked "valid" cross-correlation over rows: the kernel behind method 'direct'
// for every rank and both batch layouts.
//
// One work unit is one output row of one item. For output row y of an item:
//   out[y, j] = sum_{p < planes} sum_{ky < kh} sum_{kx < kw}
//               w[p, ky, kx] * in[planeOffset[p] + (y + ky) * inRow + j + kx * dilation]
// for j < width. This one form covers:
// - 1-D/2-D/3-D and higher ranks: the last two convolved axes are (rows, columns); every
//   further convolved axis is folded into the list of `planes` (kernel positions over
//   the outer axes with their input offsets), so no pass accumulates into memory;
// - batch outermost, e.g. (N, S, S): one item per image, dilation 1;
// - batch innermost, e.g. (S, S, N): a row is the flattened (x, n) pair, dilation N, so
//   contiguous SIMD lanes are different images and no transpose is needed.
//
// Preconditions (checked by the TypeScript caller, not here):
// - element type T (f32 or f64); every address is a byte address into this memory;
// - `desc` points at DESC_WORDS i32 (layout below); `table` holds 3 u32 per item:
//   input address (row 0 of plane offset 0), weight address, output address;
// - weights are pre-splatted: one v128 per tap, all lanes equal, ordered [p][ky][kx];
//   flipped already when the caller wants a convolution;
// - every input element the formula reads exists (the caller packs a padded copy);
// - outputs are written, never read: the caller need not clear them;
// - work units [first, first + count) are rows in item-major order (unit = item * oh + y),
//   so a worker pool can split one call by rows;
// - a nonzero `ready` word (descriptor) means the input is still being copied in, in
//   order from `inBase`: a unit waits until `ready` (bytes in so far) covers every input
//   byte it reads. The caller stores 0xFFFFFFFF there when the copy ends or fails.
// Blocking: two output rows x four vectors (8 accumulators). The two rows share every
// input load (input row y + r feeds row y with weight row r and row y + 1 with r - 1),
// so each input vector feeds two multiply-adds. A column tail shorter than a block is
// recomputed by one overlapping block when the row is at least a block wide (same
// values, same summation order), otherwise by single vectors and scalars.
import { madd } from './simd';
import { awaitBytes } from '../threads/feed';

// Descriptor word indices (i32 each).
const D_TABLE = 0;
const D_OH = 1;
const D_WIDTH = 2;
const D_PLANES = 3;
const D_PLANE_OFFSETS = 4;
const D_KH = 5;
const D_KW = 6;
const D_IN_ROW = 7;
const D_DILATION = 8;
const D_OUT_ROW = 9;
const D_READY = 10;
const D_IN_BASE = 11;
const D_UNITS = 12;

// Geometry of the current call, read once from the descriptor. Module globals (one set
// per instance, so per worker) rather than an object: the stub runtime never frees.
let gOh: i32 = 0;
let gWidth: i32 = 0;
let gPlanes: i32 = 0;
let gPlaneOffsets: usize = 0;
let gKh: i32 = 0;
let gKw: i32 = 0;
let gInRow: usize = 0;
let gDilation: usize = 0;
let gOutRow: usize = 0;
let gReady: usize = 0;
let gInBase: usize = 0;
/** Largest plane offset (bytes): bounds, with the rows, the input a unit reads. */
let gPlaneMax: usize = 0;
/** Input bytes known to be in (the last value read from `ready`). */
let gFedBytes: usize = 0;

// @ts-ignore: decorator
@inline
function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + <usize>index * 4);
}

function readGeometry(desc: usize): void {
  gOh = word(desc, D_OH);
  gWidth = word(desc, D_WIDTH);
  gPlanes = word(desc, D_PLANES);
  gPlaneOffsets = <usize>word(desc, D_PLANE_OFFSETS);
  gKh = word(desc, D_KH);
  gKw = word(desc, D_KW);
  gInRow = <usize>word(desc, D_IN_ROW);
  gDilation = <usize>word(desc, D_DILATION);
  gOutRow = <usize>word(desc, D_OUT_ROW);
  gReady = <usize>word(desc, D_READY);
  gInBase = <usize>word(desc, D_IN_BASE);
  gFedBytes = 0;
  gPlaneMax = 0;
  if (gReady != 0) {
    for (let p = 0; p < gPlanes; p++) gPlaneMax = max(gPlaneMax, <usize>max(0, load<i32>(gPlaneOffsets + <usize>p * 4)));
  }
}

/**
 * Waits until the input that `rowCount` output rows starting at input address `inp`
 * read has been copied in (see ../threads/feed.ts): kh + rowCount - 1 input rows, the
 * last one up to its last tap.
 */
// @ts-ignore: decorator
@inline
function awaitInput<T>(inp: usize, rowCount: i32): void {
  if (gReady == 0) return;
  const lastRowBytes = <usize>gWidth * sizeof<T>() + <usize>(gKw - 1) * gDilation;
  const need = inp - gInBase + gPlaneMax + <usize>(gKh + rowCount - 2) * gInRow + lastRowBytes;
  if (need > gFedBytes) gFedBytes = awaitBytes(gReady, need);
}

/** Two output rows (out, out + outRow) x four vectors starting at byte column `col`. */
// @ts-ignore: decorator
@inline
function pairBlock<T>(inp: usize, w: usize, out: usize, col: usize): void {
  let a0 = v128.splat<T>(<T>0), a1 = a0, a2 = a0, a3 = a0;
  let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  const kw = gKw, kh = gKh, dil = gDilation, inRow = gInRow, planes = gPlanes, offsets = gPlaneOffsets;
  const wRow = <usize>kw * 16;
  // Loops walk pointers (no index arithmetic inside): kw >= 1 and kh >= 1 always.
  for (let p = 0; p < planes; p++) {
    const pin = inp + <usize>load<i32>(offsets + <usize>p * 4) + col;
    const wp = w + <usize>p * <usize>kh * wRow;
    // Input row 0 feeds only output row 0 (weight row 0).
    let s = pin, u = wp, end = wp + wRow;
    do {
      const wv = v128.load(u);
      a0 = madd<T>(wv, v128.load(s), a0);
      a1 = madd<T>(wv, v128.load(s, 16), a1);
      a2 = madd<T>(wv, v128.load(s, 32), a2);
      a3 = madd<T>(wv, v128.load(s, 48), a3);
      s += dil; u += 16;
    } while (u < end);
    // Input rows 1..kh-1 feed both output rows: weight row r (u) and r - 1 (v). With
    // one tap per row (1-D with the batch innermost runs down the rows, see
    // src/plan/direct-layout.ts) the taps of all those rows form one loop.
    const step = kw == 1 ? inRow : dil;
    const rowLoops = kw == 1 ? min(kh - 1, 1) : kh - 1;
    const span = kw == 1 ? <usize>(kh - 1) * 16 : wRow;
    for (let r = 0; r < rowLoops; r++) {
      s = pin + <usize>(r + 1) * inRow;
      let v = wp + <usize>r * wRow;
      end = v + span;
      do {
        const wu = v128.load(v, 0), wv = v128.load(v + wRow);
        let x = v128.load(s);
        a0 = madd<T>(wv, x, a0); b0 = madd<T>(wu, x, b0);
        x = v128.load(s, 16);
        a1 = madd<T>(wv, x, a1); b1 = madd<T>(wu, x, b1);
        x = v128.load(s, 32);
        a2 = madd<T>(wv, x, a2); b2 = madd<T>(wu, x, b2);
        x = v128.load(s, 48);
        a3 = madd<T>(wv, x, a3); b3 = madd<T>(wu, x, b3);
        s += step; v += 16;
      } while (v < end);
    }
    // Input row kh feeds only output row 1 (weight row kh - 1).
    s = pin + <usize>kh * inRow;
    u = wp + <usize>(kh - 1) * wRow;
    end = u + wRow;
    do {
      const wv = v128.load(u);
      b0 = madd<T>(wv, v128.load(s), b0);
      b1 = madd<T>(wv, v128.load(s, 16), b1);
      b2 = madd<T>(wv, v128.load(s, 32), b2);
      b3 = madd<T>(wv, v128.load(s, 48), b3);
      s += dil; u += 16;
    } while (u < end);
  }
  const o = out + col;
  v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  const o1 = o + gOutRow;
  v128.store(o1, b0); v128.store(o1, b1, 16); v128.store(o1, b2, 32); v128.store(o1, b3, 48);
}

/** One output row x four vectors starting at byte column `col`. */
// @ts-ignore: decorator
@inline
function rowBlock<T>(inp: usize, w: usize, out: usize, col: usize): void {
  let a0 = v128.splat<T>(<T>0), a1 = a0, a2 = a0, a3 = a0;
  const kw = gKw, kh = gKh, dil = gDilation, inRow = gInRow, planes = gPlanes, offsets = gPlaneOffsets;
  for (let p = 0; p < planes; p++) {
    const pin = inp + <usize>load<i32>(offsets + <usize>p * 4) + col;
    let wp = w + <usize>(p * kh * kw) * 16;
    for (let r = 0; r < kh; r++) {
      let s = pin + <usize>r * inRow;
      const end = wp + <usize>kw * 16;
      do {
        const wv = v128.load(wp);
        a0 = madd<T>(wv, v128.load(s), a0);
        a1 = madd<T>(wv, v128.load(s, 16), a1);
        a2 = madd<T>(wv, v128.load(s, 32), a2);
        a3 = madd<T>(wv, v128.load(s, 48), a3);
        s += dil; wp += 16;
      } while (wp < end);
    }
  }
  const o = out + col;
  v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
}

/** One output row x one vector at byte column `col`. */
// @ts-ignore: decorator
@inline
function rowVector<T>(inp: usize, w: usize, out: usize, col: usize): void {
  let a0 = v128.splat<T>(<T>0);
  const kw = gKw, kh = gKh, dil = gDilation, inRow = gInRow, planes = gPlanes, offsets = gPlaneOffsets;
  for (let p = 0; p < planes; p++) {
    const pin = inp + <usize>load<i32>(offsets + <usize>p * 4) + col;
    let wp = w + <usize>(p * kh * kw) * 16;
    for (let r = 0; r < kh; r++) {
      const row = pin + <usize>r * inRow;
      for (let kx = 0; kx < kw; kx++) {
        a0 = madd<T>(v128.load(wp), v128.load(row + <usize>kx * dil), a0);
        wp += 16;
      }
    }
  }
  v128.store(out + col, a0);
}

/** One output element at byte column `col` (lane 0 of each pre-splatted weight). */
// @ts-ignore: decorator
@inline
function rowScalar<T>(inp: usize, w: usize, out: usize, col: usize): void {
  let acc = <T>0;
  const kw = gKw, kh = gKh, dil = gDilation, inRow = gInRow, planes = gPlanes, offsets = gPlaneOffsets;
  for (let p = 0; p < planes; p++) {
    const pin = inp + <usize>load<i32>(offsets + <usize>p * 4) + col;
    let wp = w + <usize>(p * kh * kw) * 16;
    for (let r = 0; r < kh; r++) {
      const row = pin + <usize>r * inRow;
      for (let kx = 0; kx < kw; kx++) {
        acc += load<T>(wp) * load<T>(row + <usize>kx * dil);
        wp += 16;
      }
    }
  }
  store<T>(out + col, acc);
}

/** A whole output row (or two) of one item: blocks, then the column tail. */
// @ts-ignore: decorator
@inline
function rows<T>(inp: usize, w: usize, out: usize, pair: bool): void {
  const size = <usize>sizeof<T>();
  const lanes = <usize>16 / size;
  const block = lanes * 4;
  const width = <usize>gWidth;
  let x: usize = 0;
  for (; x + block <= width; x += block) {
    if (pair) pairBlock<T>(inp, w, out, x * size);
    else rowBlock<T>(inp, w, out, x * size);
  }
  if (x == width) return;
  if (width >= block) {
    // Overlapping last block: recomputes a few outputs with identical arithmetic.
    if (pair) pairBlock<T>(inp, w, out, (width - block) * size);
    else rowBlock<T>(inp, w, out, (width - block) * size);
    return;
  }
  const second = pair ? 2 : 1;
  for (let r = 0; r < second; r++) {
    const ri = inp + <usize>r * gInRow, ro = out + <usize>r * gOutRow;
    let c = x;
    for (; c + lanes <= width; c += lanes) rowVector<T>(ri, w, ro, c * size);
    for (; c < width; c++) rowScalar<T>(ri, w, ro, c * size);
  }
}

// @ts-ignore: decorator
@inline
function correlateRows<T>(desc: usize, first: i32, count: i32): void {
  readGeometry(desc);
  const table = <usize>word(desc, D_TABLE);
  const oh = gOh;
  const end = first + count;
  let u = first;
  while (u < end) {
    const item = u / oh, y = u - item * oh;
    const t = table + <usize>item * 12;
    const inp = <usize>load<u32>(t) + <usize>y * gInRow;
    const w = <usize>load<u32>(t, 4);
    const out = <usize>load<u32>(t, 8) + <usize>y * gOutRow;
    const pair = y + 1 < oh && u + 1 < end;
    awaitInput<T>(inp, pair ? 2 : 1);
    rows<T>(inp, w, out, pair);
    u += pair ? 2 : 1;
  }
}

/** Scalar twin of correlateRows: same descriptor and work units, one element at a time. */
// @ts-ignore: decorator
@inline
function correlateRowsScalar<T>(desc: usize, first: i32, count: i32): void {
  readGeometry(desc);
  const table = <usize>word(desc, D_TABLE);
  const size = <usize>sizeof<T>();
  for (let u = first; u < first + count; u++) {
    const item = u / gOh, y = u - item * gOh;
    const t = table + <usize>item * 12;
    const inp = <usize>load<u32>(t) + <usize>y * gInRow;
    const w = <usize>load<u32>(t, 4);
    const out = <usize>load<u32>(t, 8) + <usize>y * gOutRow;
    awaitInput<T>(inp, 1);
    for (let x = 0; x < gWidth; x++) rowScalar<T>(inp, w, out, <usize>x * size);
  }
}

// The SIMD entry points fall back to the scalar twin in the build without SIMD (for
// runtimes that lack it); ASC_FEATURE_SIMD is a compile-time constant, so each build
// contains one body only.
export function correlateRowsF64(desc: usize, first: i32, count: i32): void {
  if (ASC_FEATURE_SIMD) correlateRows<f64>(desc, first, count);
  else correlateRowsScalar<f64>(desc, first, count);
}

export function correlateRowsF32(desc: usize, first: i32, count: i32): void {
  if (ASC_FEATURE_SIMD) correlateRows<f32>(desc, first, count);
  else correlateRowsScalar<f32>(desc, first, count);
}

/**
 * The same over row pairs: pair p is units 2p and 2p + 1 (the last pair may hold one
 * unit of the descriptor's `units`), so a worker pool that splits pairs never cuts
 * between the two rows of a register block.
 */
export function correlatePairsF64(desc: usize, firstPair: i32, pairCount: i32): void {
  const first = firstPair * 2, count = min(pairCount * 2, word(desc, D_UNITS) - first);
  correlateRowsF64(desc, first, count);
}

export function correlatePairsF32(desc: usize, firstPair: i32, pairCount: i32): void {
  const first = firstPair * 2, count = min(pairCount * 2, word(desc, D_UNITS) - first);
  correlateRowsF32(desc, first, count);
}

export function correlateRowsScalarF64(desc: usize, first: i32, count: i32): void {
  correlateRowsScalar<f64>(desc, first, count);
}

export function correlateRowsScalarF32(desc: usize, first: i32, count: i32): void {
  correlateRowsScalar<f32>(desc, first, count);
}
