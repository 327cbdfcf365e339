// Entry point of the kernels module: re-exports every kernel and the heap base.
export { correlateValidBatchF64, correlateValidBatchF32 } from './direct/correlate-valid';

/** First byte after static data: the JS-side allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
