// Forward convolution on channels-last buffers in the Wasm heap.
//
// Construct (reserves heap space and packs the weights), commit the workspace, then
// run(x, out). x is [N, D, H, W, inChannels], out is [N, oD, oH, oW, outChannels].
import type { FloatArray } from '../ndarray/types.js';
import { kernelTaps, outPixels, type ConvGeometry } from './geometry.js';
import { chooseForwardMethod, depthwiseRowsValid, depthwiseValid, winogradValid, type ForwardMethod } from './method.js';
import { packConvGroup, packDepthwise, packWinograd, panelWidth } from './pack.js';
import { defaultThreads, scratchSlots } from '../threads/pool.js';
import { MIN_PARALLEL_WORK } from '../threads/control.js';
import type { Workspace } from './workspace.js';

export const GEOMETRY_WORDS = 22;

/** Writes the i32 geometry record read by assembly/nn/indirection.ts. */
export function writeIndirectionGeometry(ws: Workspace, ptr: number, base: number, zero: number, pixelBytes: number, g: ConvGeometry): void {
  ws.int32(ptr, GEOMETRY_WORDS).set([
    base, zero, pixelBytes, ...g.inSize, ...g.outSize, ...g.kernel, ...g.stride, ...g.dilation, ...g.padBefore, g.batch,
  ]);
}

/** Builds the indirection table of g over the input at `base` into `ind`. */
export function buildIndirection(ws: Workspace, geomPtr: number, ind: number, base: number, zero: number, pixelBytes: number, g: ConvGeometry): void {
  writeIndirectionGeometry(ws, geomPtr, base, zero, pixelBytes, g);
  ws.k.buildIndirection(geomPtr, 0, outPixels(g), ind);
}

let forcedForwardMethod: ForwardMethod | null = null;

/**
 * Forces the method of every forward convolution (tests and benchmarks compare the
 * paths on the same problems; 'depthwise' applies only where it is valid). null restores
 * the automatic choice.
 */
export function forceForwardMethod(method: ForwardMethod | null): void {
  forcedForwardMethod = method;
}

/** Where a caller may write the input so that run() needs no padding copy. */
export interface InputTarget {
  ptr: number;
  /** Elements of the whole padded buffer (zero-filled by the caller first). */
  count: number;
  /** Element strides of the axes N, D, H, W, C in the padded buffer. */
  strides: number[];
  /** Element offset of input pixel (0, 0, 0, 0). */
  offset: number;
}

export class ForwardConv {
  readonly method: ForwardMethod;
  private readonly packed: FloatArray[];
  private readonly wPtr: number;
  private readonly indPtr: number;
  private readonly zeroPtr: number;
  private readonly geomPtr: number;
  /** direct: padded input, its extents (D, H, W) and padding before, tap offsets. */
  private readonly paddedPtr: number = 0;
  private readonly padded: number[] = [];
  private readonly tapsPtr: number = 0;
  /** winograd: per-thread scratch (slot bytes). */
  private readonly scratchPtr: number = 0;
  private readonly scratchBytes: number = 0;
  /** True for the methods that read a padded copy of the input instead of an indirection table. */
  private readonly padsInput: boolean;
  /** Banded run (runBands): output rows per band, the band's padded height, its buffers. */
  readonly bandRows: number = 0;
  private readonly bandHp: number = 0;
  private readonly bandIn: number[] = [];
  private readonly bandOut: number[] = [];

  constructor(
    private readonly ws: Workspace, private readonly g: ConvGeometry, w: Float64Array, bias: Float64Array | null,
    method: ForwardMethod = forcedForwardMethod ?? chooseForwardMethod(g),
    /** Reserve for runBands() instead of run() where the method and shape allow it (bandRows > 0). */
    banded = false,
  ) {
    this.method = method.startsWith('depthwise') && !depthwiseValid(g) ? 'igemm'
      : method === 'depthwise-rows' && !depthwiseRowsValid(g) ? 'depthwise'
      : method === 'winograd' && !winogradValid(g) ? 'direct' : method;
    const taps = kernelTaps(g);
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    const depthwise = this.method.startsWith('depthwise');
    this.padsInput = this.method !== 'igemm' && this.method !== 'depthwise-indirect';
    this.packed = depthwise ? [packDepthwise(ws.dtype, w, bias, g.outChannels, taps)]
      : this.method === 'winograd' ? [packWinograd(ws.dtype, w, bias, g.inChannels, g.outChannels)]
      : Array.from({ length: g.groups }, (_, group) => packConvGroup(ws.dtype, w, bias, group, cinG, coutG, taps));
    this.wPtr = ws.floats(this.packed.reduce((n, p) => n + p.length, 0));
    this.indPtr = this.padsInput ? 0 : ws.words(outPixels(g) * taps);
    if (this.padsInput) {
      this.padded = this.method === 'winograd'
        // Whole 4x4 tiles, 2 output pixels apart, along H and W.
        ? g.outSize.map((o, a) => (a === 0 ? o : 2 * Math.ceil(o / 2) + 2))
        : g.outSize.map((o, a) => (o - 1) * g.stride[a]! + g.dilation[a]! * (g.kernel[a]! - 1) + 1);
      this.bandRows = banded ? chooseBandRows(g, this.method, this.padded, ws.size, ws.threads ?? defaultThreads()) : 0;
      if (this.bandRows) {
        // Two input and two output band buffers: the calling thread fills the next band
        // and drains the previous one while the workers compute the current one.
        this.bandHp = bandInputRows(g, this.bandRows);
        this.bandIn = [0, 1].map(() => ws.floats(this.bandHp * this.padded[2]! * g.inChannels));
        this.bandOut = [0, 1].map(() => ws.floats(this.bandRows * g.outSize[2]! * g.outChannels));
      } else {
        this.paddedPtr = needsPadding(g, this.padded) ? ws.floats(g.batch * this.padded[0]! * this.padded[1]! * this.padded[2]! * g.inChannels) : 0;
      }
      this.tapsPtr = ws.words(taps * (this.method === 'direct' && cinG < EXPAND_TAPS_BELOW ? cinG : 1));
    }
    if (this.method === 'winograd') {
      const kp = Math.ceil(g.outChannels / panelWidth(ws.dtype)) * panelWidth(ws.dtype);
      this.scratchBytes = 16 * Math.ceil(g.outSize[2]! / 2) * (g.inChannels + kp) * ws.size + 64;
      this.scratchPtr = ws.floats(scratchSlots(ws.threads) * this.scratchBytes / ws.size);
    }
    this.zeroPtr = ws.floats(g.inChannels + 4);
    this.geomPtr = ws.words(GEOMETRY_WORDS);
  }

  /**
   * For the padded-input methods: the padded buffer, if the input fits in it without
   * cropping; the caller zero-fills it, writes the input there and calls run(target.ptr, out).
   */
  inputTarget(): InputTarget | null {
    const { g } = this;
    if (!this.paddedPtr || g.padBefore.some((p, a) => p < 0 || p + g.inSize[a]! > this.padded[a]!)) return null;
    const [Dp, Hp, Wp] = this.padded as [number, number, number];
    const C = g.inChannels;
    const strides = [Dp * Hp * Wp * C, Hp * Wp * C, Wp * C, C, 1];
    const [pd, ph, pw] = g.padBefore as [number, number, number];
    return { ptr: this.paddedPtr, count: g.batch * Dp * Hp * Wp * C, strides, offset: pd * strides[1]! + ph * strides[2]! + pw * C };
  }

  /** Zeroes the parts of inputTarget()'s buffer that the input does not cover. */
  zeroPadding(): void {
    const { ws, g } = this;
    const [Dp, Hp, Wp] = this.padded as [number, number, number];
    const [pd, ph, pw] = g.padBefore as [number, number, number];
    const [D, H, W] = g.inSize as [number, number, number];
    const C = g.inChannels, row = Wp * C;
    const element = (at: number): number => this.paddedPtr + at * ws.size;
    for (let n = 0, at = 0; n < g.batch; n++) {
      for (let d = 0; d < Dp; d++) {
        for (let h = 0; h < Hp; h++, at += row) {
          if (d < pd || d >= pd + D || h < ph || h >= ph + H) { ws.zero(element(at), row); continue; }
          ws.zero(element(at), pw * C);
          ws.zero(element(at + (pw + W) * C), row - (pw + W) * C);
        }
      }
    }
  }

  /** Writes the packed weights and the zero buffer into the heap. */
  private prepare(): void {
    const { ws, g } = this;
    ws.zero(this.zeroPtr, g.inChannels + 4);
    let offset = 0;
    for (const p of this.packed) { ws.view(this.wPtr + offset * ws.size, p.length).set(p); offset += p.length; }
  }

  /**
   * The banded pipeline (bandRows > 0): per image and band of output rows, `fill` writes
   * input rows [ih0, ih1) of image n into the band buffer, the kernel computes the band,
   * and `drain` copies its output rows [oh0, oh0 + count) (dense [count, oW, outChannels]
   * at `ptr`) out. A band's input and output stay in cache between the copies and the
   * kernel, where whole-tensor passes go to memory three times. Every output row is
   * computed exactly as by run(), so the bits do not depend on the bands.
   */
  runBands(fill: BandFill, drain: (n: number, oh0: number, count: number, ptr: number) => void): void {
    const { ws, g } = this;
    if (!this.bandRows) throw new Error('convnd internal: runBands on a convolution planned without bands');
    if (outPixels(g) === 0) return;
    this.prepare();
    const C = g.inChannels, Wp = this.padded[2]!;
    const [, pH, pW] = g.padBefore as [number, number, number];
    const H = g.inSize[1]!, oH = g.outSize[1]!, sH = g.stride[1]!;
    const rowElements = Wp * C;
    for (const ptr of this.bandIn) ws.zero(ptr, this.bandHp * rowElements);
    const columns = Math.min(g.inSize[2]!, Wp - pW);
    const bands: { n: number; oh0: number; count: number }[] = [];
    for (let n = 0; n < g.batch; n++) {
      for (let oh0 = 0; oh0 < oH; oh0 += this.bandRows) bands.push({ n, oh0, count: Math.min(this.bandRows, oH - oh0) });
    }
    const load = (i: number): void => {
      const { n, oh0, count } = bands[i]!, band = this.bandIn[i % 2]!;
      const ph0 = oh0 * sH, used = bandInputRows(g, count);
      const ih0 = Math.max(0, ph0 - pH), ih1 = Math.min(H, ph0 + used - pH);
      // Rows of this band in the padding (zero); they may hold input rows of an earlier band.
      for (let r = 0; r < used; r++) {
        const ih = ph0 + r - pH;
        if (ih < 0 || ih >= H) ws.zero(band + r * rowElements * ws.size, rowElements);
      }
      if (ih1 > ih0) fill(n, ih0, ih1, { ptr: band, offset: (ih0 + pH - ph0) * rowElements + pW * C, rowStride: rowElements, columns });
    };
    const unload = (i: number): void => drain(bands[i]!.n, bands[i]!.oh0, bands[i]!.count, this.bandOut[i % 2]!);
    load(0);
    for (let i = 0; i < bands.length; i++) {
      this.runPadded(this.bandIn[i % 2]!, this.bandHp, this.bandRows, bands[i]!.count, this.bandOut[i % 2]!, () => {
        if (i + 1 < bands.length) load(i + 1);
        if (i > 0) unload(i - 1);
      });
    }
    unload(bands.length - 1);
  }

  /** x: the dense input, or the padded buffer of inputTarget() already filled. */
  run(x: number, out: number): void {
    const { ws, g } = this;
    const size = ws.size;
    const rows = outPixels(g), taps = kernelTaps(g);
    if (rows === 0) return;
    if (this.bandRows) throw new Error('convnd internal: run on a convolution planned with bands');
    this.prepare();
    if (this.padsInput) { this.runDirect(x, out); return; }
    buildIndirection(ws, this.geomPtr, this.indPtr, x, this.zeroPtr, g.inChannels * size, g);
    if (this.method === 'depthwise-indirect') {
      ws.run('depthwise', [this.indPtr, 0, 0, taps, g.outChannels, this.wPtr, out], 1, rows, rows * taps * g.outChannels);
      return;
    }
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    const outRow = g.outChannels * size;
    let wOffset = this.wPtr;
    for (let group = 0; group < g.groups; group++) {
      ws.run('igemm', [this.indPtr, this.zeroPtr, group * cinG * size, 0, 0, taps, cinG,
        wOffset, coutG, out + group * coutG * size, outRow, 0], 3, rows, rows * taps * cinG * coutG);
      wOffset += this.packed[group]!.length * size;
    }
  }

  private runDirect(x: number, out: number): void {
    const { ws, g } = this;
    let xp = x;
    if (this.paddedPtr && x !== this.paddedPtr) { padInput(ws, x, this.paddedPtr, g, this.padded); xp = this.paddedPtr; }
    this.runPadded(xp, this.padded[1]!, g.outSize[1]!, g.batch * g.outSize[0]! * g.outSize[1]!, out);
  }

  /**
   * Runs the padded-input kernel over `rows` output rows (n, od, oh) of a buffer whose
   * padded height is Hp, with oH output rows per (n, od) (a band: one (n, od) and oH its
   * row capacity).
   */
  private runPadded(xp: number, Hp: number, oH: number, rows: number, out: number, meanwhile?: () => void): void {
    const { ws, g } = this;
    const size = ws.size;
    const Dp = this.padded[0]!, Wp = this.padded[2]!;
    const pixelBytes = g.inChannels * size;
    ws.int32(this.geomPtr, 10).set([pixelBytes, Dp, Hp, Wp, g.outSize[0]!, oH, g.outSize[2]!, g.stride[0]!, g.stride[1]!, g.stride[2]!]);
    const tapOffsets = ws.int32(this.tapsPtr, kernelTaps(g));
    let s = 0;
    for (let kd = 0; kd < g.kernel[0]!; kd++) {
      for (let kh = 0; kh < g.kernel[1]!; kh++) {
        for (let kw = 0; kw < g.kernel[2]!; kw++) {
          tapOffsets[s++] = ((kd * g.dilation[0]! * Hp + kh * g.dilation[1]!) * Wp + kw * g.dilation[2]!) * pixelBytes;
        }
      }
    }
    const work = rows * g.outSize[2]! * kernelTaps(g) * g.outChannels * (g.inChannels / g.groups);
    if (this.method === 'winograd') {
      const tileRows = g.batch * g.outSize[0]! * Math.ceil(g.outSize[1]! / 2);
      ws.run('winograd', [xp, this.geomPtr, this.wPtr, g.inChannels, g.outChannels, 0, 0, 0, out], 5, tileRows, work,
        { arg: 7, base: this.scratchPtr, bytes: this.scratchBytes });
      return;
    }
    if (this.method === 'depthwise-rows') {
      // The kernel rows' (kd, kh) first taps only (kw = 0, every third entry, compacted
      // in place): the kernel walks the 3 taps along W itself.
      const kernelRows = g.kernel[0]! * g.kernel[1]!;
      for (let r = 0; r < kernelRows; r++) tapOffsets[r] = tapOffsets[r * 3]!;
      ws.run('depthwiseRows', [xp, this.geomPtr, this.tapsPtr, kernelRows, g.outChannels, this.wPtr,
        this.packed[0]!.length / (kernelTaps(g) + 1), 0, 0, out], 7, rows, work, undefined, meanwhile);
      return;
    }
    if (this.method === 'depthwise') {
      ws.run('depthwiseDirect', [xp, this.geomPtr, this.tapsPtr, kernelTaps(g), g.outChannels, this.wPtr, 0, 0, out], 6, rows, work, undefined, meanwhile);
      return;
    }
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    // Few channels per tap (RGB first layers): one table entry per (tap, channel), so the
    // kernel runs its one-channel loop (no inner channel loop and its pointer updates)
    // over taps * channels entries in the same order, giving the same sums.
    let ks = kernelTaps(g), kc = cinG;
    if (cinG > 1 && cinG < EXPAND_TAPS_BELOW) {
      const expanded = ws.int32(this.tapsPtr, ks * cinG);
      for (let t = ks - 1; t >= 0; t--) {
        for (let c = cinG - 1; c >= 0; c--) expanded[t * cinG + c] = expanded[t]! + c * size;
      }
      ks *= cinG;
      kc = 1;
    }
    let wOffset = this.wPtr;
    for (let group = 0; group < g.groups; group++) {
      ws.run('convDirect', [xp, this.geomPtr, this.tapsPtr, ks, kc, group * cinG * size, 0, 0,
        wOffset, coutG, out + group * coutG * size, g.outChannels * size], 6, rows, work / g.groups,
        undefined, group === 0 ? meanwhile : undefined);
      wOffset += this.packed[group]!.length * size;
    }
  }
}

/**
 * Where runBands writes a band's input rows: element `offset` of the band buffer at `ptr`
 * is input pixel (ih0, 0) of the rows being filled, rows are `rowStride` elements apart,
 * pixels `inChannels`; `columns` pixels of each row are taken (W, less any cropped).
 */
export interface BandTarget {
  ptr: number;
  offset: number;
  rowStride: number;
  columns: number;
}
export type BandFill = (n: number, ih0: number, ih1: number, target: BandTarget) => void;

/**
 * The direct method expands its tap table to (tap, channel) entries below this many
 * channels per group. Measured (Wasm kernel, f32, one thread): 1.15x faster on L3
 * ([1,224,224,3] 7x7 3->64 stride 2), 1.03-1.08x with 4-16 channels, never slower.
 */
const EXPAND_TAPS_BELOW = 17;

/** Padded input rows that `count` output rows read (along H). */
function bandInputRows(g: ConvGeometry, count: number): number {
  return (count - 1) * g.stride[1]! + g.dilation[1]! * (g.kernel[1]! - 1) + 1;
}

/** Input plus output bytes of a band, sized to stay in a core's L2 cache with room to spare. */
const BAND_BYTES = 512 * 1024;
/** Below this many bytes of padded input plus output, whole-tensor passes stay in cache anyway. */
const BANDED_MIN_BYTES = 4 * 1024 * 1024;
let bandSizes = { bytes: BAND_BYTES, minBytes: BANDED_MIN_BYTES };

/**
 * Overrides the band size and the size from which bands are used (tests run small
 * problems in many bands; benchmarks compare band sizes). null restores the defaults.
 */
export function setBandSizes(sizes: { bytes: number; minBytes: number } | null): void {
  bandSizes = sizes ?? { bytes: BAND_BYTES, minBytes: BANDED_MIN_BYTES };
}

/**
 * Output rows per band for runBands, or 0 where bands do not apply: only the row-wise
 * padded kernels of 1-d and 2-d convolutions (one depth slice), no negative padding, and
 * only when the tensors would not stay in cache.
 */
function chooseBandRows(g: ConvGeometry, method: ForwardMethod, padded: number[], size: number, threads: number): number {
  if (method !== 'depthwise' && method !== 'depthwise-rows' && method !== 'direct') return 0;
  if (g.inSize[0] !== 1 || g.kernel[0] !== 1 || g.padBefore.some((p) => p < 0)) return 0;
  const Wp = padded[2]!, oH = g.outSize[1]!, oW = g.outSize[2]!;
  const total = g.batch * (padded[1]! * Wp * g.inChannels + oH * oW * g.outChannels) * size;
  if (total < bandSizes.minBytes) return 0;
  const perRow = (g.stride[1]! * Wp * g.inChannels + oW * g.outChannels) * size;
  const rows = Math.max(1, Math.min(oH, Math.floor(bandSizes.bytes / perRow)));
  // Bands of near-equal height, so that no band carries a mostly idle halo.
  const bands = Math.ceil(oH / rows);
  if (threads === 1) return Math.ceil(oH / bands);
  // On threads, every band must be worth handing to the pool, or nothing overlaps.
  const parallelRows = Math.ceil(MIN_PARALLEL_WORK / (oW * kernelTaps(g) * g.outChannels * (g.inChannels / g.groups)));
  if (rows >= parallelRows && Math.ceil(oH / bands) >= parallelRows) return Math.ceil(oH / bands);
  return Math.ceil(oH / Math.max(1, Math.floor(oH / parallelRows)));
}

/** True unless the input already is exactly the padded extent (no padding, nothing cropped). */
function needsPadding(g: ConvGeometry, padded: number[]): boolean {
  return g.padBefore.some((p) => p !== 0) || g.inSize.some((n, a) => n !== padded[a]);
}

/**
 * Copies x [N, D, H, W, C] into xp [N, Dp, Hp, Wp, C] at offset padBefore per axis
 * (negative padBefore crops), zeros elsewhere.
 */
function padInput(ws: Workspace, x: number, xp: number, g: ConvGeometry, padded: number[]): void {
  const C = g.inChannels;
  const [D, H, W] = g.inSize as [number, number, number];
  const [Dp, Hp, Wp] = padded as [number, number, number];
  const [pd, ph, pw] = g.padBefore as [number, number, number];
  const src = ws.view(x, g.batch * D * H * W * C);
  const dst = ws.view(xp, g.batch * Dp * Hp * Wp * C);
  ws.zero(xp, g.batch * Dp * Hp * Wp * C);
  const range = (n: number, p: number, np: number): [number, number] => [Math.max(0, -p), Math.min(n, np - p)];
  const [d0, d1] = range(D, pd, Dp), [h0, h1] = range(H, ph, Hp), [w0, w1] = range(W, pw, Wp);
  if (w1 <= w0) return;
  const rowLength = (w1 - w0) * C;
  for (let n = 0; n < g.batch; n++) {
    for (let d = d0; d < d1; d++) {
      for (let h = h0; h < h1; h++) {
        const s = (((n * D + d) * H + h) * W + w0) * C;
        const t = (((n * Dp + d + pd) * Hp + h + ph) * Wp + w0 + pw) * C;
        dst.set(src.subarray(s, s + rowLength), t);
      }
    }
  }
}
