// Entry point of the kernels module: re-exports every kernel and the heap base.
export { correlateValidBatchF64, correlateValidBatchF32 } from './direct/correlate-valid';
export { igemmF32, igemmF64 } from './nn/igemm';
export { convDirectF32, convDirectF64 } from './nn/conv-direct';
export { depthwiseF32, depthwiseF64, depthwiseDirectF32, depthwiseDirectF64 } from './nn/depthwise';
export { col2imF32, col2imF64 } from './nn/col2im';
export { buildIndirection } from './nn/indirection';
export { weightGradF32, weightGradF64 } from './nn/weight-grad';

/** First byte after static data: the JS-side allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
