// nn pipelines from normalised views to results: copy into the Wasm heap channels last,
// run the planned kernels, copy out in the caller's layout. Inputs here are already
// validated by src/api/nn.ts.
import { releaseIfLarge } from '../kernels/instance.js';
import { copyBox } from '../ndarray/copy-box.js';
import { copyStrided } from '../conv/strided-copy.js';
import { allocate, allocateUninitialized, fromDense } from '../ndarray/create.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, NDArray, View } from '../ndarray/types.js';
import { ForwardConv } from './forward.js';
import { inPixels, kernelTaps, outPixels, type ConvGeometry } from './geometry.js';
import { InputGrad } from './input-grad.js';
import { activationShape, channelsLastBox, weightOIBox, weightShape, type Layout } from './layout.js';
import { biasGrad, WeightGrad, WEIGHT_GRAD_SLACK } from './weight-grad.js';
import { Workspace } from './workspace.js';

export interface NnProblem {
  /** Forward geometry F (for a transposed convolution: the adjoint forward one). */
  g: ConvGeometry;
  /** Number of spatial axes the caller sees (1, 2 or 3). */
  rank: number;
  layout: Layout;
  dtype: DType;
  /** Threads for the kernels (undefined = every core). */
  threads?: number | undefined;
}

/** Dense float64 [O][I][taps] copy of a weight given in the caller's layout. */
export function canonicalWeights(w: View, layout: Layout): Float64Array {
  const box = weightOIBox(w, layout);
  const out = new Float64Array(sizeOf(box.extent));
  copyBox(box.extent, w.data, box.strides, box.offset, out, cStrides(box.extent), 0);
  return out;
}

function toFloat64(v: View): Float64Array {
  const out = new Float64Array(sizeOf(v.shape));
  copyBox(v.shape, v.data, v.strides, v.offset, out, cStrides(v.shape), 0);
  return out;
}

function spatial(size: number[], rank: number): number[] {
  return size.slice(3 - rank);
}

/** Copies a channels-last heap buffer [N, ...spatial, C] out in the caller's layout. */
function unloadActivation(ws: Workspace, ptr: number, batch: number, size: number[], channels: number, p: NnProblem): NDArray {
  const sp = spatial(size, p.rank);
  const count = batch * sizeOf(sp) * channels;
  const heap = ws.view(ptr, count);
  const shape = activationShape(batch, sp, channels, p.layout);
  // Every element is written below.
  const out = allocateUninitialized(p.dtype, count);
  if (p.layout === 'NHWC') { out.set(heap); return fromDense(out, shape); }
  const box = channelsLastBox(shape, cStrides(shape), 0, 'NCHW');
  copyBox(box.extent, heap, cStrides(box.extent), 0, out, box.strides, 0);
  return fromDense(out, shape);
}

function loadActivation(ws: Workspace, ptr: number, v: View, p: NnProblem, count: number): void {
  ws.load(ptr, v.data, channelsLastBox(v.shape, v.strides, v.offset, p.layout), count);
}

/** y = conv(x, w) + bias. */
export function convolution(p: NnProblem, x: View, w: View, bias: View | null): NDArray {
  const { g } = p;
  const ws = new Workspace(p.dtype, p.threads);
  const inCount = inPixels(g) * g.inChannels, outCount = outPixels(g) * g.outChannels;
  const conv = new ForwardConv(ws, g, canonicalWeights(w, p.layout), bias ? toFloat64(bias) : null, undefined, true);
  if (conv.bandRows) return convolutionInBands(p, ws, conv, x);
  const target = conv.inputTarget();
  // Write x straight into the kernel's padded buffer when it has one.
  const xPtr = target ? target.ptr : ws.floats(inCount), outPtr = ws.floats(outCount);
  ws.commit();
  if (target) {
    conv.zeroPadding();
    const box = channelsLastBox(x.shape, x.strides, x.offset, p.layout);
    // Box axes: N, the caller's spatial axes (the last `rank` of D, H, W), C.
    const strides = [target.strides[0]!, ...target.strides.slice(4 - p.rank, 4), 1];
    ws.load(target.ptr, x.data, box, target.count, strides, target.offset);
  } else {
    loadActivation(ws, xPtr, x, p, inCount);
  }
  conv.run(xPtr, outPtr);
  const y = unloadActivation(ws, outPtr, g.batch, g.outSize, g.outChannels, p);
  releaseIfLarge();
  return y;
}

/**
 * The forward convolution through ForwardConv.runBands (1-d and 2-d: one depth slice):
 * input rows go from x into the band buffer and output rows from the band into the
 * result, so each element crosses memory once on the way in and once on the way out.
 */
function convolutionInBands(p: NnProblem, ws: Workspace, conv: ForwardConv, x: View): NDArray {
  const { g, rank } = p;
  ws.commit();
  const C = g.inChannels, K = g.outChannels, oH = g.outSize[1]!, oW = g.outSize[2]!;
  // The input's strides along n, h, w, c (h absent in 1-d).
  const box = channelsLastBox(x.shape, x.strides, x.offset, p.layout);
  const [sn, sh, sw, sc] = [box.strides[0]!, rank >= 2 ? box.strides[rank - 1]! : 0, box.strides[rank]!, box.strides[rank + 1]!];
  const shape = activationShape(g.batch, spatial(g.outSize, rank), K, p.layout);
  // Every element is written: the bands cover every (n, oh) and drain whole rows.
  const result = allocateUninitialized(p.dtype, g.batch * oH * oW * K);
  // Where band pixel (row, column, channel) goes in the result.
  const outStrides = p.layout === 'NHWC' ? [oW * K, K, 1] : [oW, 1, oH * oW];
  conv.runBands(
    (n, ih0, ih1, t) => {
      const band = ws.view(t.ptr, t.offset + (ih1 - ih0) * t.rowStride);
      copyStrided([ih1 - ih0, t.columns, C], x.data, [sh, sw, sc], box.offset + n * sn + ih0 * sh, band, [t.rowStride, C, 1], t.offset);
    },
    (n, oh0, count, ptr) => {
      const band = ws.view(ptr, count * oW * K);
      if (p.layout === 'NHWC') { result.set(band, (n * oH + oh0) * oW * K); return; }
      copyStrided([count, oW, K], band, [oW * K, K, 1], 0, result, outStrides, n * K * oH * oW + oh0 * oW);
    },
  );
  releaseIfLarge();
  return fromDense(result, shape);
}

/** Transposed convolution: the input gradient of F applied to x (F's output shape). */
export function transposedConvolution(p: NnProblem, x: View, w: View, bias: View | null): NDArray {
  const { g } = p;
  const ws = new Workspace(p.dtype, p.threads);
  const inCount = outPixels(g) * g.outChannels, outCount = inPixels(g) * g.inChannels;
  const xPtr = ws.floats(inCount), outPtr = ws.floats(outCount);
  // PyTorch's transposed weight [in, out / groups, ...k] is F's [outF, inF / groups, ...k].
  const grad = new InputGrad(ws, g, canonicalWeights(w, p.layout));
  ws.commit();
  loadActivation(ws, xPtr, x, p, inCount);
  grad.run(xPtr, outPtr);
  if (bias) {
    const b = toFloat64(bias), y = ws.view(outPtr, outCount);
    for (let i = 0; i < outCount; i++) y[i] = y[i]! + b[i % g.inChannels]!;
  }
  const y = unloadActivation(ws, outPtr, g.batch, g.inSize, g.inChannels, p);
  releaseIfLarge();
  return y;
}

export interface ConvGradients {
  gradInput: NDArray;
  gradWeight: NDArray;
  gradBias: NDArray;
}

/** Gradients of sum(gradOut * conv(x, w)) with respect to x, w and the bias. */
export function convolutionBackward(p: NnProblem, x: View, w: View, gradOut: View): ConvGradients {
  const { g } = p;
  const ws = new Workspace(p.dtype, p.threads);
  const inCount = inPixels(g) * g.inChannels, outCount = outPixels(g) * g.outChannels;
  const taps = kernelTaps(g), cinG = g.inChannels / g.groups;
  const xPtr = ws.floats(inCount + WEIGHT_GRAD_SLACK), gradOutPtr = ws.floats(outCount), gradInPtr = ws.floats(inCount);
  const gradWPtr = ws.floats(g.outChannels * taps * cinG);
  const inputGrad = new InputGrad(ws, g, canonicalWeights(w, p.layout));
  const weightGrad = new WeightGrad(ws, g);
  ws.commit();
  loadActivation(ws, xPtr, x, p, inCount);
  loadActivation(ws, gradOutPtr, gradOut, p, outCount);
  inputGrad.run(gradOutPtr, gradInPtr);
  weightGrad.run(xPtr, gradOutPtr, gradWPtr);

  const gradInput = unloadActivation(ws, gradInPtr, g.batch, g.inSize, g.inChannels, p);
  // gradW in the heap is [O][taps][I]; return it in the caller's weight layout.
  const kernel = spatial(g.kernel, p.rank);
  const wShape = weightShape(g.outChannels, cinG, kernel, p.layout);
  const gradWeight = allocate(p.dtype, g.outChannels * taps * cinG);
  const heapBox = [g.outChannels, ...kernel, cinG];
  const heapStrides = cStrides(heapBox);
  const dstStrides = cStrides(wShape);
  // Destination stride of each heap axis (O, ...k, I) in the caller's layout.
  const r = kernel.length;
  const outStrides = p.layout === 'NCHW'
    ? [dstStrides[0]!, ...dstStrides.slice(2), dstStrides[1]!]
    : [dstStrides[r + 1]!, ...dstStrides.slice(0, r), dstStrides[r]!];
  copyBox(heapBox, ws.view(gradWPtr, gradWeight.length), heapStrides, 0, gradWeight, outStrides, 0);
  const gb = biasGrad(ws.view(gradOutPtr, outCount), outPixels(g), g.outChannels);
  const gradBias = allocate(p.dtype, g.outChannels);
  gradBias.set(gb);
  releaseIfLarge();
  return { gradInput, gradWeight: fromDense(gradWeight, wShape), gradBias: fromDense(gradBias, [g.outChannels]) };
}
