// N-d real FFT driver over the Wasm heap: forward (rfftn) and unnormalised inverse
// (n * irfftn) of a batch of items, each an array of the FFT lengths `lengths`
// (the transformed axes, last axis real).
//
// Item layout ("row layout"): rowsPerItem = prod(lengths[0..k-2]) rows, C-order, of
// rowStride elements. A row holds the real line (lengths[k-1] values) before the
// forward transform and its half spectrum after: specLen = floor(n/2) + 1 real parts
// from element 0 and imaginary parts from element imOffset. imOffset is specLen rounded
// up to whole v128s, so the column kernels read `lanes` spectrum columns at once.
//
// Zero rows cost nothing: the forward transform skips lines that lie entirely in the
// zero padding (beyond `extent` along an axis not yet transformed), and the inverse
// computes only lines that reach the requested output window.
import type { DType, FloatArray } from '../ndarray/types.js';
import { kernelFlavour, kernels, type HeapLayout, type KernelExports } from '../kernels/instance.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import { runJob, scratchSlots } from '../threads/pool.js';
import { fftPlan, laneBufferBytes, type FftPlan } from './plan.js';

export class SpectrumLayout {
  readonly k: number;
  readonly lanes: number;
  readonly bytesPer: number;
  readonly specLen: number;
  readonly imOffset: number;
  readonly rowStride: number;
  readonly rowsPerItem: number;
  readonly itemStride: number;
  /** Element stride of each transformed axis inside an item (1 for the last). */
  readonly axisStrides: number[];

  constructor(readonly lengths: readonly number[], readonly dtype: DType) {
    const k = lengths.length;
    this.k = k;
    this.bytesPer = dtype === 'float32' ? 4 : 8;
    this.lanes = 16 / this.bytesPer;
    const n = lengths[k - 1]!;
    this.specLen = Math.floor(n / 2) + 1;
    this.imOffset = Math.ceil(this.specLen / this.lanes) * this.lanes;
    this.rowStride = 2 * this.imOffset;
    this.axisStrides = new Array<number>(k);
    this.axisStrides[k - 1] = 1;
    let stride = this.rowStride;
    for (let d = k - 2; d >= 0; d--) {
      this.axisStrides[d] = stride;
      stride *= lengths[d]!;
    }
    this.rowsPerItem = stride / this.rowStride;
    this.itemStride = stride;
  }

  get itemBytes(): number {
    return this.itemStride * this.bytesPer;
  }

  /** v128 groups per spectrum row (real or imaginary half). */
  get groups(): number {
    return this.imOffset / this.lanes;
  }
}

/**
 * The FFT kernels exist only in SIMD builds. Runtimes without WebAssembly SIMD (every
 * current browser and Node >= 16 has it) get the scalar build, where they are empty.
 */
export function requireSimd(): void {
  if (kernelFlavour() === 'scalar') {
    throw new Error("convnd's FFT paths (fftconvolve, oaconvolve, method 'fft' | 'oa') need WebAssembly SIMD, which this runtime lacks; use method 'direct'");
  }
}

/** Plans and scratch placed in the heap for one call. */
export interface PlacedPlans {
  /** Address of the plan of each transformed axis (last = real plan). */
  axisPlans: number[];
  /**
   * Per-thread scratch: slot s at scratch + s * scratchBytes; two lane buffers of the
   * longest axis, plus (k >= 2) a third one of axis 0 for convolveAxis0's kernels.
   */
  scratch: number;
  scratchBytes: number;
  /** Worker threads the kernels may use (scratch slots exist for them). */
  threads: number;
}

/**
 * Reserves heap space for the plans and the per-thread scratch a layout needs. Call
 * `write` with heap.buffer after heap.commit() to copy the cached plan images in.
 */
export function reservePlans(heap: HeapLayout, layout: SpectrumLayout, threads?: number): { placed: PlacedPlans; write: (buffer: ArrayBufferLike) => void } {
  requireSimd();
  const plans: FftPlan[] = layout.lengths.map((n, d) => fftPlan(d === layout.k - 1 ? 'real' : 'complex', n, layout.dtype));
  const unique = new Map<FftPlan, number>();
  for (const p of plans) if (!unique.has(p)) unique.set(p, heap.alloc(p.image.byteLength));
  const slots = scratchSlots(threads);
  const scratchBytes = 2 * laneBufferBytes(Math.max(...plans.map((p) => p.nc)))
    + (layout.k >= 2 ? laneBufferBytes(plans[0]!.nc) : 0);
  const scratch = heap.alloc(slots * scratchBytes);
  const placed = { axisPlans: plans.map((p) => unique.get(p)!), scratch, scratchBytes, threads: slots };
  const write = (buffer: ArrayBufferLike) => {
    for (const [p, ptr] of unique) new Uint8Array(buffer, ptr, p.image.byteLength).set(p.image);
  };
  return { placed, write };
}

/**
 * Runs an FFT kernel over `total` work units on the pool, each thread with its own
 * scratch slot. `args` holds everything but the range and the scratch address, which
 * follow it in that order. `work`: rough multiply-adds, so small jobs stay on the
 * calling thread.
 */
export function runFftJob(plans: PlacedPlans, kernel: keyof KernelExports, args: number[], total: number, work: number): void {
  if (total <= 0) return;
  runJob({
    kernel, args: [...args, 0, total, 0], rangeArg: args.length, total, work,
    scratch: { arg: args.length + 2, base: plans.scratch, bytes: plans.scratchBytes },
  }, plans.threads);
}

/** Work units per thread below which convolveAxis0 splits lines into group blocks. */
const GROUP_SPLIT_UNITS = 8;

/** Rough multiply-adds of `lines` transforms of length n. */
function fftWork(lines: number, n: number): number {
  return 3 * lines * n * Math.log2(Math.max(2, n));
}

/**
 * A dense C-order array of items [items, ...shape] of the layout's element type at
 * byte address ptr in the heap: the input the forward transform reads, or the output
 * window the inverse writes, instead of the spectrum rows themselves.
 */
export interface DenseItems {
  ptr: number;
  shape: readonly number[];
}

/** Byte strides of one address space the block walk covers: items, then axes. */
interface Space {
  ptr: number;
  itemBytes: number;
  axisBytes: readonly number[];
  /** Index of the space's first element along each axis (the walk's lo maps to it). */
  origin: readonly number[];
}

function layoutSpace(layout: SpectrumLayout, ptr: number, lo: readonly number[]): Space {
  return { ptr, itemBytes: layout.itemBytes, axisBytes: layout.axisStrides.map((s) => s * layout.bytesPer), origin: lo };
}

function denseSpace(dense: DenseItems, bytesPer: number): Space {
  const axisBytes = cStrides(dense.shape).map((s) => s * bytesPer);
  return { ptr: dense.ptr, itemBytes: sizeOf(dense.shape) * bytesPer, axisBytes, origin: dense.shape.map(() => 0) };
}

/** Where the walk of forEachBlockSet is, in one space: first block and the two levels' strides. */
interface Blocks { base: number; stride0: number; stride1: number }

/**
 * The blocks of an index space [items] x [lo_c, hi_c) (c < upTo) of item prefixes, as
 * the row and column kernels take them: the two innermost dimensions become the
 * kernel's levels (n0 blocks stride0 bytes apart, n1 sets of those stride1 apart) and
 * fn is called once per combination of the outer ones, with the byte address of the
 * first block and the strides in each space (index lo_c of the walk is index
 * origin_c of a space).
 */
function forEachBlockSet(
  spaces: readonly Space[], items: number, upTo: number, lo: readonly number[], hi: readonly number[],
  fn: (blocks: Blocks[], n0: number, n1: number) => void,
): void {
  const counts = [items];
  for (let c = 0; c < upTo; c++) counts.push(hi[c]! - lo[c]!);
  if (counts.some((n) => n <= 0)) return;
  const strides = spaces.map((sp) => [sp.itemBytes, ...sp.axisBytes.slice(0, upTo)]);
  const bases = spaces.map((sp) => {
    let base = sp.ptr;
    for (let c = 0; c < upTo; c++) base += sp.origin[c]! * sp.axisBytes[c]!;
    return base;
  });
  const levels = Math.min(2, counts.length);
  const outer = counts.length - levels;
  const n0 = counts[counts.length - 1]!;
  const n1 = levels === 2 ? counts[outer]! : 1;
  const index = new Array<number>(outer).fill(0);
  for (;;) {
    const blocks = spaces.map((_, s) => {
      let offset = bases[s]!;
      const st = strides[s]!;
      for (let c = 0; c < outer; c++) offset += index[c]! * st[c]!;
      return { base: offset, stride0: st[st.length - 1]!, stride1: levels === 2 ? st[outer]! : 0 };
    });
    fn(blocks, n0, n1);
    let c = outer - 1;
    for (; c >= 0; c--) {
      if (++index[c]! < counts[c]!) break;
      index[c] = 0;
    }
    if (c < 0) return;
  }
}

/**
 * Forward real FFT of `items` items at byte address `ptr`, in place. `extent[d]`: the
 * data occupies indices [0, extent[d]) along axis d; everything beyond is zero and is
 * never read. With `source` the rows are read from that dense copy of the items
 * (shape = extent) instead of from the items. With `skipAxis0` (k >= 2) the first axis
 * is left for convolveAxis0.
 */
export function forwardItems(
  layout: SpectrumLayout, plans: PlacedPlans, ptr: number, items: number, extent: readonly number[],
  skipAxis0 = false, source?: DenseItems,
): void {
  const { bytesPer, lanes } = layout;
  const last = layout.k - 1;
  const f32 = layout.dtype === 'float32';
  const kernel = f32 ? 'rfftRowsF32' : 'rfftRowsF64';
  const rowBytes = layout.rowStride * bytesPer, imBytes = layout.imOffset * bytesPer;
  const zeros = new Array<number>(layout.k).fill(0);
  const n = layout.lengths[last]!, width = Math.min(extent[last]!, n);
  const src = source ? denseSpace(source, bytesPer) : layoutSpace(layout, ptr, zeros);
  const srcRowBytes = source ? src.axisBytes[last]! * width : rowBytes;
  // 1-d: the items are consecutive rows, transformed `lanes` at a time.
  if (last === 0) {
    runFftJob(plans, kernel, [plans.axisPlans[0]!, ptr, rowBytes, imBytes, items, 1, 0, 0, src.ptr, srcRowBytes, 0, 0, width],
      Math.ceil(items / lanes), fftWork(items, n));
    return;
  }
  // Rows along the last axis: only those whose every index lies inside the data.
  const rows = extent[last - 1]!;
  const d1 = last - 1;
  const fuse = d1 >= (skipAxis0 ? 1 : 0) && fuseBlocks(layout, plans, items * sizeOf(extent.slice(0, d1)));
  // With `fuse`, the columns along axis last-1 follow the rows block by block (see
  // fuseBlocks); their padding beyond the data is zeroed first (rows never write it).
  const extentIn1 = fuse ? wholeLines(layout, ptr, items, d1, extent) : 0;
  forEachBlockSet([layoutSpace(layout, ptr, zeros), src], items, last - 1, zeros, extent, ([dst, from], n0, n1) => {
    const rowArgs = [plans.axisPlans[last]!, dst!.base, rowBytes, imBytes, rows, n0, dst!.stride0, dst!.stride1,
      from!.base, srcRowBytes, from!.stride0, from!.stride1, width];
    const rowWork = fftWork(n1 * n0 * rows, n);
    if (!fuse) runFftJob(plans, kernel, rowArgs, n1 * n0 * Math.ceil(rows / lanes), rowWork);
    else {
      runFftJob(plans, f32 ? 'rfftRowsColumnsF32' : 'rfftRowsColumnsF64',
        [...rowArgs, plans.axisPlans[d1]!, dst!.base, layout.axisStrides[d1]! * bytesPer, layout.groups, extentIn1],
        n1 * n0, rowWork + fftWork(n1 * n0 * layout.groups * layout.lanes, layout.lengths[d1]!));
    }
  });
  // Columns along axes last-1 .. 0: lines whose earlier indices lie inside the data,
  // read up to the data's extent along d (zero beyond).
  for (let d = fuse ? last - 2 : last - 1; d >= (skipAxis0 ? 1 : 0); d--) {
    columns(layout, plans, ptr, items, d, zeros, extent, 0, wholeLines(layout, ptr, items, d, extent));
  }
}

/** Longest columns the kernels transform in place (DIRECT_MAX in assembly/fft/complex-columns.ts). */
const DIRECT_COLUMN_MAX = 128;

/**
 * How much of each line along axis d the forward column transform reads (the rest is
 * taken as zero). When the padding beyond extent[d] is at most half the line, it is
 * zeroed in memory instead and the lines are read whole: the column kernels then
 * transform them in place, without copies through the lane buffers, which costs less
 * than the zeroing. (Mostly-zero lines, such as a small kernel's, stay partial.)
 */
function wholeLines(layout: SpectrumLayout, ptr: number, items: number, d: number, extent: readonly number[]): number {
  const n = layout.lengths[d]!, e = extent[d]!;
  if (e >= n || 2 * e < n || n > DIRECT_COLUMN_MAX) return e;
  const zeros = new Array<number>(layout.k).fill(0);
  const stride = layout.axisStrides[d]! * layout.bytesPer;
  const k = kernels();
  forEachBlockSet([layoutSpace(layout, ptr, zeros)], items, d, zeros, extent, ([b], n0, n1) => {
    for (let o1 = 0; o1 < n1; o1++) {
      for (let o0 = 0; o0 < n0; o0++) k.zeroBytes(b!.base + o1 * b!.stride1 + o0 * b!.stride0 + e * stride, (n - e) * stride);
    }
  });
  return n;
}

/**
 * Zeroes what forwardItems reads of items whose data occupies [0, extent[d]) along each
 * axis, up to the last axis' extent: the rows inside the extents (the rest of each item
 * is never read before it is written), so the caller need not clear whole buffers.
 * Only needed when the data does not fill the extents (forwardItems reads them whole).
 */
export function zeroInputRows(ptr: number, layout: SpectrumLayout, items: number, extent: readonly number[]): void {
  const last = layout.k - 1;
  const k = kernels();
  const rowBytes = layout.rowStride * layout.bytesPer, widthBytes = extent[last]! * layout.bytesPer;
  if (last === 0) {
    for (let i = 0; i < items; i++) k.zeroBytes(ptr + i * layout.itemBytes, widthBytes);
    return;
  }
  const zeros = new Array<number>(layout.k).fill(0);
  forEachBlockSet([layoutSpace(layout, ptr, zeros)], items, last - 1, zeros, extent, ([b], n0, n1) => {
    for (let o1 = 0; o1 < n1; o1++) {
      for (let o0 = 0; o0 < n0; o0++) {
        const start = b!.base + o1 * b!.stride1 + o0 * b!.stride0;
        for (let r = 0; r < extent[last - 1]!; r++) k.zeroBytes(start + r * rowBytes, widthBytes);
      }
    }
  });
}

/**
 * Complex FFTs along axis d (< last) of the lines whose indices before d lie in
 * [lo, hi), reading elements [0, extentIn) of each line (forward only; zero beyond).
 */
function columns(
  layout: SpectrumLayout, plans: PlacedPlans, ptr: number, items: number, d: number,
  lo: readonly number[], hi: readonly number[], inverse: 0 | 1, extentIn: number,
): void {
  const { bytesPer } = layout;
  const lines = layout.axisStrides[d]! / layout.rowStride;
  const kernel = layout.dtype === 'float32' ? 'cfftColumnsF32' : 'cfftColumnsF64';
  forEachBlockSet([layoutSpace(layout, ptr, lo)], items, d, lo, hi, ([b], n0, n1) => {
    runFftJob(plans, kernel, [plans.axisPlans[d]!, b!.base, layout.axisStrides[d]! * bytesPer, layout.imOffset * bytesPer,
      layout.rowStride * bytesPer, lines, layout.groups, n0, b!.stride0, b!.stride1, inverse, extentIn],
    n1 * n0 * lines, fftWork(n1 * n0 * lines * layout.groups * layout.lanes, layout.lengths[d]!));
  });
}
/**
 * Unnormalised inverse of forwardItems (prod(lengths) times the real inverse), in place.
 * Only output indices in [lo[d], hi[d]) along each axis are guaranteed to be correct.
 * With `dest` (shape = hi - lo) that window is written there, densely, instead of into
 * the items. With `skipAxis0` the first axis is taken as already done (by convolveAxis0).
 */
export function inverseItems(
  layout: SpectrumLayout, plans: PlacedPlans, ptr: number, items: number,
  lo: readonly number[], hi: readonly number[], skipAxis0 = false, dest?: DenseItems,
): void {
  const { bytesPer, lanes } = layout;
  const last = layout.k - 1;
  const f32 = layout.dtype === 'float32';
  const kernel = f32 ? 'irfftRowsF32' : 'irfftRowsF64';
  const rowBytes = layout.rowStride * bytesPer, imBytes = layout.imOffset * bytesPer;
  const n = layout.lengths[last]!;
  const skip = dest ? lo[last]! : 0, width = dest ? hi[last]! - lo[last]! : n;
  const out = dest ? denseSpace(dest, bytesPer) : layoutSpace(layout, ptr, lo);
  const outRowBytes = dest ? out.axisBytes[last]! * width : rowBytes;
  if (last === 0) {
    runFftJob(plans, kernel, [plans.axisPlans[0]!, ptr, rowBytes, imBytes, items, 1, 0, 0, out.ptr, outRowBytes, 0, 0, skip, width],
      Math.ceil(items / lanes), fftWork(items, n));
    return;
  }
  const d1 = last - 1;
  const blocks = lo.slice(0, d1).reduce((p, l, c) => p * Math.max(0, hi[c]! - l), items);
  const fuse = d1 >= (skipAxis0 ? 1 : 0) && fuseBlocks(layout, plans, blocks);
  for (let d = skipAxis0 ? 1 : 0; d < (fuse ? d1 : last); d++) columns(layout, plans, ptr, items, d, lo, hi, 1, layout.lengths[d]!);
  const rows = hi[last - 1]! - lo[last - 1]!;
  if (rows <= 0) return;
  // Row lo[last - 1] of each block is the first one computed.
  const spaces = [layoutSpace(layout, ptr, lo), out];
  forEachBlockSet(spaces, items, last - 1, lo, hi, ([from, to], n0, n1) => {
    const rowArgs = [plans.axisPlans[last]!, from!.base + lo[last - 1]! * rowBytes, rowBytes, imBytes, rows, n0, from!.stride0, from!.stride1,
      to!.base + (dest ? 0 : lo[last - 1]! * rowBytes), outRowBytes, to!.stride0, to!.stride1, skip, width];
    const rowWork = fftWork(n1 * n0 * rows, n);
    if (!fuse) runFftJob(plans, kernel, rowArgs, n1 * n0 * Math.ceil(rows / lanes), rowWork);
    else {
      // The inverse columns along axis last-1 of each block, then its rows.
      runFftJob(plans, f32 ? 'irfftColumnsRowsF32' : 'irfftColumnsRowsF64',
        [plans.axisPlans[d1]!, from!.base, layout.axisStrides[d1]! * bytesPer, layout.groups, n0, from!.stride0, from!.stride1,
          ...rowArgs.slice(0, 5), ...rowArgs.slice(6)],
        n1 * n0, rowWork + fftWork(n1 * n0 * layout.groups * layout.lanes, layout.lengths[d1]!));
    }
  });
}

/** Largest block (bytes) whose rows and columns run back to back (it stays in L2). */
const FUSED_BLOCK_MAX_BYTES = 512 * 1024;

/**
 * Whether the rows along the last axis and the columns along the axis before it run
 * block by block (rfftRowsColumns / irfftColumnsRows: one block, e.g. a plane of a
 * volume, per work unit, transformed along both axes while it is in cache) instead of
 * as two passes over all items: for blocks that fit the L2 cache, when there are
 * enough of them to share among threads.
 */
function fuseBlocks(layout: SpectrumLayout, plans: PlacedPlans, blocks: number): boolean {
  const d1 = layout.k - 2;
  if (d1 < 0) return false;
  const blockBytes = layout.axisStrides[d1]! * layout.lengths[d1]! * layout.bytesPer;
  return blockBytes <= FUSED_BLOCK_MAX_BYTES && blocks >= 4 * plans.threads;
}

/**
 * For items whose every axis but the first is already forward-transformed (k >= 2):
 * forward FFT along axis 0 (data in [0, extent0), zero beyond), product with the finished spectrum of item i's kernel
 * (u32 byte addresses at `kernelTable`) times `scale`, and unnormalised inverse FFT
 * along axis 0, in one pass per line group. With kernelExtent0 > 0 the kernels are
 * transformed along every axis but axis 0 only (forwardItems with skipAxis0; data in
 * [0, kernelExtent0) along axis 0) and their axis-0 transform runs here, line group by
 * line group, instead of being written out and read back: for kernels that serve one
 * product each (the kernel's spectrum is then used once).
 */
export function convolveAxis0(
  layout: SpectrumLayout, plans: PlacedPlans, ptr: number, items: number, kernelTable: number, scale: number,
  extent0: number, kernelExtent0 = 0,
): void {
  const { bytesPer } = layout;
  const lines = layout.axisStrides[0]! / layout.rowStride;
  const extentIn = wholeLines(layout, ptr, items, 0, [extent0]);
  const transforms = kernelExtent0 > 0 ? 3 : 2;
  // Few lines (one 2-D image has one): split each line's groups into blocks so every
  // thread gets work; the bits do not depend on the blocks.
  const groupBlocks = Math.min(layout.groups, Math.max(1, Math.ceil((GROUP_SPLIT_UNITS * plans.threads) / (items * lines))));
  runFftJob(plans, layout.dtype === 'float32' ? 'convolveColumnsF32' : 'convolveColumnsF64',
    [plans.axisPlans[0]!, ptr, kernelTable, layout.axisStrides[0]! * bytesPer, layout.imOffset * bytesPer,
      layout.rowStride * bytesPer, lines, layout.groups, layout.itemBytes, scale, extentIn, kernelExtent0, groupBlocks],
    items * lines * groupBlocks, transforms * fftWork(items * lines * layout.groups * layout.lanes, layout.lengths[0]!));
}
