// Which kernel runs a forward convolution (pure; the thresholds come from bench/nn.ts).
import type { ConvGeometry } from './geometry.js';

/**
 * 'depthwise': one input and one output channel per group (MobileNet-style layers),
 *   a direct channels-last kernel over a padded input (4 pixels x 8 channels per tile);
 *   the GEMM would have a single column per group.
 * 'depthwise-indirect': the same through an indirection table, one pixel at a time.
 * 'direct': the igemm microkernel on an explicitly padded copy of the input, with tap
 *   addresses computed rather than loaded from an indirection table.
 * 'igemm': an indirect GEMM over (taps x input channels).
 */
export type ForwardMethod = 'depthwise' | 'depthwise-indirect' | 'direct' | 'igemm';

export function chooseForwardMethod(g: ConvGeometry): ForwardMethod {
  if (g.groups > 1 && g.groups === g.inChannels && g.groups === g.outChannels) return 'depthwise';
  // Measured (process CPU time, f32, one thread): direct beats igemm by 3-4x with one
  // channel per tap (L2), ~1.8x with three (L3) and by a few percent at 64 (L1), because
  // igemm reloads four row pointers per tap. An explicit im2col + GEMM lost to both.
  return 'direct';
}
