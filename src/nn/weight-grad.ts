// Weight and bias gradients of a forward convolution F:
//   gradW[co, ci, tap] = sum over (n, o) of gradOut[n, o, co] * x[n, o * stride - padBefore + tap * dilation, ci]
// per group as a GEMM with K = output pixels, in chunks of rows:
//   A = gradOut^T chunk ([coutG][chunk], transposed by Wasm),
//   B = the im2col chunk of x packed as GEMM panels straight from F's indirection table,
// accumulated into gradW laid out [outChannels][taps][cinG].
import { kernelTaps, outPixels, type ConvGeometry } from './geometry.js';
import { buildIndirection, GEOMETRY_WORDS } from './forward.js';
import { packedGemmLength } from './pack.js';
import type { Workspace } from './workspace.js';

const CHUNK_ROWS = 256;

export class WeightGrad {
  private readonly indPtr: number;
  private readonly zeroPtr: number;
  private readonly geomPtr: number;
  private readonly aPtr: number;
  private readonly aRowsPtr: number;
  private readonly panelsPtr: number;
  private readonly chunk: number;

  constructor(private readonly ws: Workspace, private readonly g: ConvGeometry) {
    const taps = kernelTaps(g), rows = outPixels(g);
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    this.chunk = Math.max(1, Math.min(CHUNK_ROWS, rows));
    this.indPtr = ws.words(rows * taps);
    this.zeroPtr = ws.floats(g.inChannels + 4);
    this.geomPtr = ws.words(GEOMETRY_WORDS);
    this.aPtr = ws.floats(coutG * this.chunk);
    this.aRowsPtr = ws.words(coutG);
    this.panelsPtr = ws.floats(packedGemmLength(ws.dtype, this.chunk, taps * cinG));
  }

  /**
   * x: [N, D, H, W, inChannels], gradOut: [N, oD, oH, oW, outChannels];
   * gradW (written): [outChannels][taps][cinG].
   */
  run(x: number, gradOut: number, gradW: number): void {
    const { ws, g } = this;
    const k = ws.k, size = ws.size;
    const rows = outPixels(g), taps = kernelTaps(g);
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    const cols = taps * cinG;
    ws.view(gradW, g.outChannels * cols).fill(0);
    if (rows === 0) return;
    ws.view(this.zeroPtr, g.inChannels + 4).fill(0);
    buildIndirection(ws, this.geomPtr, this.indPtr, x, this.zeroPtr, g.inChannels * size, g);
    const aRowBytes = this.chunk * size;
    const aRows = new Uint32Array(ws.k.memory.buffer, this.aRowsPtr, coutG);
    for (let co = 0; co < coutG; co++) aRows[co] = this.aPtr + co * aRowBytes;
    const nr = size === 4 ? 8 : 4;
    const blocks = Math.ceil(cols / nr);
    const igemm = size === 4 ? k.igemmF32 : k.igemmF64;
    const pack = size === 4 ? k.packIm2colPanelsF32 : k.packIm2colPanelsF64;
    const transpose = size === 4 ? k.transposeF32 : k.transposeF64;
    for (let group = 0; group < g.groups; group++) {
      for (let first = 0; first < rows; first += this.chunk) {
        const count = Math.min(this.chunk, rows - first);
        // A[co][r] = gradOut[first + r][group * coutG + co]; rows past count stay unused
        // because K = count below.
        transpose(gradOut + first * g.outChannels * size + group * coutG * size, g.outChannels * size,
          0, count, coutG, this.aPtr, aRowBytes);
        pack(this.indPtr, this.zeroPtr, group * cinG * size, first, count, taps, cinG, 0, blocks, this.panelsPtr);
        igemm(this.aRowsPtr, 0, 0, 0, coutG, 1, count, this.panelsPtr, cols,
          gradW + group * coutG * cols * size, cols * size, first === 0 ? 0 : 1);
      }
    }
  }
}

/** gradBias[co] = sum over every output pixel of gradOut[pixel, co]. */
export function biasGrad(gradOut: ArrayLike<number>, pixels: number, channels: number): Float64Array {
  const out = new Float64Array(channels);
  for (let p = 0, i = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++, i++) out[c] = out[c]! + gradOut[i]!;
  }
  return out;
}
