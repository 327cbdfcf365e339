// 1-D filter passes along one axis of a dense f64 array, SciPy's correlate1d and
// uniform_filter1d. The axis is read through an index map (built by the boundary
// module in TypeScript): padded position p of a line reads element map[p], or the
// fill value when map[p] < 0. Output position i covers padded positions i .. i+k-1.
//
// Two layouts:
// - "slab": the axis is not the last one. The array is (outer, nIn, inner) with
//   inner > 1 contiguous; every output row of `inner` elements is computed from k input
//   rows found through the map, vectorised along the row. No copies.
// - "lines": the axis is the last one (inner = 1). Each line is copied into an
//   extended scratch line (block copy of the core, halo through the map) and
//   correlated with the same row kernel, the taps being consecutive elements.
//
// Preconditions (checked by the TypeScript caller): every pointer is 8-byte aligned
// and its buffer large enough; map has nOut + k - 1 entries with values < nIn,
// followed by one more entry holding `first` (the input position of padded 0);
// cvalRow holds at least `inner` copies of the fill value; `scratch` is private to the
// caller (one per worker): k u32 for the correlate slab pass, uniformSlabScratchBytes
// for the uniform one, linesScratchBytes(nOut, k) for the lines passes. Work items
// [first, first + count) are independent, so workers can split one call.
import { correlateRow, divideRow, runningMeanLine, slideRow, sumRows } from './rows';

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
    correlateRow(scratch, 0, w, k, symmetry, inner, dst + <usize>item * rowBytes);
  }
}

/** Bytes of per-thread scratch the uniform slab pass needs: `size` row pointers, then `chunk` running sums. */
export function uniformSlabScratchBytes(size: i32, chunk: i32): i32 {
  return ((size * 4 + 63) & ~63) + chunk * 8;
}

/**
 * Items: o * chunks + c, where chunks = ceil(inner / chunk) column chunks of `chunk`
 * columns. Each item runs SciPy's running sum down its columns over all nOut output
 * rows, the sums in the caller's private scratch (uniformSlabScratchBytes); columns
 * are independent, so any chunk width gives the same bits.
 */
export function uniform1dSlabF64(
  src: usize, dst: usize, nIn: i32, nOut: i32, inner: i32,
  size: i32, map: usize, cvalRow: usize, scratch: usize, chunk: i32,
  first: i32, count: i32,
): void {
  const rowBytes = <usize>inner << 3;
  const chunks = (inner + chunk - 1) / chunk;
  const ptrs = scratch;
  const sum = scratch + ((<usize>size * 4 + 63) & ~(<usize>63));
  const fsize = <f64>size;
  for (let item = first; item < first + count; item++) {
    const o = item / chunks, x0 = (item % chunks) * chunk;
    const width = min(chunk, inner - x0);
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

/**
 * Copies line `src` (nIn elements) into ext through the map: ext[p] = src[map[p]], or
 * cval. The core run (padded positions p with first + p inside the line, where
 * `first` is stored at map[padded]) is one block copy; only the halo uses the map.
 */
// @ts-ignore: decorator
@inline
function extendLine(src: usize, nIn: i32, map: usize, padded: i32, cval: f64, ext: usize): void {
  const first = mapAt(map, padded);
  const coreFrom = min(padded, max(0, -first));
  const coreTo = max(coreFrom, min(padded, nIn - first));
  if (coreTo > coreFrom) memory.copy(ext + (<usize>coreFrom << 3), src + (<usize>(coreFrom + first) << 3), <usize>(coreTo - coreFrom) << 3);
  for (let p = 0; p < coreFrom; p++) {
    const m = mapAt(map, p);
    store<f64>(ext + (<usize>p << 3), m < 0 ? cval : load<f64>(src + (<usize>m << 3)));
  }
  for (let p = coreTo; p < padded; p++) {
    const m = mapAt(map, p);
    store<f64>(ext + (<usize>p << 3), m < 0 ? cval : load<f64>(src + (<usize>m << 3)));
  }
}

/** Bytes of scratch the lines passes need (4 extended lines and a running-sum block). */
export function linesScratchBytes(nOut: i32, k: i32): i32 {
  return 4 * ((nOut + k - 1) * 8 + 64) + 256;
}

/** Items: lines (contiguous, nIn apart in src and nOut apart in dst). */
export function correlate1dLinesF64(
  src: usize, dst: usize, lines: i32, nIn: i32, nOut: i32,
  w: usize, k: i32, symmetry: i32, map: usize, cval: f64, scratch: usize,
  first: i32, count: i32,
): void {
  const padded = nOut + k - 1;
  for (let l = first; l < first + count; l++) {
    extendLine(src + <usize>l * (<usize>nIn << 3), nIn, map, padded, cval, scratch);
    correlateRow(scratch, 8, w, k, symmetry, nOut, dst + <usize>l * (<usize>nOut << 3));
  }
}

/** Four lines side by side (two f64x2 running sums); returns the first line left. */
// @ts-ignore: decorator
@inline
function uniformLines4Simd(
  src: usize, dst: usize, nIn: i32, nOut: i32, size: i32, map: usize, cval: f64, scratch: usize,
  first: i32, count: i32,
): i32 {
  const padded = nOut + size - 1;
  const extBytes = ((<usize>padded << 3) + 63) & ~(<usize>63);
  const fsize = <f64>size;
  const sv = f64x2.splat(fsize);
  let l = first;
  const end = first + count;
  for (; l + 4 <= end; l += 4) {
    for (let j = 0; j < 4; j++) extendLine(src + <usize>(l + j) * (<usize>nIn << 3), nIn, map, padded, cval, scratch + <usize>j * extBytes);
    const e0 = scratch, e1 = scratch + extBytes, e2 = scratch + 2 * extBytes, e3 = scratch + 3 * extBytes;
    let s01 = f64x2.splat(0), s23 = f64x2.splat(0);
    for (let p = 0; p < size; p++) {
      const b = <usize>p << 3;
      s01 = f64x2.add(s01, f64x2.replace_lane(f64x2.splat(load<f64>(e0 + b)), 1, load<f64>(e1 + b)));
      s23 = f64x2.add(s23, f64x2.replace_lane(f64x2.splat(load<f64>(e2 + b)), 1, load<f64>(e3 + b)));
    }
    const lineBytes = <usize>nOut << 3;
    const d0 = dst + <usize>l * lineBytes, d1 = d0 + lineBytes, d2 = d1 + lineBytes, d3 = d2 + lineBytes;
    let q01 = f64x2.div(s01, sv), q23 = f64x2.div(s23, sv);
    store<f64>(d0, f64x2.extract_lane(q01, 0)); store<f64>(d1, f64x2.extract_lane(q01, 1));
    store<f64>(d2, f64x2.extract_lane(q23, 0)); store<f64>(d3, f64x2.extract_lane(q23, 1));
    for (let i = 1; i < nOut; i++) {
      const a = <usize>(i + size - 1) << 3, r = <usize>(i - 1) << 3;
      const add01 = f64x2.replace_lane(f64x2.splat(load<f64>(e0 + a)), 1, load<f64>(e1 + a));
      const sub01 = f64x2.replace_lane(f64x2.splat(load<f64>(e0 + r)), 1, load<f64>(e1 + r));
      const add23 = f64x2.replace_lane(f64x2.splat(load<f64>(e2 + a)), 1, load<f64>(e3 + a));
      const sub23 = f64x2.replace_lane(f64x2.splat(load<f64>(e2 + r)), 1, load<f64>(e3 + r));
      s01 = f64x2.add(s01, f64x2.sub(add01, sub01));
      s23 = f64x2.add(s23, f64x2.sub(add23, sub23));
      q01 = f64x2.div(s01, sv); q23 = f64x2.div(s23, sv);
      const o = <usize>i << 3;
      store<f64>(d0 + o, f64x2.extract_lane(q01, 0)); store<f64>(d1 + o, f64x2.extract_lane(q01, 1));
      store<f64>(d2 + o, f64x2.extract_lane(q23, 0)); store<f64>(d3 + o, f64x2.extract_lane(q23, 1));
    }
  }
  return l;
}

/**
 * Items: lines. Four lines run side by side (two f64x2 vectors of running sums) so
 * the sequential sums overlap; each lane does SciPy's scalar arithmetic exactly.
 */
export function uniform1dLinesF64(
  src: usize, dst: usize, lines: i32, nIn: i32, nOut: i32,
  size: i32, map: usize, cval: f64, scratch: usize,
  first: i32, count: i32,
): void {
  const padded = nOut + size - 1;
  const fsize = <f64>size;
  let l = first;
  const end = first + count;
  // Compile-time switch: the build without SIMD runs every line through the scalar loop.
  if (ASC_FEATURE_SIMD) l = uniformLines4Simd(src, dst, nIn, nOut, size, map, cval, scratch, first, count);
  for (; l < end; l++) {
    const e = scratch;
    extendLine(src + <usize>l * (<usize>nIn << 3), nIn, map, padded, cval, e);
    runningMeanLine(e, 8, nOut, size, fsize, dst + <usize>l * (<usize>nOut << 3));
  }
}

/**
 * A correlate slab pass followed by a correlate lines pass along the last axis, fused
 * in blocks of `blockRows` slab output rows so the intermediate stays in cache: each
 * block goes to the caller's private scratch (rounded to float32 when `roundF32`, as
 * SciPy's float32 intermediates are), then through the lines pass into dst. Every
 * element sees the same arithmetic as the two passes run one after the other.
 * Items: o * blocks + b with blocks = ceil(nOut / blockRows); the slab pass's lines
 * are `lineIn` long (inner is a multiple of it) and become `lineOut` long.
 * scratch (fusedScratchBytes): the block, then k row pointers, then the lines scratch.
 */
export function correlate1dFusedF64(
  src: usize, dst: usize, nIn: i32, nOut: i32, inner: i32,
  w: usize, k: i32, symmetry: i32, map: usize, cvalRow: usize,
  lineIn: i32, lineOut: i32, w2: usize, k2: i32, symmetry2: i32, map2: usize, cval2: f64,
  roundF32: i32, blockRows: i32, scratch: usize, first: i32, count: i32,
): void {
  const rowBytes = <usize>inner << 3;
  const blocks = (nOut + blockRows - 1) / blockRows;
  const block = scratch;
  const ptrs = block + ((<usize>blockRows * rowBytes + 63) & ~(<usize>63));
  const lineScratch = ptrs + ((<usize>k * 4 + 63) & ~(<usize>63));
  const linesPerRow = inner / lineIn;
  for (let item = first; item < first + count; item++) {
    const o = item / blocks, r0 = (item % blocks) * blockRows;
    const rows = min(blockRows, nOut - r0);
    const slabItem = o * nOut + r0;
    // The slab kernel writes output row `slabItem` at dst + slabItem * rowBytes (wrapping).
    correlate1dSlabF64(src, block - <usize>slabItem * rowBytes, nIn, nOut, inner, w, k, symmetry, map, cvalRow, ptrs, slabItem, rows);
    if (roundF32) roundToF32(block, rows * inner);
    const lines = rows * linesPerRow;
    const at = dst + (<usize>slabItem * <usize>linesPerRow * <usize>lineOut << 3);
    correlate1dLinesF64(block, at, lines, lineIn, lineOut, w2, k2, symmetry2, map2, cval2, lineScratch, 0, lines);
  }
}

/** Bytes of per-thread scratch correlate1dFusedF64 needs. */
export function fusedScratchBytes(blockRows: i32, inner: i32, k: i32, lineOut: i32, k2: i32): i32 {
  return ((blockRows * inner * 8 + 63) & ~63) + ((k * 4 + 63) & ~63) + linesScratchBytes(lineOut, k2);
}

/** Pairs of roundToF32; returns the first index left to do. */
// @ts-ignore: decorator
@inline
function roundToF32Simd(ptr: usize, n: i32): i32 {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const p = ptr + (<usize>i << 3);
    v128.store(p, f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v128.load(p))));
  }
  return i;
}

/** Rounds n f64 values to the nearest f32 in place (SciPy keeps float32 intermediates). */
export function roundToF32(ptr: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) i = roundToF32Simd(ptr, n);
  for (; i < n; i++) {
    const p = ptr + (<usize>i << 3);
    store<f64>(p, <f64><f32>load<f64>(p));
  }
}
