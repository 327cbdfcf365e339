// uniform_filter1d along a slab axis (rows of `inner` elements, inner > 1) followed by
// uniform_filter1d along the rows themselves (the last axis), fused row by row: the
// first pass's output row never goes to memory. Two rows at a time: the slab step for
// rows i and i+1 is interleaved into one line of (row i, row i+1) pairs, so that the
// second pass runs both rows' running sums in one f64x2 (each lane does SciPy's scalar
// arithmetic, operation for operation, as uniform1dSlabF64 and uniform1dLinesF64 do).
//
// The slab pass's running sum is sequential down the axis, so a work item that starts
// at row r0 > 0 first replays the sum's steps 1 .. r0 (additions only): every row's sum
// is then the one SciPy computes, whatever the split into items.
//
// Work items: o * bands + (bands - 1 - b): slab o, band b of rows (see bandStart), last band first.
// Preconditions as in passes.ts: map has nOut + size - 1 entries and then `first`;
// map2 has nOut2 + size2 - 1 entries (values < inner) and then `first2`; cvalRow holds
// `inner` copies of the slab pass's fill value; scratch is private to the caller
// (uniformFusedScratchBytes) and 16-byte aligned.
import { runningMeanLine } from './rows';
import { store2x2 } from '../fft/lane-transpose';
import { awaitBytes } from '../threads/feed';

// @ts-ignore: decorator
@inline
function mapAt(map: usize, p: i32): i32 {
  return load<i32>(map + (<usize>p << 2));
}

/** Input bytes this thread has seen copied in so far (module globals are per thread). */
let fedBytes: usize = 0;

/**
 * Address of the input row at padded position p of slab `base` (or the fill row),
 * once it has been copied in: `slabRow0` is the slab's first row counted from src.
 */
// @ts-ignore: decorator
@inline
function rowOf(base: usize, rowBytes: usize, map: usize, p: i32, cvalRow: usize, ready: usize, slabRow0: i32): usize {
  const m = mapAt(map, p);
  if (m < 0) return cvalRow;
  const need = <usize>(slabRow0 + m + 1) * rowBytes;
  if (need > fedBytes) fedBytes = awaitBytes(ready, need);
  return base + <usize>m * rowBytes;
}

/** Pairs before column 0 and after column inner - 1 that the second pass's window reaches. */
// @ts-ignore: decorator
@inline
function marginBefore(first2: i32): i32 {
  return max(0, -first2);
}

/** Bytes of per-thread scratch: the running sums (inner f64), then the line of pairs. */
export function uniformFusedScratchBytes(inner: i32, nOut2: i32, size2: i32, first2: i32): i32 {
  const padded2 = nOut2 + size2 - 1;
  const pairs = marginBefore(first2) + inner + max(0, first2 + padded2 - inner);
  return ((inner * 8 + 63) & ~63) + pairs * 16 + 64;
}

/**
 * `bands` bands per slab: band 0 has `firstBand` rows (0: an even split) and the
 * others split the rest evenly. `ready` (0: none) is the address of the count of input
 * bytes already copied into src, for calls that start while the calling thread is
 * still copying (../threads/feed.ts): rows are read only once they are in.
 */
export function uniformFusedF64(
  src: usize, dst: usize, nIn: i32, nOut: i32, inner: i32, size: i32, map: usize, cvalRow: usize,
  nOut2: i32, size2: i32, map2: usize, cval2: f64, roundF32: i32, bands: i32, firstBand: i32, ready: usize,
  scratch: usize, first: i32, count: i32,
): void {
  const rowBytes = <usize>inner << 3;
  const padded2 = nOut2 + size2 - 1;
  const first2 = mapAt(map2, padded2);
  const sum = scratch;
  // ext + 16 * p holds the pair of padded position p of the second pass: column first2 + p.
  const line = sum + ((<usize>inner * 8 + 63) & ~(<usize>63));
  const before = marginBefore(first2);
  const columns = line + (<usize>before << 4); // pair of column x at columns + 16 * x
  const ext = line + (<usize>(before + first2) << 4); // pair of padded position p at ext + 16 * p
  const fsize = <f64>size, fsize2 = <f64>size2;
  for (let item = first; item < first + count; item++) {
    // Bands go last first: the first item claimed (by a worker, while the calling thread
    // still copies the input in) replays the most and reads rows as they arrive.
    const o = item / bands, b = bands - 1 - item % bands;
    const r0 = bandStart(b, bands, firstBand, nOut), r1 = bandStart(b + 1, bands, firstBand, nOut);
    if (r1 <= r0) continue;
    fedBytes = ready ? 0 : <usize>u32.MAX_VALUE;
    const slabRow0 = o * nIn;
    const base = src + <usize>o * <usize>nIn * rowBytes;
    const out = dst + <usize>o * <usize>nOut * (<usize>nOut2 << 3);
    // sum = SciPy's first window (0 + row 0 + row 1 + ...), then replayed to row r0.
    memory.fill(sum, 0, rowBytes);
    for (let t = 0; t < size; t++) addRow(sum, rowOf(base, rowBytes, map, t, cvalRow, ready, slabRow0), inner);
    for (let i = 1; i <= r0; i++) {
      slideSums(sum, rowOf(base, rowBytes, map, i + size - 1, cvalRow, ready, slabRow0), rowOf(base, rowBytes, map, i - 1, cvalRow, ready, slabRow0), inner);
    }
    for (let i = r0; i < r1; i += 2) {
      const pair = i + 1 < r1;
      // Row i's sums are current unless i > r0 (one step to take); row i + 1 takes one more.
      const add0 = i > r0 ? rowOf(base, rowBytes, map, i + size - 1, cvalRow, ready, slabRow0) : 0;
      const sub0 = i > r0 ? rowOf(base, rowBytes, map, i - 1, cvalRow, ready, slabRow0) : 0;
      const add1 = pair ? rowOf(base, rowBytes, map, i + size, cvalRow, ready, slabRow0) : 0;
      const sub1 = pair ? rowOf(base, rowBytes, map, i, cvalRow, ready, slabRow0) : 0;
      slabPair(sum, add0, sub0, add1, sub1, fsize, roundF32, inner, columns);
      fillHalo(ext, columns, map2, padded2, first2, inner, cval2);
      const o0 = out + <usize>i * (<usize>nOut2 << 3);
      linePair(ext, nOut2, size2, fsize2, o0, pair ? o0 + (<usize>nOut2 << 3) : 0);
    }
  }
}

/** First row of band b (b = bands: the end). */
// @ts-ignore: decorator
@inline
function bandStart(b: i32, bands: i32, firstBand: i32, nOut: i32): i32 {
  if (firstBand <= 0 || bands < 2) return <i32>((<i64>b * nOut) / bands);
  if (b == 0) return 0;
  const rest = nOut - min(firstBand, nOut);
  return nOut - rest + <i32>((<i64>(b - 1) * rest) / (bands - 1));
}

/** sum[x] += row[x], in order (SciPy's window sum). */
// @ts-ignore: decorator
@inline
function addRow(sum: usize, row: usize, width: i32): void {
  let x = 0;
  if (ASC_FEATURE_SIMD) {
    for (; x + 2 <= width; x += 2) {
      const b = <usize>x << 3;
      v128.store(sum + b, f64x2.add(v128.load(sum + b), v128.load(row + b)));
    }
  }
  for (; x < width; x++) {
    const b = <usize>x << 3;
    store<f64>(sum + b, load<f64>(sum + b) + load<f64>(row + b));
  }
}

/** One running-sum step without output: sum[x] += add[x] - sub[x]. */
// @ts-ignore: decorator
@inline
function slideSums(sum: usize, add: usize, sub: usize, width: i32): void {
  let x = 0;
  if (ASC_FEATURE_SIMD) {
    for (; x + 2 <= width; x += 2) {
      const b = <usize>x << 3;
      v128.store(sum + b, f64x2.add(v128.load(sum + b), f64x2.sub(v128.load(add + b), v128.load(sub + b))));
    }
  }
  for (; x < width; x++) {
    const b = <usize>x << 3;
    store<f64>(sum + b, load<f64>(sum + b) + (load<f64>(add + b) - load<f64>(sub + b)));
  }
}

// @ts-ignore: decorator
@inline
function toF32(v: f64, roundF32: i32): f64 {
  return roundF32 ? <f64><f32>v : v;
}

/**
 * The slab pass's output rows i and i + 1, interleaved into pairs at `columns`: takes
 * the step (add0, sub0) first unless add0 is 0, then row i's values, then the step
 * (add1, sub1) and row i + 1's values (row i's again when add1 is 0: a lone last row).
 */
// @ts-ignore: decorator
@inline
function slabPair(
  sum: usize, add0: usize, sub0: usize, add1: usize, sub1: usize, size: f64, roundF32: i32, width: i32, columns: usize,
): void {
  let x = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f64x2.splat(size);
    for (; x + 2 <= width; x += 2) {
      const b = <usize>x << 3;
      let s = v128.load(sum + b);
      if (add0) s = f64x2.add(s, f64x2.sub(v128.load(add0 + b), v128.load(sub0 + b)));
      let v0 = f64x2.div(s, sv);
      let v1 = v0;
      if (add1) {
        s = f64x2.add(s, f64x2.sub(v128.load(add1 + b), v128.load(sub1 + b)));
        v1 = f64x2.div(s, sv);
      }
      v128.store(sum + b, s);
      if (roundF32) {
        v0 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v0));
        v1 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v1));
      }
      store2x2(columns + (<usize>x << 4), 16, v0, v1);
    }
  }
  for (; x < width; x++) {
    const b = <usize>x << 3;
    let s = load<f64>(sum + b);
    if (add0) s += load<f64>(add0 + b) - load<f64>(sub0 + b);
    const v0 = toF32(s / size, roundF32);
    let v1 = v0;
    if (add1) {
      s += load<f64>(add1 + b) - load<f64>(sub1 + b);
      v1 = toF32(s / size, roundF32);
    }
    store<f64>(sum + b, s);
    const c = columns + (<usize>x << 4);
    store<f64>(c, v0);
    store<f64>(c, v1, 8);
  }
}

/** Pairs of the second pass's padded positions outside the row: through map2, or cval2. */
// @ts-ignore: decorator
@inline
function fillHalo(ext: usize, columns: usize, map2: usize, padded2: i32, first2: i32, inner: i32, cval2: f64): void {
  const coreFrom = min(padded2, max(0, -first2));
  const coreTo = max(coreFrom, min(padded2, inner - first2));
  for (let p = 0; p < coreFrom; p++) haloPair(ext, columns, map2, p, cval2);
  for (let p = coreTo; p < padded2; p++) haloPair(ext, columns, map2, p, cval2);
}

// @ts-ignore: decorator
@inline
function haloPair(ext: usize, columns: usize, map2: usize, p: i32, cval2: f64): void {
  const m = mapAt(map2, p);
  const at = ext + (<usize>p << 4);
  if (m < 0) {
    store<f64>(at, cval2);
    store<f64>(at, cval2, 8);
  } else {
    const from = columns + (<usize>m << 4);
    store<f64>(at, load<f64>(from));
    store<f64>(at, load<f64>(from, 8), 8);
  }
}

/**
 * The second pass over a line of pairs: both rows' running sums side by side; row 0's
 * results go to out0, row 1's to out1 (skipped when out1 is 0).
 */
// @ts-ignore: decorator
@inline
function linePair(ext: usize, nOut2: i32, size2: i32, size: f64, out0: usize, out1: usize): void {
  if (ASC_FEATURE_SIMD) {
    const sv = f64x2.splat(size);
    let s = f64x2.splat(0);
    for (let p = 0; p < size2; p++) s = f64x2.add(s, v128.load(ext + (<usize>p << 4)));
    let q = f64x2.div(s, sv);
    let j = 1;
    // Two outputs per step, so each row's pair of results is stored as one vector.
    for (; j + 1 < nOut2; j += 2) {
      s = f64x2.add(s, f64x2.sub(v128.load(ext + (<usize>(j + size2 - 1) << 4)), v128.load(ext + (<usize>(j - 1) << 4))));
      const qa = f64x2.div(s, sv);
      s = f64x2.add(s, f64x2.sub(v128.load(ext + (<usize>(j + size2) << 4)), v128.load(ext + (<usize>j << 4))));
      const qb = f64x2.div(s, sv);
      // q holds output j - 1; store j - 1 and j, keep j + 1.
      const b = <usize>(j - 1) << 3;
      v128.store(out0 + b, v128.shuffle<f64>(q, qa, 0, 2));
      if (out1) v128.store(out1 + b, v128.shuffle<f64>(q, qa, 1, 3));
      q = qb;
    }
    for (; j < nOut2; j++) {
      const b = <usize>(j - 1) << 3;
      store<f64>(out0 + b, f64x2.extract_lane(q, 0));
      if (out1) store<f64>(out1 + b, f64x2.extract_lane(q, 1));
      s = f64x2.add(s, f64x2.sub(v128.load(ext + (<usize>(j + size2 - 1) << 4)), v128.load(ext + (<usize>(j - 1) << 4))));
      q = f64x2.div(s, sv);
    }
    const b = <usize>(nOut2 - 1) << 3;
    store<f64>(out0 + b, f64x2.extract_lane(q, 0));
    if (out1) store<f64>(out1 + b, f64x2.extract_lane(q, 1));
  } else {
    runningMeanLine(ext, 16, nOut2, size2, size, out0);
    if (out1) runningMeanLine(ext + 8, 16, nOut2, size2, size, out1);
  }
}
