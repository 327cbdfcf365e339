// Non-generic exports of the FFT kernels, one per element type.
import { cfftColumns, convolveColumns } from './complex-columns';
import { convolveRows, irfftRows, rfftRows } from './real-rows';
import { multiplySpectra } from './spectrum-product';

export function rfftRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  rfftRows<f64>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function rfftRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  rfftRows<f32>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function irfftRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  irfftRows<f64>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function irfftRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, first: i32, count: i32, bufA: usize, bufB: usize): void {
  irfftRows<f32>(plan, data, rowStride, imOffset, first, count, bufA, bufB);
}
export function cfftColumnsF64(plan: usize, data: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, inverse: i32, bufA: usize, bufB: usize): void {
  cfftColumns<f64>(plan, data, elemStride, imOffset, outerStride, first, count, groups, inverse, bufA, bufB);
}
export function cfftColumnsF32(plan: usize, data: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, inverse: i32, bufA: usize, bufB: usize): void {
  cfftColumns<f32>(plan, data, elemStride, imOffset, outerStride, first, count, groups, inverse, bufA, bufB);
}
export function multiplySpectraF64(table: usize, first: i32, count: i32, rows: i32, rowStride: usize, groups: i32, imOffset: usize, scale: f64): void {
  multiplySpectra<f64>(table, first, count, rows, rowStride, groups, imOffset, scale);
}
export function multiplySpectraF32(table: usize, first: i32, count: i32, rows: i32, rowStride: usize, groups: i32, imOffset: usize, scale: f32): void {
  multiplySpectra<f32>(table, first, count, rows, rowStride, groups, imOffset, scale);
}
export function convolveColumnsF64(plan: usize, data: usize, kernel: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, scale: f64, bufA: usize, bufB: usize): void {
  convolveColumns<f64>(plan, data, kernel, elemStride, imOffset, outerStride, first, count, groups, scale, bufA, bufB);
}
export function convolveColumnsF32(plan: usize, data: usize, kernel: usize, elemStride: usize, imOffset: usize, outerStride: usize, first: i32, count: i32, groups: i32, scale: f32, bufA: usize, bufB: usize): void {
  convolveColumns<f32>(plan, data, kernel, elemStride, imOffset, outerStride, first, count, groups, scale, bufA, bufB);
}
export function convolveRowsF64(plan: usize, data: usize, rowStride: usize, imOffset: usize, kernel: usize, scale: f64, first: i32, count: i32, bufA: usize, bufB: usize): void {
  convolveRows<f64>(plan, data, rowStride, imOffset, kernel, scale, first, count, bufA, bufB);
}
export function convolveRowsF32(plan: usize, data: usize, rowStride: usize, imOffset: usize, kernel: usize, scale: f32, first: i32, count: i32, bufA: usize, bufB: usize): void {
  convolveRows<f32>(plan, data, rowStride, imOffset, kernel, scale, first, count, bufA, bufB);
}
