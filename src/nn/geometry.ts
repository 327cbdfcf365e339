// Shapes of PyTorch convolutions as pure data: no Wasm, no user-facing errors (src/api/nn.ts
// validates and turns the reasons returned here into ArgumentErrors).
//
// Internally every convolution is channels last with three spatial axes (D, H, W);
// conv1d and conv2d put unit axes in front (kernel 1, stride 1, dilation 1, no padding).

/** A forward convolution y = conv(x, w): x is [batch, ...inSize, inChannels]. */
export interface ConvGeometry {
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  /** Per spatial axis, always length 3 (D, H, W). */
  inSize: number[];
  outSize: number[];
  kernel: number[];
  stride: number[];
  dilation: number[];
  /** Zero padding before each axis (may be negative for internal transposed use). */
  padBefore: number[];
}

/** Padding per axis and side, as the user gave it after normalisation. */
export interface Padding {
  before: number[];
  after: number[];
}

/** PyTorch's 'same' padding: total d * (k - 1), the odd extra element on the right. */
export function samePadding(kernel: readonly number[], dilation: readonly number[]): Padding {
  const before: number[] = [], after: number[] = [];
  kernel.forEach((k, i) => {
    const total = dilation[i]! * (k - 1);
    before.push(Math.floor(total / 2));
    after.push(total - Math.floor(total / 2));
  });
  return { before, after };
}

/** Output length of a convolution along one axis (may be < 1: the caller rejects it). */
export function convOutLength(n: number, k: number, s: number, d: number, before: number, after: number): number {
  return Math.floor((n + before + after - d * (k - 1) - 1) / s) + 1;
}

/** Output length of a transposed convolution along one axis (PyTorch's formula). */
export function transposedOutLength(
  n: number, k: number, s: number, d: number, before: number, after: number, outputPadding: number,
): number {
  return (n - 1) * s - before - after + d * (k - 1) + outputPadding + 1;
}

/** Lifts per-axis values of a 1-, 2- or 3-d convolution to three axes. */
export function toThreeAxes(values: readonly number[], fill: number): number[] {
  return [...new Array<number>(3 - values.length).fill(fill), ...values];
}

/** Number of output pixels (GEMM rows) and kernel taps. */
export function outPixels(g: ConvGeometry): number {
  return g.batch * g.outSize[0]! * g.outSize[1]! * g.outSize[2]!;
}

export function inPixels(g: ConvGeometry): number {
  return g.batch * g.inSize[0]! * g.inSize[1]! * g.inSize[2]!;
}

export function kernelTaps(g: ConvGeometry): number {
  return g.kernel[0]! * g.kernel[1]! * g.kernel[2]!;
}
