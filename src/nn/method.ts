// Which kernel runs a forward convolution (pure; the thresholds come from bench/nn.ts).
import type { ConvGeometry } from './geometry.js';

/**
 * 'depthwise': one input and one output channel per group (MobileNet-style layers),
 *   a direct channels-last kernel over a padded input (4 pixels x 8 channels per tile);
 *   the GEMM would have a single column per group.
 * 'depthwise-indirect': the same through an indirection table, one pixel x 16 channels
 *   (f32) per tap load; no padded copy of the input.
 * 'depthwise-rows': depthwise with a kernel 3 wide, stride 1 and dilation 1 along W, over
 *   a padded input (assembly/nn/depthwise-rows.ts): 8 pixels along W x one channel vector
 *   per tile, each input vector loaded once for the 3 taps it feeds; only where
 *   depthwiseRowsValid().
 * 'direct': the igemm microkernel on an explicitly padded copy of the input, with tap
 *   addresses computed rather than loaded from an indirection table.
 * 'igemm': an indirect GEMM over (taps x input channels).
 * 'winograd': Winograd F(2x2, 3x3) over a padded input (assembly/nn/winograd.ts); only
 *   where winogradValid().
 */
export type ForwardMethod = 'depthwise' | 'depthwise-indirect' | 'depthwise-rows' | 'direct' | 'igemm' | 'winograd';

/** One input and one output channel per group. */
export function depthwiseValid(g: ConvGeometry): boolean {
  return g.groups > 1 && g.groups === g.inChannels && g.groups === g.outChannels;
}

/** Depthwise with a kernel 3 wide, stride 1 and dilation 1 along W (any height, depth, H/D stride and dilation). */
export function depthwiseRowsValid(g: ConvGeometry): boolean {
  return depthwiseValid(g) && g.kernel[2] === 3 && g.stride[2] === 1 && g.dilation[2] === 1;
}

/** 3x3 (2D) kernel, stride 1, no dilation, one group, channels in whole vectors. */
export function winogradValid(g: ConvGeometry): boolean {
  return g.groups === 1 && g.kernel[0] === 1 && g.kernel[1] === 3 && g.kernel[2] === 3 &&
    g.stride.every((s) => s === 1) && g.dilation.every((d) => d === 1) &&
    g.inChannels % 4 === 0 && g.outChannels % 4 === 0;
}

export function chooseForwardMethod(g: ConvGeometry): ForwardMethod {
  // Depthwise, measured (Wasm kernel time, 3x3, one thread, f32 and f64): the indirect
  // kernel (16 contiguous channels per tap load) wins from 64 channels (2.4x at 128 on
  // [8,56,56,128], 3x at 256, 2x at 512) and the 4-pixel direct kernel below (1.6x at 24,
  // 1.2x at 32; even at 48).
  // depthwise-rows (kernel 3 wide, stride 1 along W), measured the same way plus the copies
  // (whole nn.conv2d call, f32 NHWC, one thread): 1.1-1.2x faster than the better of the
  // two on [8,56,56,128] and [8,112,112,32] before bands, 1.7-2.5x with 8 or 16 channels,
  // level at [8,28,28,256].
  if (depthwiseRowsValid(g)) return 'depthwise-rows';
  if (depthwiseValid(g)) return g.outChannels >= 64 ? 'depthwise-indirect' : 'depthwise';
  // Measured (Wasm kernel time, f32, one thread, 8 images of 56x56 or 28x28): Winograd
  // beats direct by 1.2x at 16 -> 16 channels, 1.5x at 32 and 64, 1.35x at 128 -> 128,
  // and loses at 8 -> 32 (the transforms outweigh the saved multiplies).
  if (winogradValid(g) && g.inChannels >= 16 && g.outChannels >= 16) return 'winograd';
  // Measured (process CPU time, f32, one thread): direct beats igemm by 3-4x with one
  // channel per tap (L2), ~1.8x with three (L3) and by a few percent at 64 (L1), because
  // igemm reloads four row pointers per tap. An explicit im2col + GEMM lost to both.
  return 'direct';
}
