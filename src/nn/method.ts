// Which kernel runs a forward convolution (pure; the thresholds come from bench/nn.ts).
import type { ConvGeometry } from './geometry.js';

/**
 * 'depthwise': one input and one output channel per group (MobileNet-style layers),
 *   a direct channels-last kernel: the GEMM would have a single column per group.
 * 'igemm': everything else, an indirect GEMM over (taps x input channels).
 */
export type ForwardMethod = 'depthwise' | 'igemm';

export function chooseForwardMethod(g: ConvGeometry): ForwardMethod {
  if (g.groups > 1 && g.groups === g.inChannels && g.groups === g.outChannels) return 'depthwise';
  return 'igemm';
}
