// Non-generic exports of the FFT kernels, one per element type. The kernels are SIMD
// only: in a build without SIMD (the optional scalar flavour) the bodies compile away
// and src/fft/real-nd.ts refuses to run (see requireSimd).
import { cfftColumns, convolveColumns } from './complex-columns';
import { convolveSegments, irfftRows, rfftRows } from './real-rows';
import { multiplySpectra } from './spectrum-product';

export function rfftRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize, src: usize, srcRowStride: usize, srcStride0: usize, srcStride1: usize, width: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) rfftRows<f64>(plan, data, rowStride, imOffset, rows, n0, stride0, stride1, src, srcRowStride, srcStride0, srcStride1, width, first, count, scratch);
}
export function rfftRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize, src: usize, srcRowStride: usize, srcStride0: usize, srcStride1: usize, width: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) rfftRows<f32>(plan, data, rowStride, imOffset, rows, n0, stride0, stride1, src, srcRowStride, srcStride0, srcStride1, width, first, count, scratch);
}
export function irfftRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize, dst: usize, dstRowStride: usize, dstStride0: usize, dstStride1: usize, skip: i32, width: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) irfftRows<f64>(plan, data, rowStride, imOffset, rows, n0, stride0, stride1, dst, dstRowStride, dstStride0, dstStride1, skip, width, first, count, scratch);
}
export function irfftRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize, dst: usize, dstRowStride: usize, dstStride0: usize, dstStride1: usize, skip: i32, width: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) irfftRows<f32>(plan, data, rowStride, imOffset, rows, n0, stride0, stride1, dst, dstRowStride, dstStride0, dstStride1, skip, width, first, count, scratch);
}
export function cfftColumnsF64(plan: usize, data: usize, elemStride: usize, imOffset: usize, outerStride: usize, lines: i32, groups: i32, n0: i32, stride0: usize, stride1: usize, inverse: i32, extentIn: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) cfftColumns<f64>(plan, data, elemStride, imOffset, outerStride, lines, groups, n0, stride0, stride1, inverse, extentIn, first, count, scratch);
}
export function cfftColumnsF32(plan: usize, data: usize, elemStride: usize, imOffset: usize, outerStride: usize, lines: i32, groups: i32, n0: i32, stride0: usize, stride1: usize, inverse: i32, extentIn: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) cfftColumns<f32>(plan, data, elemStride, imOffset, outerStride, lines, groups, n0, stride0, stride1, inverse, extentIn, first, count, scratch);
}
export function multiplySpectraF64(table: usize, first: i32, count: i32, rows: i32, rowStride: usize, groups: i32, imOffset: usize, scale: f64): void {
  if (ASC_FEATURE_SIMD) multiplySpectra<f64>(table, first, count, rows, rowStride, groups, imOffset, scale);
}
export function multiplySpectraF32(table: usize, first: i32, count: i32, rows: i32, rowStride: usize, groups: i32, imOffset: usize, scale: f32): void {
  if (ASC_FEATURE_SIMD) multiplySpectra<f32>(table, first, count, rows, rowStride, groups, imOffset, scale);
}
export function convolveColumnsF64(plan: usize, data: usize, kernels: usize, elemStride: usize, imOffset: usize, outerStride: usize, lines: i32, groups: i32, itemStride: usize, scale: f64, extentIn: i32, kernelExtent: i32, groupBlocks: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) convolveColumns<f64>(plan, data, kernels, elemStride, imOffset, outerStride, lines, groups, itemStride, scale, extentIn, kernelExtent, groupBlocks, first, count, scratch);
}
export function convolveColumnsF32(plan: usize, data: usize, kernels: usize, elemStride: usize, imOffset: usize, outerStride: usize, lines: i32, groups: i32, itemStride: usize, scale: f32, extentIn: i32, kernelExtent: i32, groupBlocks: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) convolveColumns<f32>(plan, data, kernels, elemStride, imOffset, outerStride, lines, groups, itemStride, scale, extentIn, kernelExtent, groupBlocks, first, count, scratch);
}
export function convolveSegmentsF64(plan: usize, src: usize, dst: usize, srcRowStride: usize, dstRowStride: usize, rows: i32, kernel: usize, kernelIm: usize, scale: f64, srcWidth: i32, skip: i32, width: i32, srcLine: usize, dstLine: usize, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) convolveSegments<f64>(plan, src, dst, srcRowStride, dstRowStride, rows, kernel, kernelIm, scale, srcWidth, skip, width, srcLine, dstLine, first, count, scratch);
}
export function convolveSegmentsF32(plan: usize, src: usize, dst: usize, srcRowStride: usize, dstRowStride: usize, rows: i32, kernel: usize, kernelIm: usize, scale: f32, srcWidth: i32, skip: i32, width: i32, srcLine: usize, dstLine: usize, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) convolveSegments<f32>(plan, src, dst, srcRowStride, dstRowStride, rows, kernel, kernelIm, scale, srcWidth, skip, width, srcLine, dstLine, first, count, scratch);
}

// Rows along the last axis, then complex columns along the axis before it, one block
// (e.g. a plane of a volume) per work unit, while the block is still in cache: the
// arguments are those of rfftRows and cfftColumns (lines = 1, forward) over the same
// blocks; unit t runs rfftRows' units [t * perBlock, (t + 1) * perBlock) and then
// cfftColumns' unit t. irfft: the inverse columns first, then the rows.
// @ts-ignore: decorator
@inline
function rowsColumns<T>(
  rowPlan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize,
  src: usize, srcRowStride: usize, srcStride0: usize, srcStride1: usize, width: i32,
  colPlan: usize, colData: usize, elemStride: usize, groups: i32, extentIn: i32,
  first: i32, count: i32, scratch: usize,
): void {
  const perBlock = (rows + (16 / <i32>sizeof<T>()) - 1) / (16 / <i32>sizeof<T>());
  for (let t = first; t < first + count; t++) {
    rfftRows<T>(rowPlan, data, rowStride, imOffset, rows, n0, stride0, stride1, src, srcRowStride, srcStride0, srcStride1, width, t * perBlock, perBlock, scratch);
    cfftColumns<T>(colPlan, colData, elemStride, imOffset, rowStride, 1, groups, n0, stride0, stride1, 0, extentIn, t, 1, scratch);
  }
}
export function rfftRowsColumnsF64(rowPlan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize, src: usize, srcRowStride: usize, srcStride0: usize, srcStride1: usize, width: i32, colPlan: usize, colData: usize, elemStride: usize, groups: i32, extentIn: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) rowsColumns<f64>(rowPlan, data, rowStride, imOffset, rows, n0, stride0, stride1, src, srcRowStride, srcStride0, srcStride1, width, colPlan, colData, elemStride, groups, extentIn, first, count, scratch);
}
export function rfftRowsColumnsF32(rowPlan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, n0: i32, stride0: usize, stride1: usize, src: usize, srcRowStride: usize, srcStride0: usize, srcStride1: usize, width: i32, colPlan: usize, colData: usize, elemStride: usize, groups: i32, extentIn: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) rowsColumns<f32>(rowPlan, data, rowStride, imOffset, rows, n0, stride0, stride1, src, srcRowStride, srcStride0, srcStride1, width, colPlan, colData, elemStride, groups, extentIn, first, count, scratch);
}

// @ts-ignore: decorator
@inline
function columnsRows<T>(
  colPlan: usize, colData: usize, elemStride: usize, groups: i32, n0: i32, colStride0: usize, colStride1: usize,
  rowPlan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, stride0: usize, stride1: usize,
  dst: usize, dstRowStride: usize, dstStride0: usize, dstStride1: usize, skip: i32, width: i32,
  first: i32, count: i32, scratch: usize,
): void {
  const perBlock = (rows + (16 / <i32>sizeof<T>()) - 1) / (16 / <i32>sizeof<T>());
  const colLength = load<i32>(colPlan);
  for (let t = first; t < first + count; t++) {
    cfftColumns<T>(colPlan, colData, elemStride, imOffset, rowStride, 1, groups, n0, colStride0, colStride1, 1, colLength, t, 1, scratch);
    irfftRows<T>(rowPlan, data, rowStride, imOffset, rows, n0, stride0, stride1, dst, dstRowStride, dstStride0, dstStride1, skip, width, t * perBlock, perBlock, scratch);
  }
}
export function irfftColumnsRowsF64(colPlan: usize, colData: usize, elemStride: usize, groups: i32, n0: i32, colStride0: usize, colStride1: usize, rowPlan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, stride0: usize, stride1: usize, dst: usize, dstRowStride: usize, dstStride0: usize, dstStride1: usize, skip: i32, width: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) columnsRows<f64>(colPlan, colData, elemStride, groups, n0, colStride0, colStride1, rowPlan, data, rowStride, imOffset, rows, stride0, stride1, dst, dstRowStride, dstStride0, dstStride1, skip, width, first, count, scratch);
}
export function irfftColumnsRowsF32(colPlan: usize, colData: usize, elemStride: usize, groups: i32, n0: i32, colStride0: usize, colStride1: usize, rowPlan: usize, data: usize, rowStride: usize, imOffset: usize, rows: i32, stride0: usize, stride1: usize, dst: usize, dstRowStride: usize, dstStride0: usize, dstStride1: usize, skip: i32, width: i32, first: i32, count: i32, scratch: usize): void {
  if (ASC_FEATURE_SIMD) columnsRows<f32>(colPlan, colData, elemStride, groups, n0, colStride0, colStride1, rowPlan, data, rowStride, imOffset, rows, stride0, stride1, dst, dstRowStride, dstStride0, dstStride1, skip, width, first, count, scratch);
}
