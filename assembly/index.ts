// Entry point of the kernels module: re-exports every kernel and the heap base.
export {
  correlateRowsF64, correlateRowsF32, correlateRowsScalarF64, correlateRowsScalarF32, correlatePairsF64, correlatePairsF32,
} from './direct/correlate-rows';
export {
  rfftRowsF64, rfftRowsF32, irfftRowsF64, irfftRowsF32,
  cfftColumnsF64, cfftColumnsF32, multiplySpectraF64, multiplySpectraF32,
  convolveColumnsF64, convolveColumnsF32, convolveSegmentsF64, convolveSegmentsF32,
  rfftRowsColumnsF64, rfftRowsColumnsF32, irfftColumnsRowsF64, irfftColumnsRowsF32,
} from './fft/index';
export {
  correlate1dSlabF64, uniform1dSlabF64, correlate1dLinesF64, uniform1dLinesF64, correlate1dFusedF64,
  linesScratchBytes, uniformSlabScratchBytes, fusedScratchBytes, roundToF32,
} from './separable/passes';
export { uniformFusedF64, uniformFusedScratchBytes } from './separable/uniform-fused';
export { correlateOffsetsF64 } from './ndimage/correlate-offsets';
export { copyRowsF64 } from './ndimage/copy-rows';
export { sumIntoF64 } from './ndimage/sum-into';
export { transposeSlabsF64, transposeSlabsF32 } from './copy/transpose';
export { zeroBytes } from './copy/zero-bytes';
export { igemmF32, igemmF64 } from './nn/igemm';
export { convDirectF32, convDirectF64 } from './nn/conv-direct';
export { depthwiseF32, depthwiseF64, depthwiseDirectF32, depthwiseDirectF64 } from './nn/depthwise';
export { depthwiseRowsF32, depthwiseRowsF64 } from './nn/depthwise-rows';
export { col2imF32, col2imF64 } from './nn/col2im';
export { buildIndirection } from './nn/indirection';
export { weightGradF32, weightGradF64 } from './nn/weight-grad';
export { winogradF32, winogradF64 } from './nn/winograd';

/** First byte after static data: the JS-side allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
