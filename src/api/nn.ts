// PyTorch-style convolution layers (the `nn` namespace): validate -> normalise -> plan ->
// execute (src/nn/conv.ts). Every user-facing error of the family is thrown here.
import { ArgumentError } from '../errors.js';
import { kernelFlavour, MAX_HEAP_BYTES } from '../kernels/instance.js';
import { resultDType, toView } from '../ndarray/normalize.js';
import type { ArrayInput, NDArray, View } from '../ndarray/types.js';
import {
  convolution, convolutionBackward, transposedConvolution, type ConvGradients, type NnProblem,
} from '../nn/conv.js';
import {
  convOutLength, kernelTaps, outPixels, inPixels, samePadding, toThreeAxes, transposedOutLength,
  type ConvGeometry, type Padding,
} from '../nn/geometry.js';
import type { Layout } from '../nn/layout.js';
import { checkOptions, checkThreads } from './options.js';

export type { ConvGradients } from '../nn/conv.js';

export interface NnConvOptions {
  /** Bias of shape [outChannels], added to every output pixel. */
  bias?: ArrayInput | null;
  /** Stride per spatial axis (default 1). */
  stride?: number | number[];
  /**
   * Zero padding (default 0): a number for every side; one number per spatial axis
   * (both sides, PyTorch's tuple); per side as [before0, after0, before1, after1, ...]
   * or [[before0, after0], [before1, after1], ...]; 'valid' (none); or 'same'
   * (stride 1 only; output size = input size, the odd element of padding on the
   * right/bottom as PyTorch does).
   */
  padding?: number | number[] | number[][] | 'valid' | 'same';
  /** Spacing of kernel taps per spatial axis (default 1). */
  dilation?: number | number[];
  /** Channel groups (default 1); groups = inChannels = outChannels is depthwise. */
  groups?: number;
  /**
   * 'NCHW' (default, PyTorch): x [N, C, ...spatial], weight [C_out, C_in / groups, ...kernel].
   * 'NHWC' (TensorFlow): x [N, ...spatial, C], weight [...kernel, C_in / groups, C_out].
   */
  layout?: Layout;
  /** Threads (the calling one included; default every core). Results are bit-identical for any count. */
  threads?: number;
}

export interface NnConvTransposeOptions extends Omit<NnConvOptions, 'padding'> {
  /** As for conv, without 'same' (PyTorch's transposed padding: removed from the output). */
  padding?: number | number[] | number[][] | 'valid';
  /** Extra rows/columns added to one side of the output (each < stride or < dilation). */
  outputPadding?: number | number[];
}

export type NnConvBackwardOptions = Omit<NnConvOptions, 'bias'>;

/** The options of conv1d / conv2d / conv3d (the contract's list). */
const CONV_OPTIONS: readonly (keyof NnConvOptions)[] = ['bias', 'stride', 'padding', 'dilation', 'groups', 'layout', 'threads'];

interface Prepared {
  problem: NnProblem;
  x: View;
  w: View;
  bias: View | null;
  /** True when x had no batch axis (PyTorch's unbatched input). */
  unbatched: boolean;
}

function checkLayout(layout: unknown): Layout {
  if (layout === undefined) return 'NCHW';
  if (layout === 'NCHW' || layout === 'NHWC') return layout;
  throw new ArgumentError('layout', `must be 'NCHW' or 'NHWC', got ${JSON.stringify(layout)}`);
}

function isCount(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

/** A number for every axis or exactly `rank` integers >= min. */
function perAxis(value: unknown, rank: number, name: string, fallback: number, min: number): number[] {
  if (value === undefined) return new Array<number>(rank).fill(fallback);
  const list = typeof value === 'number' ? new Array<number>(rank).fill(value) : value;
  if (!Array.isArray(list) || list.length !== rank || !list.every((v) => isCount(v, min))) {
    throw new ArgumentError(name, `must be an integer >= ${min} or ${rank} of them, got ${JSON.stringify(value)}`);
  }
  return list as number[];
}

function checkPadding(value: unknown, rank: number, kernel: number[], dilation: number[], stride: number[], allowSame: boolean): Padding {
  if (value === undefined || value === 'valid') return { before: new Array<number>(rank).fill(0), after: new Array<number>(rank).fill(0) };
  if (value === 'same') {
    if (!allowSame) throw new ArgumentError('padding', "'same' is not supported for transposed convolutions");
    if (stride.some((s) => s !== 1)) throw new ArgumentError('padding', "'same' is not supported for strided convolutions (PyTorch's rule)");
    return samePadding(kernel, dilation);
  }
  const bad = (): never => {
    throw new ArgumentError('padding', `must be a non-negative integer, ${rank} of them, ${2 * rank} (before/after per axis), ` +
      `${rank} [before, after] pairs, 'valid'${allowSame ? " or 'same'" : ''}; got ${JSON.stringify(value)}`);
  };
  if (isCount(value, 0)) return { before: new Array<number>(rank).fill(value), after: new Array<number>(rank).fill(value) };
  if (!Array.isArray(value)) return bad();
  if (value.length === rank && value.every((v) => isCount(v, 0))) return { before: [...value], after: [...value] };
  if (value.length === 2 * rank && value.every((v) => isCount(v, 0))) {
    return { before: value.filter((_, i) => i % 2 === 0), after: value.filter((_, i) => i % 2 === 1) };
  }
  if (value.length === rank && value.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => isCount(v, 0)))) {
    return { before: value.map((p) => p[0]), after: value.map((p) => p[1]) };
  }
  return bad();
}

/** Reads x as a batched view; an input with one axis less is PyTorch's unbatched input. */
function batchedView(x: View, rank: number, name = 'x'): { x: View; unbatched: boolean } {
  if (x.shape.length === rank + 2) return { x, unbatched: false };
  if (x.shape.length === rank + 1) {
    return { x: { ...x, shape: [1, ...x.shape], strides: [0, ...x.strides] }, unbatched: true };
  }
  throw new ArgumentError(name, `expected ${rank + 2} dimensions (batched) or ${rank + 1} (unbatched), got ${x.shape.length} (shape [${x.shape.join(', ')}])`);
}

function checkBias(bias: unknown, channels: number): View | null {
  if (bias === undefined || bias === null) return null;
  const v = toView(bias as ArrayInput, 'bias');
  if (v.shape.length !== 1 || v.shape[0] !== channels) {
    throw new ArgumentError('bias', `expected shape [${channels}], got [${v.shape.join(', ')}]`);
  }
  return v;
}

/** The nn kernels have SIMD bodies only; the scalar build traps in them. */
function checkSimd(): void {
  if (kernelFlavour() === 'scalar') {
    throw new Error('convnd nn: these layers need WebAssembly SIMD, which this runtime lacks');
  }
}

function checkMemory(g: ConvGeometry, size: number): void {
  checkSimd();
  const taps = kernelTaps(g);
  const bytes = (inPixels(g) * g.inChannels * 2 + outPixels(g) * (g.outChannels * 2 + taps)) * size;
  if (!(bytes < MAX_HEAP_BYTES)) {
    throw new ArgumentError('x', `this convolution needs about ${Math.round(bytes / 2 ** 20)} MiB of working memory, more than WebAssembly's 4 GiB`);
  }
}

interface Channels {
  /** Channels of x and the weight's [O, I, ...kernel] in the layout-independent order. */
  xChannels: number;
  xSpatial: number[];
  o: number;
  i: number;
  kernel: number[];
}

function readChannels(x: View, w: View, rank: number, layout: Layout): Channels {
  if (w.shape.length !== rank + 2) {
    throw new ArgumentError('w', `expected ${rank + 2} dimensions, got ${w.shape.length} (shape [${w.shape.join(', ')}])`);
  }
  const nhwc = layout === 'NHWC';
  const xChannels = nhwc ? x.shape[rank + 1]! : x.shape[1]!;
  const xSpatial = nhwc ? x.shape.slice(1, rank + 1) : x.shape.slice(2);
  const o = nhwc ? w.shape[rank + 1]! : w.shape[0]!;
  const i = nhwc ? w.shape[rank]! : w.shape[1]!;
  const kernel = nhwc ? w.shape.slice(0, rank) : w.shape.slice(2);
  if (kernel.some((k) => k === 0) || o === 0 || i === 0) {
    throw new ArgumentError('w', `has a zero-length axis (shape [${w.shape.join(', ')}])`);
  }
  return { xChannels, xSpatial, o, i, kernel };
}

function checkGroups(groups: unknown): number {
  if (groups === undefined) return 1;
  if (!isCount(groups, 1)) throw new ArgumentError('groups', `must be a positive integer, got ${JSON.stringify(groups)}`);
  return groups;
}

function describe(v: View): string {
  return `[${v.shape.join(', ')}]`;
}

/** What every layer validates first: options, layout, threads, then x (batched) and w. */
function readOperands<O extends NnConvOptions>(rank: number, xIn: ArrayInput, wIn: ArrayInput, options: unknown, known: readonly (keyof O & string)[]) {
  const opts = checkOptions<O>(options, known);
  const layout = checkLayout(opts.layout);
  const threads = checkThreads(opts.threads);
  const { x, unbatched } = batchedView(toView(xIn, 'x'), rank);
  const w = toView(wIn, 'w');
  return { opts, layout, threads, x, unbatched, w, c: readChannels(x, w, rank, layout) };
}

function prepareForward(rank: number, xIn: ArrayInput, wIn: ArrayInput, options: unknown): Prepared {
  const { opts, layout, threads, x, unbatched, w, c } = readOperands<NnConvOptions>(rank, xIn, wIn, options, CONV_OPTIONS);
  const groups = checkGroups(opts.groups);
  if (c.o % groups !== 0) throw new ArgumentError('groups', `${groups} does not divide the weight's ${c.o} output channels`);
  if (c.xChannels % groups !== 0) throw new ArgumentError('groups', `${groups} does not divide the input's ${c.xChannels} channels`);
  if (c.i * groups !== c.xChannels) {
    throw new ArgumentError('x', `given groups=${groups} and weight of shape ${describe(w)}, expected ${c.i * groups} input channels, got ${c.xChannels} (shape ${describe(x)})`);
  }
  const stride = perAxis(opts.stride, rank, 'stride', 1, 1);
  const dilation = perAxis(opts.dilation, rank, 'dilation', 1, 1);
  const pad = checkPadding(opts.padding, rank, c.kernel, dilation, stride, true);
  const outSize = c.xSpatial.map((n, a) => convOutLength(n, c.kernel[a]!, stride[a]!, dilation[a]!, pad.before[a]!, pad.after[a]!));
  c.xSpatial.forEach((n, a) => {
    if (outSize[a]! < 1) {
      throw new ArgumentError('x', `padded input size ${n + pad.before[a]! + pad.after[a]!} along spatial axis ${a} is smaller than the dilated kernel size ${dilation[a]! * (c.kernel[a]! - 1) + 1}`);
    }
  });
  const bias = checkBias(opts.bias, c.o);
  const g: ConvGeometry = {
    batch: x.shape[0]!, inChannels: c.xChannels, outChannels: c.o, groups,
    inSize: toThreeAxes(c.xSpatial, 1), outSize: toThreeAxes(outSize, 1), kernel: toThreeAxes(c.kernel, 1),
    stride: toThreeAxes(stride, 1), dilation: toThreeAxes(dilation, 1), padBefore: toThreeAxes(pad.before, 0),
  };
  const dtype = bias ? resultDType(x, w, bias) : resultDType(x, w);
  checkMemory(g, dtype === 'float32' ? 4 : 8);
  return { problem: { g, rank, layout, dtype, threads }, x, w, bias, unbatched };
}

function dropBatch(a: NDArray, unbatched: boolean): NDArray {
  if (!unbatched) return a;
  return { ...a, shape: a.shape.slice(1), strides: a.strides.slice(1) };
}

function forward(rank: number, x: ArrayInput, w: ArrayInput, opts: unknown): NDArray {
  const p = prepareForward(rank, x, w, opts);
  return dropBatch(convolution(p.problem, p.x, p.w, p.bias), p.unbatched);
}

/**
 * 1-d convolution (cross-correlation, PyTorch's `torch.nn.functional.conv1d`).
 * x: [N, C_in, L] (or [C_in, L]); w: [C_out, C_in / groups, K]. With layout 'NHWC',
 * x is [N, L, C_in] and w is [K, C_in / groups, C_out].
 *
 * @example
 * const y = nn.conv1d(array(new Float32Array(2 * 3 * 10), [2, 3, 10]),
 *                     array(new Float32Array(4 * 3 * 5), [4, 3, 5]), { padding: 'same' });
 * // y.shape = [2, 4, 10]
 */
export function conv1d(x: ArrayInput, w: ArrayInput, opts?: NnConvOptions): NDArray {
  return forward(1, x, w, opts);
}

/**
 * 2-d convolution (cross-correlation, PyTorch's `torch.nn.functional.conv2d`) with
 * bias, stride, padding (including 'same' and per-side), dilation and groups.
 * x: [N, C_in, H, W] (or [C_in, H, W]); w: [C_out, C_in / groups, kH, kW].
 * With layout 'NHWC': x [N, H, W, C_in], w [kH, kW, C_in / groups, C_out].
 *
 * @example
 * const x = array(new Float32Array(1 * 3 * 32 * 32), [1, 3, 32, 32]);
 * const w = array(new Float32Array(16 * 3 * 3 * 3), [16, 3, 3, 3]);
 * const y = nn.conv2d(x, w, { stride: 2, padding: 1 }); // y.shape = [1, 16, 16, 16]
 */
export function conv2d(x: ArrayInput, w: ArrayInput, opts?: NnConvOptions): NDArray {
  return forward(2, x, w, opts);
}

/**
 * 3-d convolution (PyTorch's `torch.nn.functional.conv3d`).
 * x: [N, C_in, D, H, W]; w: [C_out, C_in / groups, kD, kH, kW]
 * (NHWC: x [N, D, H, W, C_in], w [kD, kH, kW, C_in / groups, C_out]).
 *
 * @example
 * const y = nn.conv3d(zeros([1, 2, 8, 8, 8], 'float32'), zeros([4, 2, 3, 3, 3], 'float32'));
 * // y.shape = [1, 4, 6, 6, 6]
 */
export function conv3d(x: ArrayInput, w: ArrayInput, opts?: NnConvOptions): NDArray {
  return forward(3, x, w, opts);
}

/**
 * 2-d transposed convolution (PyTorch's `torch.nn.functional.conv_transpose2d`):
 * the gradient of conv2d with respect to its input. x: [N, C_in, H, W];
 * w: [C_in, C_out / groups, kH, kW] (NHWC: x [N, H, W, C_in], w [kH, kW, C_out / groups, C_in],
 * TensorFlow's conv2d_transpose filter). Output size per axis:
 * (H - 1) * stride - padBefore - padAfter + dilation * (kH - 1) + outputPadding + 1.
 *
 * @example
 * const y = nn.convTranspose2d(zeros([1, 8, 7, 7], 'float32'), zeros([8, 4, 3, 3], 'float32'),
 *                              { stride: 2, padding: 1, outputPadding: 1 });
 * // y.shape = [1, 4, 14, 14]
 */
export function convTranspose2d(xIn: ArrayInput, wIn: ArrayInput, options?: NnConvTransposeOptions): NDArray {
  const rank = 2;
  // In the adjoint forward convolution F, the weight's O axis meets x's channels.
  const { opts, layout, threads, x, unbatched, w, c } = readOperands<NnConvTransposeOptions>(rank, xIn, wIn, options, [...CONV_OPTIONS, 'outputPadding']);
  const groups = checkGroups(opts.groups);
  if (c.o % groups !== 0) throw new ArgumentError('groups', `${groups} does not divide the input's ${c.o} channels (weight axis 0)`);
  if (c.o !== c.xChannels) {
    throw new ArgumentError('x', `weight of shape ${describe(w)} expects ${c.o} input channels, got ${c.xChannels} (shape ${describe(x)})`);
  }
  const stride = perAxis(opts.stride, rank, 'stride', 1, 1);
  const dilation = perAxis(opts.dilation, rank, 'dilation', 1, 1);
  const outputPadding = perAxis(opts.outputPadding, rank, 'outputPadding', 0, 0);
  outputPadding.forEach((op, a) => {
    if (op >= stride[a]! && op >= dilation[a]!) {
      throw new ArgumentError('outputPadding', `must be smaller than either stride or dilation along axis ${a}, got ${op} (stride ${stride[a]}, dilation ${dilation[a]})`);
    }
  });
  const pad = checkPadding(opts.padding, rank, c.kernel, dilation, stride, false);
  const outSize = c.xSpatial.map((n, a) =>
    transposedOutLength(n, c.kernel[a]!, stride[a]!, dilation[a]!, pad.before[a]!, pad.after[a]!, outputPadding[a]!));
  outSize.forEach((n, a) => {
    if (n < 1) throw new ArgumentError('padding', `makes the output size along spatial axis ${a} ${n}; it must be positive`);
  });
  const bias = checkBias(opts.bias, c.i * groups);
  const g: ConvGeometry = {
    batch: x.shape[0]!, inChannels: c.i * groups, outChannels: c.o, groups,
    inSize: toThreeAxes(outSize, 1), outSize: toThreeAxes(c.xSpatial, 1), kernel: toThreeAxes(c.kernel, 1),
    stride: toThreeAxes(stride, 1), dilation: toThreeAxes(dilation, 1), padBefore: toThreeAxes(pad.before, 0),
  };
  const dtype = bias ? resultDType(x, w, bias) : resultDType(x, w);
  checkMemory(g, dtype === 'float32' ? 4 : 8);
  return dropBatch(transposedConvolution({ g, rank, layout, dtype, threads }, x, w, bias), unbatched);
}

/**
 * Backward pass of conv2d: given x, w and gradOut = dL/dy for y = conv2d(x, w, opts),
 * returns dL/dx, dL/dw (in w's layout) and dL/dbias (shape [C_out]).
 *
 * @example
 * const x = zeros([2, 3, 8, 8], 'float32'), w = zeros([4, 3, 3, 3], 'float32');
 * const y = nn.conv2d(x, w, { padding: 1 });
 * const { gradInput, gradWeight, gradBias } = nn.conv2dBackward(x, w, y, { padding: 1 });
 */
export function conv2dBackward(xIn: ArrayInput, wIn: ArrayInput, gradOutIn: ArrayInput, opts?: NnConvBackwardOptions): ConvGradients {
  // The forward call's options are accepted as they are; its bias does not change the gradients asked for here.
  const { bias: _ignored, ...rest } = checkOptions<NnConvOptions>(opts, CONV_OPTIONS);
  const p = prepareForward(2, xIn, wIn, rest);
  const { g, layout } = p.problem;
  const gradOutView = toView(gradOutIn, 'gradOut');
  const { x: gradOut, unbatched } = batchedView(gradOutView, 2, 'gradOut');
  const expected = layout === 'NHWC'
    ? [g.batch, g.outSize[1]!, g.outSize[2]!, g.outChannels]
    : [g.batch, g.outChannels, g.outSize[1]!, g.outSize[2]!];
  if (unbatched !== p.unbatched || gradOut.shape.some((n, i) => n !== expected[i])) {
    const shown = p.unbatched ? expected.slice(1) : expected;
    throw new ArgumentError('gradOut', `expected the output shape [${shown.join(', ')}], got [${gradOutView.shape.join(', ')}]`);
  }
  const dtype = resultDType(p.x, p.w, gradOut);
  const grads = convolutionBackward({ ...p.problem, dtype }, p.x, p.w, gradOut);
  return { ...grads, gradInput: dropBatch(grads.gradInput, p.unbatched) };
}
