// Non-generic exports of the FFT kernels, one per element type. The kernels are SIMD
// only: in a build without SIMD (the optional scalar flavour) the bodies compile away
// and src/fft/real-nd.ts refuses to run (see requireSimd).
import { cfftColumns, convolveColumns } from './complex-columns';
import { convolveRows, irfftRows, rfftRows } from './real-rows';
import { multiplySpectra } from './spectrum-product';

export function rfftRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) rfftRows<f64>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function rfftRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) rfftRows<f32>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function irfftRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) irfftRows<f64>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function irfftRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) irfftRows<f32>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function cfftColumnsF64(plan: usize, data: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, inverse: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) cfftColumns<f64>(plan, data, elemStride, imOffset, outerStride, first, count, groups, inverse, bufA, bufB);
}
export function cfftColumnsF32(plan: usize, data: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, inverse: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) cfftColumns<f32>(plan, data, elemStride, imOffset, outerStride, first, count, groups, inverse, bufA, bufB);
}
export function multiplySpectraF64(table: usize, first: i32, count: i32, rows: i32, rowStride: usize, groups: i32, imOffset: usize, scale: f64): void {
  if (ASC_FEATURE_SIMD) multiplySpectra<f64>(table, first, count, rows, rowStride, groups, imOffset, scale);
}
export function multiplySpectraF32(table: usize, first: i32, count: i32, rows: i32, rowStride: usize, groups: i32, imOffset: usize, scale: f32): void {
  if (ASC_FEATURE_SIMD) multiplySpectra<f32>(table, first, count, rows, rowStride, groups, imOffset, scale);
}
export function convolveColumnsF64(plan: usize, data: usize, kernel: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, scale: f64, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) convolveColumns<f64>(plan, data, kernel, elemStride, imOffset, outerStride, first, count, groups, scale, bufA, bufB);
}
export function convolveColumnsF32(plan: usize, data: usize, kernel: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, scale: f32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) convolveColumns<f32>(plan, data, kernel, elemStride, imOffset, outerStride, first, count, groups, scale, bufA, bufB);
}
export function convolveRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, kernel: usize, scale: f64, first: i32, count: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) convolveRows<f64>(plan, data, rowStride, imOffset, kernel, scale, first, count, bufA, bufB);
}
export function convolveRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, kernel: usize, scale: f32, first: i32, count: i32, bufA: usize, bufB: usize): void {
  if (ASC_FEATURE_SIMD) convolveRows<f32>(plan, data, rowStride, imOffset, kernel, scale, first, count, bufA, bufB);
}
