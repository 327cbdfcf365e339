// The public `nn` namespace (re-exported as `nn` from src/index.ts).
export {
  conv1d, conv2d, conv3d, convTranspose2d, conv2dBackward,
  type NnConvOptions, type NnConvTransposeOptions, type NnConvBackwardOptions, type ConvGradients,
} from './nn.js';
