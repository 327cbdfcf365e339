// Forward convolution on channels-last buffers in the Wasm heap.
//
// Construct (reserves heap space and packs the weights), commit the workspace, then
// run(x, out). x is [N, D, H, W, inChannels], out is [N, oD, oH, oW, outChannels].
import type { FloatArray } from '../ndarray/types.js';
import { kernelTaps, outPixels, type ConvGeometry } from './geometry.js';
import { chooseForwardMethod, type ForwardMethod } from './method.js';
import { packConvGroup, packDepthwise } from './pack.js';
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

export class ForwardConv {
  readonly method: ForwardMethod;
  private readonly packed: FloatArray[];
  private readonly wPtr: number;
  private readonly indPtr: number;
  private readonly zeroPtr: number;
  private readonly geomPtr: number;

  constructor(private readonly ws: Workspace, private readonly g: ConvGeometry, w: Float64Array, bias: Float64Array | null) {
    this.method = chooseForwardMethod(g);
    const taps = kernelTaps(g);
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    this.packed = this.method === 'depthwise'
      ? [packDepthwise(ws.dtype, w, bias, g.outChannels, taps)]
      : Array.from({ length: g.groups }, (_, group) => packConvGroup(ws.dtype, w, bias, group, cinG, coutG, taps));
    this.wPtr = ws.floats(this.packed.reduce((n, p) => n + p.length, 0));
    this.indPtr = ws.words(outPixels(g) * taps);
    this.zeroPtr = ws.floats(g.inChannels + 4);
    this.geomPtr = ws.words(GEOMETRY_WORDS);
  }

  run(x: number, out: number): void {
    const { ws, g } = this;
    const k = ws.k, size = ws.size;
    const rows = outPixels(g), taps = kernelTaps(g);
    if (rows === 0) return;
    ws.view(this.zeroPtr, g.inChannels + 4).fill(0);
    let offset = 0;
    for (const p of this.packed) { ws.view(this.wPtr + offset * size, p.length).set(p); offset += p.length; }
    buildIndirection(ws, this.geomPtr, this.indPtr, x, this.zeroPtr, g.inChannels * size, g);
    if (this.method === 'depthwise') {
      const run = size === 4 ? k.depthwiseF32 : k.depthwiseF64;
      run(this.indPtr, 0, rows, taps, g.outChannels, this.wPtr, out);
      return;
    }
    const igemm = size === 4 ? k.igemmF32 : k.igemmF64;
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    let wOffset = this.wPtr;
    for (let group = 0; group < g.groups; group++) {
      igemm(this.indPtr, this.zeroPtr, group * cinG * size, 0, rows, taps, cinG,
        wOffset, coutG, out + group * coutG * size, g.outChannels * size, 0);
      wOffset += this.packed[group]!.length * size;
    }
  }
}
