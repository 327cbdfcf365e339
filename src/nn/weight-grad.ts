// Weight and bias gradients of a forward convolution F:
//   gradW[co, ci, tap] = sum over (n, o) of gradOut[n, o, co] * x[n, o * stride - padBefore + tap * dilation, ci]
// computed per group by assembly/nn/weight-grad.ts straight from F's indirection table
// over x, in chunks of output pixels so that the chunk's gradOut rows and x pixels stay
// in cache while every tap and channel tile sweeps over them. Threads split the (tap,
// block of 4 output channels) items, never the pixels, so every element is summed in
// the same order for any thread count. gradW is laid out [outChannels][taps][cinG].
import { kernelTaps, outPixels, type ConvGeometry } from './geometry.js';
import { buildIndirection, GEOMETRY_WORDS } from './forward.js';
import type { Workspace } from './workspace.js';

/** Output pixels per sweep (measured on L1 of bench/nn.ts: 128..512 are within noise). */
export const CHUNK_ROWS = 256;

/** Elements x must be followed by: the kernel may read two vectors past a pixel. */
export const WEIGHT_GRAD_SLACK = 8;

export class WeightGrad {
  private readonly indPtr: number;
  private readonly zeroPtr: number;
  private readonly geomPtr: number;

  constructor(private readonly ws: Workspace, private readonly g: ConvGeometry) {
    this.indPtr = ws.words(outPixels(g) * kernelTaps(g));
    this.zeroPtr = ws.floats(g.inChannels + WEIGHT_GRAD_SLACK);
    this.geomPtr = ws.words(GEOMETRY_WORDS);
  }

  /**
   * x: [N, D, H, W, inChannels] followed by WEIGHT_GRAD_SLACK elements;
   * gradOut: [N, oD, oH, oW, outChannels]; gradW (written): [outChannels][taps][cinG].
   */
  run(x: number, gradOut: number, gradW: number): void {
    const { ws, g } = this;
    const size = ws.size;
    const rows = outPixels(g), taps = kernelTaps(g);
    const cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups;
    ws.zero(gradW, g.outChannels * taps * cinG);
    if (rows === 0) return;
    ws.zero(this.zeroPtr, g.inChannels + WEIGHT_GRAD_SLACK);
    buildIndirection(ws, this.geomPtr, this.indPtr, x, this.zeroPtr, g.inChannels * size, g);
    for (let group = 0; group < g.groups; group++) {
      ws.run('weightGrad', [this.indPtr, this.zeroPtr, group * cinG * size, gradOut, g.outChannels * size, group * coutG * size,
        rows, CHUNK_ROWS, taps, cinG, coutG, 0, 0, gradW + group * coutG * taps * cinG * size],
      11, taps * Math.ceil(coutG / 4), rows * taps * cinG * coutG);
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
