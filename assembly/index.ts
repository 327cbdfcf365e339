// Entry point of the kernels module: re-exports every kernel and the heap base.
export { correlateValidBatchF64, correlateValidBatchF32 } from './direct/correlate-valid';
export { igemmF32, igemmF64 } from './nn/igemm';
export { convDirectF32, convDirectF64 } from './nn/conv-direct';
export { depthwiseF32, depthwiseF64 } from './nn/depthwise';
export {
  packIm2colPanelsF32, packIm2colPanelsF64, col2imF32, col2imF64, transposeF32, transposeF64,
} from './nn/im2col';
export { buildIndirection } from './nn/indirection';

/** First byte after static data: the JS-side allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
