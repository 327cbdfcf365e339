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
import type { DType } from '../ndarray/types.js';
import { kernelFlavour, type HeapLayout, type KernelExports } from '../kernels/instance.js';
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
  bufA: number;
  bufB: number;
}

/**
 * Reserves heap space for the plans and scratch a layout needs. Call `write` with
 * heap.buffer after heap.commit() to copy the cached plan images in.
 */
export function reservePlans(heap: HeapLayout, layout: SpectrumLayout): { placed: PlacedPlans; write: (buffer: ArrayBufferLike) => void } {
  requireSimd();
  const plans: FftPlan[] = layout.lengths.map((n, d) => fftPlan(d === layout.k - 1 ? 'real' : 'complex', n, layout.dtype));
  const unique = new Map<FftPlan, number>();
  for (const p of plans) if (!unique.has(p)) unique.set(p, heap.alloc(p.image.byteLength));
  const maxNc = Math.max(...plans.map((p) => p.nc));
  const bufA = heap.alloc(laneBufferBytes(maxNc));
  const bufB = heap.alloc(laneBufferBytes(maxNc));
  const placed = { axisPlans: plans.map((p) => unique.get(p)!), bufA, bufB };
  const write = (buffer: ArrayBufferLike) => {
    for (const [p, ptr] of unique) new Uint8Array(buffer, ptr, p.image.byteLength).set(p.image);
  };
  return { placed, write };
}

/**
 * Calls fn(rowOffset) for every combination of indices along axes [0, upTo) of an
 * item with index i_c in [lo[c], hi[c]), where rowOffset is the element offset of that
 * combination inside the item.
 */
function forEachPrefix(layout: SpectrumLayout, upTo: number, lo: readonly number[], hi: readonly number[], fn: (offset: number) => void): void {
  for (let c = 0; c < upTo; c++) if (hi[c]! <= lo[c]!) return;
  const index = lo.slice(0, upTo);
  for (;;) {
    let offset = 0;
    for (let c = 0; c < upTo; c++) offset += index[c]! * layout.axisStrides[c]!;
    fn(offset);
    let c = upTo - 1;
    for (; c >= 0; c--) {
      index[c]!++;
      if (index[c]! < hi[c]!) break;
      index[c] = lo[c]!;
    }
    if (c < 0) return;
  }
}

/**
 * Forward real FFT of `items` items at byte address `ptr`, in place. `extent[d]`: the
 * data occupies indices [0, extent[d]) along axis d; everything beyond is zero.
 * With `skipAxis0` (k >= 2) the first axis is left for convolveAxis0.
 */
export function forwardItems(
  k: KernelExports, layout: SpectrumLayout, plans: PlacedPlans, ptr: number, items: number, extent: readonly number[],
  skipAxis0 = false,
): void {
  const { bytesPer } = layout;
  const last = layout.k - 1;
  const f32 = layout.dtype === 'float32';
  const rfft = f32 ? k.rfftRowsF32 : k.rfftRowsF64;
  const cfft = f32 ? k.cfftColumnsF32 : k.cfftColumnsF64;
  const rowBytes = layout.rowStride * bytesPer, imBytes = layout.imOffset * bytesPer;
  const zeros = new Array<number>(layout.k).fill(0);
  // 1-d: the items are consecutive rows, transformed `lanes` at a time.
  if (last === 0) {
    rfft(plans.axisPlans[0]!, ptr, rowBytes, imBytes, 0, items, plans.bufA, plans.bufB);
    return;
  }
  for (let item = 0; item < items; item++) {
    const base = ptr + item * layout.itemBytes;
    // Rows along the last axis: only those whose every index lies inside the data.
    {
      forEachPrefix(layout, last - 1, zeros, extent, (offset) => {
        rfft(plans.axisPlans[last]!, base + offset * bytesPer, rowBytes, imBytes, 0, extent[last - 1]!, plans.bufA, plans.bufB);
      });
    }
    // Columns along axes last-1 .. 0: lines whose earlier indices lie inside the data.
    for (let d = last - 1; d >= (skipAxis0 ? 1 : 0); d--) {
      const rowsAfter = layout.axisStrides[d]! / layout.rowStride;
      forEachPrefix(layout, d, zeros, extent, (offset) => {
        cfft(plans.axisPlans[d]!, base + offset * bytesPer, layout.axisStrides[d]! * bytesPer, imBytes,
          rowBytes, 0, rowsAfter, layout.groups, 0, plans.bufA, plans.bufB);
      });
    }
  }
}

/**
 * Unnormalised inverse of forwardItems (prod(lengths) times the real inverse), in place.
 * Only output indices in [lo[d], hi[d]) along each axis are guaranteed to be correct.
 * With `skipAxis0` the first axis is taken as already done (by convolveAxis0).
 */
export function inverseItems(
  k: KernelExports, layout: SpectrumLayout, plans: PlacedPlans, ptr: number, items: number,
  lo: readonly number[], hi: readonly number[], skipAxis0 = false,
): void {
  const { bytesPer } = layout;
  const last = layout.k - 1;
  const f32 = layout.dtype === 'float32';
  const irfft = f32 ? k.irfftRowsF32 : k.irfftRowsF64;
  const cfft = f32 ? k.cfftColumnsF32 : k.cfftColumnsF64;
  const rowBytes = layout.rowStride * bytesPer, imBytes = layout.imOffset * bytesPer;
  if (last === 0) {
    irfft(plans.axisPlans[0]!, ptr, rowBytes, imBytes, 0, items, plans.bufA, plans.bufB);
    return;
  }
  for (let item = 0; item < items; item++) {
    const base = ptr + item * layout.itemBytes;
    for (let d = skipAxis0 ? 1 : 0; d < last; d++) {
      const rowsAfter = layout.axisStrides[d]! / layout.rowStride;
      forEachPrefix(layout, d, lo, hi, (offset) => {
        cfft(plans.axisPlans[d]!, base + offset * bytesPer, layout.axisStrides[d]! * bytesPer, imBytes,
          rowBytes, 0, rowsAfter, layout.groups, 1, plans.bufA, plans.bufB);
      });
    }
    {
      forEachPrefix(layout, last - 1, lo, hi, (offset) => {
        const rowOffset = offset + lo[last - 1]! * layout.rowStride;
        irfft(plans.axisPlans[last]!, base + rowOffset * bytesPer, rowBytes, imBytes, 0, hi[last - 1]! - lo[last - 1]!, plans.bufA, plans.bufB);
      });
    }
  }
}

/**
 * For items whose every axis but the first is already forward-transformed (k >= 2):
 * forward FFT along axis 0, product with the finished spectrum at kernelPtrs[i] times
 * `scale`, and unnormalised inverse FFT along axis 0, in one pass per line group.
 */
export function convolveAxis0(
  k: KernelExports, layout: SpectrumLayout, plans: PlacedPlans, ptr: number, kernelPtrs: ArrayLike<number>, scale: number,
): void {
  const { bytesPer } = layout;
  const fused = layout.dtype === 'float32' ? k.convolveColumnsF32 : k.convolveColumnsF64;
  const rowsAfter = layout.axisStrides[0]! / layout.rowStride;
  for (let item = 0; item < kernelPtrs.length; item++) {
    fused(plans.axisPlans[0]!, ptr + item * layout.itemBytes, kernelPtrs[item]!, layout.axisStrides[0]! * bytesPer,
      layout.imOffset * bytesPer, layout.rowStride * bytesPer, 0, rowsAfter, layout.groups, scale, plans.bufA, plans.bufB);
  }
}
