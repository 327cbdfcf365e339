// Input gradient of a forward convolution F, i.e. the transposed convolution:
//   gradIn[n, i, ci] = sum over (o, tap, co) with i = o * stride - padBefore + tap * dilation
//                      of gradOut[n, o, co] * w[co, ci, tap]
// Two plans:
// - every stride 1: a forward convolution of gradOut with the adjoint weights (channels
//   swapped, taps reversed) and padding dilation * (k - 1) - padBefore;
// - otherwise col2im: per group and chunk of rows, cols = gradOut x W^T by igemm, then
//   each cols row is scatter-added into gradIn through F's indirection table.
import { kernelTaps, outPixels, inPixels, type ConvGeometry } from './geometry.js';
import { ForwardConv, buildIndirection, GEOMETRY_WORDS } from './forward.js';
import { adjointWeights, packGemm } from './pack.js';
import type { FloatArray } from '../ndarray/types.js';
import type { Workspace } from './workspace.js';

/** Rows of cols per chunk: about 2 MiB of cols at a time. */
function chunkRows(rowElements: number, size: number): number {
  return Math.max(4, Math.floor((2 << 20) / Math.max(1, rowElements * size)));
}

export class InputGrad {
  private readonly adjoint: ForwardConv | null = null;
  private readonly packed: FloatArray[] = [];
  private readonly wPtr: number = 0;
  private readonly indPtr: number = 0;
  private readonly rowsPtr: number = 0;
  private readonly colsPtr: number = 0;
  private readonly geomPtr: number = 0;
  private readonly chunk: number = 0;

  constructor(private readonly ws: Workspace, private readonly g: ConvGeometry, w: Float64Array) {
    const taps = kernelTaps(g);
    if (g.stride.every((s) => s === 1)) {
      const adjointG: ConvGeometry = {
        batch: g.batch, inChannels: g.outChannels, outChannels: g.inChannels, groups: g.groups,
        inSize: g.outSize, outSize: g.inSize, kernel: g.kernel, stride: g.stride, dilation: g.dilation,
        padBefore: g.padBefore.map((p, i) => g.dilation[i]! * (g.kernel[i]! - 1) - p),
      };
      this.adjoint = new ForwardConv(ws, adjointG, adjointWeights(w, g.inChannels, g.outChannels, g.groups, taps), null);
      return;
    }
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    // GEMM row k = output channel, column n = tap * cinG + ci.
    for (let group = 0; group < g.groups; group++) {
      const base = group * coutG;
      this.packed.push(packGemm(ws.dtype, coutG, taps * cinG,
        (co, n) => w[((base + co) * cinG + (n % cinG)) * taps + Math.floor(n / cinG)]!, null));
    }
    this.wPtr = ws.floats(this.packed.reduce((n, p) => n + p.length, 0));
    this.indPtr = ws.words(outPixels(g) * taps);
    this.rowsPtr = ws.words(outPixels(g));
    this.chunk = Math.min(outPixels(g), chunkRows(taps * cinG, ws.size));
    this.colsPtr = ws.floats(this.chunk * taps * cinG);
    this.geomPtr = ws.words(GEOMETRY_WORDS);
  }

  /** gradOut: [N, oD, oH, oW, outChannels]; gradIn (written): [N, D, H, W, inChannels]. */
  run(gradOut: number, gradIn: number): void {
    if (this.adjoint) { this.adjoint.run(gradOut, gradIn); return; }
    const { ws, g } = this;
    const k = ws.k, size = ws.size;
    const rows = outPixels(g), taps = kernelTaps(g);
    ws.zero(gradIn, inPixels(g) * g.inChannels);
    if (rows === 0) return;
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    let offset = 0;
    for (const p of this.packed) { ws.view(this.wPtr + offset * size, p.length).set(p); offset += p.length; }
    // F's table over gradIn (padding taps hold 0, which col2im skips) and a table of
    // gradOut rows (a 1x1 "convolution" over gradOut).
    buildIndirection(ws, this.geomPtr, this.indPtr, gradIn, 0, g.inChannels * size, g);
    const rowsG: ConvGeometry = {
      ...g, inSize: g.outSize, kernel: [1, 1, 1], stride: [1, 1, 1], dilation: [1, 1, 1], padBefore: [0, 0, 0],
    };
    buildIndirection(ws, this.geomPtr, this.rowsPtr, gradOut, 0, g.outChannels * size, rowsG);
    const col2im = size === 4 ? k.col2imF32 : k.col2imF64;
    const colsRow = taps * cinG * size;
    let wOffset = this.wPtr;
    for (let group = 0; group < g.groups; group++) {
      for (let first = 0; first < rows; first += this.chunk) {
        const count = Math.min(this.chunk, rows - first);
        // Tables offset to the chunk's first row, so cols row 0 is output pixel `first`.
        // The GEMM is split over threads; col2im stays on this thread (rows of one image
        // may add into the same gradIn pixel).
        ws.run('igemm', [this.rowsPtr + first * 4, 0, group * coutG * size, 0, 0, 1, coutG,
          wOffset, taps * cinG, this.colsPtr, colsRow, 0], 3, count, count * coutG * taps * cinG);
        col2im(this.indPtr + first * taps * 4, 0, group * cinG * size, 0, count, taps, cinG, this.colsPtr, colsRow);
      }
      wOffset += this.packed[group]!.length * size;
    }
  }
}
