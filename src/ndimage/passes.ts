// Runs a sequence of 1-D passes (correlate1d or uniform_filter1d along one axis
// each) over a dense f64 copy of the input in the Wasm heap, ping-ponging between two
// buffers, and copies the result out once (both copies band by band, overlapping the
// first and last passes). Each pass reads its axis through an index
// map from the boundary module, so no padded copies are made.
import { HeapLayout, kernels, releaseIfLarge, type KernelExports } from '../kernels/instance.js';
import { runJob, scratchSlots, type KernelJob } from '../threads/pool.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { extensionMap, type Extension } from '../plan/boundary.js';
import { kernelSymmetry } from '../plan/kernel1d.js';
import { isDenseFloat, packInto, sharesMemory, unpack } from './pack.js';
import { MIN_PARALLEL_WORK } from '../threads/control.js';
import { allocate } from '../ndarray/create.js';

export type PassOp = { kind: 'correlate'; weights: Float64Array } | { kind: 'uniform'; size: number };

export interface Pass {
  axis: number;
  op: PassOp;
  /** Output length along the axis (the input's for ndimage filters). */
  nOut: number;
  /** Input position that padded position 0 reads: output i reads first + i + t. */
  first: number;
  ext: Extension;
  cval: number;
}

/** Taps of a pass. */
function taps(op: PassOp): number {
  return op.kind === 'correlate' ? op.weights.length : op.size;
}

/** Columns per work item of the uniform slab pass (any width gives the same bits). */
const UNIFORM_CHUNK = 512;

/** Where a pass sits in the array: (outer, nIn, inner) around its axis. */
interface PassGeometry {
  pass: Pass;
  nIn: number;
  outer: number;
  inner: number;
  taps: number;
  /** Byte addresses of its map and weights in the heap. */
  map: number;
  w: number;
  /** The map itself (input index of every padded position, -1: fill value). */
  mapJs: Int32Array;
}

/** Elements of the intermediate block that a fused slab + lines pair keeps in cache. */
export const FUSED_BLOCK_ELEMENTS = 32768;

/** A correlate slab pass followed by a correlate lines pass runs fused. */
function fuses(g: PassGeometry, next: PassGeometry | undefined): next is PassGeometry {
  return g.inner > 1 && g.pass.op.kind === 'correlate' && next !== undefined && next.inner === 1 && next.pass.op.kind === 'correlate';
}

/** Slab rows per fused block. */
function blockRows(g: PassGeometry): number {
  return Math.max(1, Math.floor(FUSED_BLOCK_ELEMENTS / g.inner));
}

/** Per-thread scratch bytes of the step starting with pass g. */
function scratchBytes(k: KernelExports, g: PassGeometry, next: PassGeometry | undefined): number {
  if (fuses(g, next)) return k.fusedScratchBytes(blockRows(g), g.inner, g.taps, next.pass.nOut, next.taps);
  if (g.inner === 1) return k.linesScratchBytes(g.pass.nOut, g.taps);
  return g.pass.op.kind === 'correlate' ? g.taps * 4 + 64 : k.uniformSlabScratchBytes(g.taps, UNIFORM_CHUNK);
}

/**
 * The pool job of the step starting with pass g (a fused pair when fuses(g, next)),
 * from heap buffer src to dst; `cvalRow` holds g.inner copies of the fill value.
 * Items are independent; each thread gets its own scratch `slot`.
 */
function stepJob(
  g: PassGeometry, next: PassGeometry | undefined, src: number, dst: number, cvalRow: number, roundF32: boolean,
  slot: { base: number; bytes: number },
): KernelJob {
  const p = g.pass;
  const sym = (x: PassGeometry) => (x.pass.op.kind === 'correlate' ? kernelSymmetry(x.pass.op.weights) : 0);
  const outSize = g.outer * p.nOut * g.inner;
  if (fuses(g, next)) {
    const rows = blockRows(g);
    return {
      kernel: 'correlate1dFusedF64', rangeArg: 20, total: g.outer * Math.ceil(p.nOut / rows),
      work: outSize * (g.taps + next.taps), scratch: { arg: 19, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.w, g.taps, sym(g), g.map, cvalRow,
        next.nIn, next.pass.nOut, next.w, next.taps, sym(next), next.map, next.pass.cval, roundF32 ? 1 : 0, rows, 0, 0, 0],
    };
  }
  if (g.inner > 1 && p.op.kind === 'correlate') {
    return {
      kernel: 'correlate1dSlabF64', rangeArg: 11, total: g.outer * p.nOut, work: outSize * g.taps,
      scratch: { arg: 10, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.w, g.taps, sym(g), g.map, cvalRow, 0, 0, 0],
    };
  }
  if (g.inner > 1) {
    return {
      kernel: 'uniform1dSlabF64', rangeArg: 10, total: g.outer * Math.ceil(g.inner / UNIFORM_CHUNK), work: outSize * 4,
      scratch: { arg: 8, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.taps, g.map, cvalRow, 0, UNIFORM_CHUNK, 0, 0],
    };
  }
  if (p.op.kind === 'correlate') {
    return {
      kernel: 'correlate1dLinesF64', rangeArg: 11, total: g.outer, work: outSize * g.taps,
      scratch: { arg: 10, ...slot },
      args: [src, dst, g.outer, g.nIn, p.nOut, g.w, g.taps, sym(g), g.map, p.cval, 0, 0, 0],
    };
  }
  return {
    kernel: 'uniform1dLinesF64', rangeArg: 9, total: g.outer, work: outSize * 4,
    scratch: { arg: 8, ...slot },
    args: [src, dst, g.outer, g.nIn, p.nOut, g.taps, g.map, p.cval, 0, 0, 0],
  };
}

/**
 * Applies `passes` in order to `input`; returns the C-order result and its shape.
 * With `roundToFloat32`, every intermediate is rounded to float32 as SciPy's
 * float32 outputs are between passes. With `target`, the result is written there.
 *
 * A correlate pass along an inner axis ("slab") followed by one along the last axis
 * ("lines") run fused, block of rows by block of rows, so their intermediate never
 * leaves the cache; each element still sees exactly SciPy's arithmetic. Every step
 * splits its independent items (output rows, column chunks, lines or blocks) over
 * `threads` (undefined: every core); the items never depend on the thread count, so
 * neither do the bits.
 *
 * Copies in and out overlap the work: the first step runs in bands (bandPlan) while
 * the calling thread copies the input rows of the next band into the heap, and the
 * last step runs in bands while it copies the previous band's results out (only the
 * calling thread can reach the caller's arrays).
 */
export function runPasses(
  input: View, passes: readonly Pass[], dtype: DType, roundToFloat32: boolean, target?: NDArray, threads?: number,
): { data: FloatArray; shape: number[] } {
  const k = kernels();
  // Shapes before and after every pass.
  const shapes: number[][] = [[...input.shape]];
  for (const p of passes) {
    const s = [...shapes[shapes.length - 1]!];
    s[p.axis] = p.nOut;
    shapes.push(s);
  }
  const finalShape = shapes[shapes.length - 1]!;
  if (shapes.some((s) => sizeOf(s) === 0)) return { data: allocate(dtype, sizeOf(finalShape)), shape: finalShape };
  const maxSize = Math.max(...shapes.map(sizeOf));
  let mapLen = 0, wLen = 0, maxInner = 1, slotBytes = 64;
  const geoms: PassGeometry[] = passes.map((p, i) => {
    const s = shapes[i]!;
    const g: PassGeometry = {
      pass: p, nIn: s[p.axis]!, outer: sizeOf(s.slice(0, p.axis)), inner: sizeOf(s.slice(p.axis + 1)),
      taps: taps(p.op), map: mapLen * 4, w: wLen * 8,
      mapJs: extensionMap(p.first, p.nOut + taps(p.op) - 1, s[p.axis]!, p.ext),
    };
    maxInner = Math.max(maxInner, g.inner);
    mapLen += p.nOut + g.taps;
    if (p.op.kind === 'correlate') wLen += g.taps;
    return g;
  });
  geoms.forEach((g, i) => { slotBytes = Math.max(slotBytes, scratchBytes(k, g, geoms[i + 1])); });
  const slots = scratchSlots(threads);

  const heap = new HeapLayout();
  const bufA = heap.alloc(maxSize * 8);
  const bufB = passes.length > 0 ? heap.alloc(maxSize * 8) : bufA;
  const mapPtr = heap.alloc(mapLen * 4);
  const wPtr = heap.alloc(wLen * 8);
  const cvalPtr = heap.alloc(maxInner * 8);
  // Running sums of a uniform slab pass run in row bands (uniformRowBands).
  const sumsPtr = heap.alloc(maxInner * 8);
  const scratch = heap.alloc(slots * slotBytes);
  heap.commit();
  const buffer = heap.buffer;
  const inSize = sizeOf(input.shape), finalSize = sizeOf(finalShape);
  // A dense float input is copied in band by band ahead of a first step that runs in
  // bands (the calling thread copies while the pool computes); any other input at once.
  const firstBands = geoms.length > 0 ? bandPlan(geoms[0]!, geoms[1], sumsPtr) : null;
  const feed = firstBands !== null && isDenseFloat(input);
  let packedTo = 0;
  const packTo = (end: number): void => {
    if (end <= packedTo) return;
    const data = input.data as FloatArray;
    new Float64Array(buffer, bufA, inSize).set(data.subarray(input.offset + packedTo, input.offset + end), packedTo);
    packedTo = end;
  };
  if (!feed) packInto(input, new Float64Array(buffer, bufA, inSize), 0, cStrides(input.shape));
  // Results go out band by band too, straight into a new array or a dense `out` that
  // shares no memory with the input (outputs are written before later input rows are read).
  const drain = passes.length > 0 && (!target || (isDenseFloat(target) && !sharesMemory(input.data, target.data)));
  // A new result is allocated at the first copy out, next to the work that fills it.
  let result: FloatArray | null = drain && target ? target.data : null;
  const resultOffset = target ? target.offset : 0;
  let drainedTo = 0;
  const drainTo = (from: number, end: number): void => {
    if (end <= drainedTo) return;
    result ??= allocate(dtype, finalSize);
    result.set(new Float64Array(buffer, from, finalSize).subarray(drainedTo, end), resultOffset + drainedTo);
    drainedTo = end;
  };
  for (const g of geoms) {
    g.map += mapPtr;
    g.w += wPtr;
    const p = g.pass;
    // The map, then `first` (the lines kernels block-copy the in-range run).
    const map = new Int32Array(buffer, g.map, p.nOut + g.taps);
    map.set(g.mapJs);
    map[p.nOut + g.taps - 1] = p.first;
    if (p.op.kind === 'correlate') new Float64Array(buffer, g.w, g.taps).set(p.op.weights);
  }

  let src = bufA, dst = bufB;
  for (let i = 0; i < geoms.length; i++) {
    const g = geoms[i]!, next = geoms[i + 1];
    const last = (fuses(g, next) ? i + 1 : i) === geoms.length - 1;
    if (g.inner > 1) new Float64Array(buffer, cvalPtr, g.inner).fill(g.pass.cval);
    const job = stepJob(g, next, src, dst, cvalPtr, roundToFloat32, { base: scratch, bytes: slotBytes });
    const bands = i === 0 ? firstBands : last && drain ? bandPlan(g, next, sumsPtr) : null;
    if (bands && (feed && i === 0 || drain && last)) {
      const to = dst;
      for (let b = 0; b < bands.count; b++) {
        if (b === 0 && feed && i === 0) packTo(bands.readEnd(0));
        const meanwhile = (): void => {
          if (drain && last && b > 0) drainTo(to, bands.writeEnd(b - 1));
          if (feed && i === 0 && b + 1 < bands.count) packTo(bands.readEnd(b + 1));
        };
        runJob({ ...bands.job(job, b), meanwhile }, threads);
      }
    } else {
      if (feed && i === 0) packTo(inSize);
      runJob(job, threads);
    }
    if (fuses(g, next)) i++;
    if (roundToFloat32 && i < geoms.length - 1) k.roundToF32(dst, sizeOf(shapes[i + 1]!));
    [src, dst] = [dst, src];
  }
  let data: FloatArray;
  if (drain) {
    drainTo(src, finalSize);
    data = result ?? allocate(dtype, finalSize);
  } else {
    data = unpack(new Float64Array(buffer, src, finalSize), dtype, target);
  }
  releaseIfLarge();
  return { data, shape: finalShape };
}

/**
 * Least work per band of a step (as stepJob counts it): twice the pool's threshold, so
 * every band of a step the pool would split is split too. Below it, one band.
 */
const MIN_BAND_WORK = 2 * MIN_PARALLEL_WORK;
let minBandWork = MIN_BAND_WORK;

/** Test hook: least work per band (null: the default), so small problems run in many bands. */
export function setMinPassBandWork(work: number | null): void {
  minBandWork = work ?? MIN_BAND_WORK;
}
/** Most bands per step: enough that the first copy in and the last copy out are small. */
const MAX_BANDS = 8;

/**
 * A step cut into bands of consecutive items, run one after another so the calling
 * thread can copy the input rows of band b + 1 in, and the outputs of band b - 1 out,
 * while the pool computes band b.
 */
interface BandPlan {
  count: number;
  /** The step's job restricted to band b (same kernel arithmetic, items base + ...). */
  job(whole: KernelJob, b: number): KernelJob;
  /** End (elements) of the source prefix that bands 0..b read. */
  readEnd(b: number): number;
  /** End (elements) of the destination prefix that bands 0..b have written. */
  writeEnd(b: number): number;
}

/**
 * Bands of the step starting with pass g, or null when it has no band structure (the
 * uniform slab pass runs each column chunk down every row) or is too small to cut.
 * Items are output lines (lines passes), output rows (correlate slab) or blocks of
 * output rows (fused); bands depend on the shapes only, never on the thread count.
 */
function bandPlan(g: PassGeometry, next: PassGeometry | undefined, sums: number): BandPlan | null {
  const p = g.pass;
  const fused = fuses(g, next);
  if (g.inner > 1 && p.op.kind === 'uniform') return g.outer === 1 ? uniformRowBands(g, sums) : null;
  const lines = g.inner === 1;
  const rowsPerItem = fused ? blockRows(g) : 1;
  const itemsPerOuter = lines ? 1 : Math.ceil(p.nOut / rowsPerItem);
  const total = lines ? g.outer : g.outer * itemsPerOuter;
  // The job's work as stepJob counts it, so every band is big enough for the pool.
  const work = g.outer * p.nOut * g.inner * (p.op.kind === 'uniform' ? 4 : g.taps + (fused ? next.taps : 0));
  const count = Math.max(1, Math.min(MAX_BANDS, total, Math.floor(work / minBandWork)));
  if (count < 2) return null;
  const start = (b: number): number => Math.floor((b * total) / count);
  // Output elements per item row (a fused block's rows become next's lines).
  const outRow = fused ? (g.inner / next.nIn) * next.pass.nOut : g.inner;
  const readEndOf = (i0: number, i1: number): number => {
    if (lines) return i1 * g.nIn;
    let end = 0;
    for (let item = i0; item < i1; item++) {
      const o = Math.floor(item / itemsPerOuter), r0 = (item % itemsPerOuter) * rowsPerItem;
      const r1 = Math.min(p.nOut, r0 + rowsPerItem);
      let maxRow = -1;
      for (let q = r0; q < r1 + g.taps - 1; q++) maxRow = Math.max(maxRow, g.mapJs[q]!);
      end = Math.max(end, (o * g.nIn + maxRow + 1) * g.inner);
    }
    return end;
  };
  const reads: number[] = [];
  for (let b = 0; b < count; b++) reads.push(Math.max(b > 0 ? reads[b - 1]! : 0, readEndOf(start(b), start(b + 1))));
  return {
    count,
    readEnd: (b) => reads[b]!,
    writeEnd: (b) => {
      const end = start(b + 1);
      if (lines) return end * p.nOut;
      const o = Math.floor((end - 1) / itemsPerOuter), r = (end - 1) % itemsPerOuter;
      return (o * p.nOut + Math.min(p.nOut, (r + 1) * rowsPerItem)) * outRow;
    },
    job: (whole, b) => {
      const i0 = start(b), n = start(b + 1) - i0;
      const args = whole.args.slice();
      const work = Math.round((whole.work * n) / whole.total);
      if (lines) {
        // Lines kernels: the band's lines are contiguous in src and dst.
        args[0] = args[0]! + i0 * g.nIn * 8;
        args[1] = args[1]! + i0 * p.nOut * 8;
        return { ...whole, args, total: n, work };
      }
      // Slab and fused kernels: the Band variants take the first item as `base`.
      args.splice(whole.rangeArg, 0, i0);
      const kernel = fused ? 'correlate1dFusedBandF64' : 'correlate1dSlabBandF64';
      return { ...whole, kernel, args, rangeArg: whole.rangeArg + 1, total: n, work };
    },
  };
}

/**
 * The uniform slab pass along an axis with nothing before it (outer = 1) in bands of
 * output rows: every column chunk runs its running sum down the band's rows and leaves
 * it in `sums` for the next band (uniform1dSlabRowsF64), so the bits are the one-call
 * pass's. Band b reads the input rows up to the last one its map names.
 */
function uniformRowBands(g: PassGeometry, sums: number): BandPlan | null {
  const p = g.pass;
  const count = Math.max(1, Math.min(MAX_BANDS, p.nOut, Math.floor((p.nOut * g.inner * 4) / minBandWork)));
  if (count < 2) return null;
  const start = (b: number): number => Math.floor((b * p.nOut) / count);
  const reads: number[] = [];
  let maxRow = -1;
  for (let b = 0; b < count; b++) {
    for (let q = b === 0 ? 0 : start(b) + g.taps - 1; q < start(b + 1) + g.taps - 1; q++) maxRow = Math.max(maxRow, g.mapJs[q]!);
    reads.push((maxRow + 1) * g.inner);
  }
  return {
    count,
    readEnd: (b) => reads[b]!,
    writeEnd: (b) => start(b + 1) * g.inner,
    job: (whole, b) => {
      const r0 = start(b), r1 = start(b + 1);
      // uniform1dSlabF64's (src .. cvalRow), then sums, scratch, chunk, the rows, the items.
      const args = [...whole.args.slice(0, 8), sums, 0, whole.args[9]!, r0, r1, 0, 0];
      return {
        ...whole, kernel: 'uniform1dSlabRowsF64', args, rangeArg: 13, scratch: { ...whole.scratch!, arg: 9 },
        work: Math.round((whole.work * (r1 - r0)) / p.nOut),
      };
    },
  };
}
