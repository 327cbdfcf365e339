// Entry point of the kernels module: re-exports every kernel and the heap base.
export {
  correlateRowsF64, correlateRowsF32, correlateRowsScalarF64, correlateRowsScalarF32,
} from './direct/correlate-rows';

/** First byte after static data: the JS-side allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
