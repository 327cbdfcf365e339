// 1-D filter passes along one axis of a dense f64 array, SciPy's correlate1d and
// uniform_filter1d. The axis is read through an index map (built by the boundary
// module in TypeScript): padded position p of a line reads element map[p], or the
// fill value when map[p] < 0. Output position i covers padded positions i .. i+k-1.
//
// Two layouts:
// - "slab": the axis is not the last one. The array is (outer, nIn, inner) with
//   inner > 1 contiguous; every output row of `inner` elements is computed from k input
//   rows found through the map, vectorised along the row. No copies.
// - "lines": the axis is the last one (inner = 1). Blocks of 8 lines are gathered
//   through the map into a transposed scratch block (padded positions x 8 lanes), run
//   through the same row kernels with width 8, and scattered back.
//
// Preconditions (checked by the TypeScript caller): every pointer is 8-byte aligned
// and its buffer large enough; map has nOut + k - 1 entries with values < nIn;
// cvalRow holds at least `inner` copies of the fill value; `scratch` is private to the
// caller (one per worker) and holds scratchBytes(...) bytes. Work items [first,
// first + count) are independent, so workers can split one call.
import { correlateRow, divideRow, slideRow, sumRows } from './rows';

const LANES: i32 = 8;
/** Columns per work item of the uniform slab pass (its running sums live in scratch). */
const CHUNK: i32 = 256;

// @ts-ignore: decorator
@inline
function mapAt(map: usize, p: i32): i32 {
  return load<i32>(map + (<usize>p << 2));
}

// @ts-ignore: decorator
@inline
function slabRow(base: usize, rowBytes: usize, map: usize, p: i32, cvalRow: usize): usize {
  const m = mapAt(map, p);
  return m >= 0 ? base + <usize>m * rowBytes : cvalRow;
}

/** Items: o * nOut + i (outer index o, output row i). */
export function correlate1dSlabF64(
  src: usize, dst: usize, nIn: i32, nOut: i32, inner: i32,
  w: usize, k: i32, symmetry: i32, map: usize, cvalRow: usize, scratch: usize,
  first: i32, count: i32,
): void {
  const rowBytes = <usize>inner << 3;
  for (let item = first; item < first + count; item++) {
    const o = item / nOut, i = item % nOut;
    const base = src + <usize>o * <usize>nIn * rowBytes;
    for (let t = 0; t < k; t++) store<u32>(scratch + (<usize>t << 2), <u32>slabRow(base, rowBytes, map, i + t, cvalRow));
    correlateRow(scratch, w, k, symmetry, inner, dst + <usize>item * rowBytes);
  }
}

/** Items: o * chunks + c, where chunks = ceil(inner / 256) column chunks. */
export function uniform1dSlabF64(
  src: usize, dst: usize, nIn: i32, nOut: i32, inner: i32,
  size: i32, map: usize, cvalRow: usize, scratch: usize,
  first: i32, count: i32,
): void {
  const rowBytes = <usize>inner << 3;
  const chunks = (inner + CHUNK - 1) / CHUNK;
  const sum = scratch, ptrs = scratch + (<usize>CHUNK << 3);
  const fsize = <f64>size;
  for (let item = first; item < first + count; item++) {
    const o = item / chunks, x0 = (item % chunks) * CHUNK;
    const width = min(CHUNK, inner - x0);
    const colBytes = <usize>x0 << 3;
    const base = src + <usize>o * <usize>nIn * rowBytes + colBytes;
    const cv = cvalRow + colBytes;
    const out = dst + <usize>o * <usize>nOut * rowBytes + colBytes;
    for (let t = 0; t < size; t++) store<u32>(ptrs + (<usize>t << 2), <u32>slabRow(base, rowBytes, map, t, cv));
    sumRows(ptrs, size, width, sum);
    divideRow(sum, fsize, width, out);
    for (let i = 1; i < nOut; i++) {
      const add = slabRow(base, rowBytes, map, i + size - 1, cv);
      const sub = slabRow(base, rowBytes, map, i - 1, cv);
      slideRow(sum, add, sub, fsize, width, out + <usize>i * rowBytes);
    }
  }
}

/** Gathers lines l0 .. l0+L-1 through the map into ext[p * 8 + lane]; unused lanes are 0. */
// @ts-ignore: decorator
@inline
function gatherLines(src: usize, nIn: i32, l0: i32, L: i32, map: usize, padded: i32, cval: f64, ext: usize): void {
  const lineBytes = <usize>nIn << 3;
  const first = src + <usize>l0 * lineBytes;
  for (let p = 0; p < padded; p++) {
    const m = mapAt(map, p);
    const e = ext + (<usize>p << 6);
    if (m < 0) {
      for (let l = 0; l < LANES; l++) store<f64>(e + (<usize>l << 3), l < L ? cval : 0);
    } else {
      const s = first + (<usize>m << 3);
      for (let l = 0; l < L; l++) store<f64>(e + (<usize>l << 3), load<f64>(s + <usize>l * lineBytes));
      for (let l = L; l < LANES; l++) store<f64>(e + (<usize>l << 3), 0);
    }
  }
}

/** Writes lanes 0 .. L-1 of blk[i * 8 + lane] to lines l0 + lane of dst. */
// @ts-ignore: decorator
@inline
function scatterLines(blk: usize, nOut: i32, l0: i32, L: i32, dst: usize): void {
  const lineBytes = <usize>nOut << 3;
  for (let l = 0; l < L; l++) {
    const d = dst + <usize>(l0 + l) * lineBytes;
    const s = blk + (<usize>l << 3);
    for (let i = 0; i < nOut; i++) store<f64>(d + (<usize>i << 3), load<f64>(s + (<usize>i << 6)));
  }
}

/** Bytes of scratch the lines passes need. */
export function linesScratchBytes(nOut: i32, k: i32): i32 {
  return ((k * 4 + 63) & ~63) + (nOut + k - 1) * 64 + nOut * 64 + 64;
}

/** Items: blocks of 8 lines (the last block may be shorter). */
export function correlate1dLinesF64(
  src: usize, dst: usize, lines: i32, nIn: i32, nOut: i32,
  w: usize, k: i32, symmetry: i32, map: usize, cval: f64, scratch: usize,
  first: i32, count: i32,
): void {
  const ptrs = scratch;
  const ext = scratch + <usize>((k * 4 + 63) & ~63);
  const blk = ext + (<usize>(nOut + k - 1) << 6);
  for (let b = first; b < first + count; b++) {
    const l0 = b * LANES, L = min(LANES, lines - l0);
    gatherLines(src, nIn, l0, L, map, nOut + k - 1, cval, ext);
    for (let i = 0; i < nOut; i++) {
      for (let t = 0; t < k; t++) store<u32>(ptrs + (<usize>t << 2), <u32>(ext + (<usize>(i + t) << 6)));
      correlateRow(ptrs, w, k, symmetry, LANES, blk + (<usize>i << 6));
    }
    scatterLines(blk, nOut, l0, L, dst);
  }
}

/** Items: blocks of 8 lines (the last block may be shorter). */
export function uniform1dLinesF64(
  src: usize, dst: usize, lines: i32, nIn: i32, nOut: i32,
  size: i32, map: usize, cval: f64, scratch: usize,
  first: i32, count: i32,
): void {
  const ptrs = scratch;
  const ext = scratch + <usize>((size * 4 + 63) & ~63);
  const blk = ext + (<usize>(nOut + size - 1) << 6);
  const sum = blk + (<usize>nOut << 6);
  const fsize = <f64>size;
  for (let b = first; b < first + count; b++) {
    const l0 = b * LANES, L = min(LANES, lines - l0);
    gatherLines(src, nIn, l0, L, map, nOut + size - 1, cval, ext);
    for (let t = 0; t < size; t++) store<u32>(ptrs + (<usize>t << 2), <u32>(ext + (<usize>t << 6)));
    sumRows(ptrs, size, LANES, sum);
    divideRow(sum, fsize, LANES, blk);
    for (let i = 1; i < nOut; i++) {
      slideRow(sum, ext + (<usize>(i + size - 1) << 6), ext + (<usize>(i - 1) << 6), fsize, LANES, blk + (<usize>i << 6));
    }
    scatterLines(blk, nOut, l0, L, dst);
  }
}

/** Rounds n f64 values to the nearest f32 in place (SciPy keeps float32 intermediates). */
export function roundToF32(ptr: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const p = ptr + (<usize>i << 3);
    v128.store(p, f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v128.load(p))));
  }
  for (; i < n; i++) {
    const p = ptr + (<usize>i << 3);
    store<f64>(p, <f64><f32>load<f64>(p));
  }
}
