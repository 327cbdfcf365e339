// Weight gradient of a channels-last convolution, straight from the indirection table
// (no im2col, no packing):
//
//   gradW[co, s, ci] += sum_{m in rows} gradOut[m, co] * X_s[m][ci]
//
// where X_s[m] is the input pixel tap s of output pixel m reads (the indirection table).
// Register tile: 4 output channels (rows) x 2 vectors of input channels; per output pixel
// one pointer load, two vector loads of x, four splat loads of gradOut, 8 multiply-adds.
//
// Preconditions (checked by the TypeScript caller, not here):
// - `ind` as for igemm: ks u32 byte addresses per output pixel; pointers equal to
//   `zero` are padding taps and are skipped; others are shifted by aOffset;
// - every x pixel may be read up to 2 vectors past its last channel (the caller leaves
//   slack after x); those lanes are never stored;
// - gradOut rows are goRowStride bytes apart, the group's channels start at goOffset;
// - gradW rows (output channels) are ks * kc elements apart, taps kc apart; the result
//   is ADDED to gradW (the caller zeroes it first).
// Output pixels [0, rows) are swept in chunks of chunkRows (so a chunk's gradOut rows and
// x pixels stay in cache while the items sweep over them); each chunk's partial sum is
// added to gradW in chunk order. Items [itemFirst, itemFirst + itemCount) are computed,
// item = tap * ceil(coutG / 4) + block of 4 output channels: items write disjoint parts
// of gradW and each element's summation order does not depend on the item split, so
// workers can split the items and the result is bit-identical for any thread count.
import { madd } from '../direct/simd';
import { storeBlock } from './igemm';

// @ts-ignore: decorator
@inline
function weightGrad<T>(
  ind: usize, zero: usize, aOffset: usize, gradOut: usize, goRowStride: usize, goOffset: usize,
  rows: i32, chunkRows: i32, ks: i32, kc: i32, coutG: i32, itemFirst: i32, itemCount: i32, gradW: usize,
): void {
  const size = <usize>sizeof<T>();
  const nr = <i32>(32 / size);
  const wRow = <usize>(ks * kc) * size;
  const coBlocks = (coutG + 3) / 4;
  const lastCo = coutG - 1;
  for (let first = 0; first < rows; first += chunkRows) {
    const end = min(first + chunkRows, rows);
    for (let item = itemFirst; item < itemFirst + itemCount; item++) {
      const s = item / coBlocks, co = item % coBlocks * 4;
      const r1 = <usize>min(co + 1, lastCo) * size, r2 = <usize>min(co + 2, lastCo) * size, r3 = <usize>min(co + 3, lastCo) * size;
      const r0 = <usize>co * size;
      for (let ci = 0; ci < kc; ci += nr) {
        let c00 = v128.splat<i32>(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        const ciBytes = <usize>ci * size;
        let ip = ind + <usize>(first * ks + s) * 4;
        let go = gradOut + goOffset + <usize>first * goRowStride;
        for (let m = first; m < end; m++) {
          const p = <usize>load<u32>(ip);
          if (p != zero) {
            const x = p + aOffset + ciBytes;
            const b0 = v128.load(x), b1 = v128.load(x, 16);
            const v0 = v128.load_splat<T>(go + r0), v1 = v128.load_splat<T>(go + r1);
            const v2 = v128.load_splat<T>(go + r2), v3 = v128.load_splat<T>(go + r3);
            c00 = madd<T>(v0, b0, c00); c01 = madd<T>(v0, b1, c01);
            c10 = madd<T>(v1, b0, c10); c11 = madd<T>(v1, b1, c11);
            c20 = madd<T>(v2, b0, c20); c21 = madd<T>(v2, b1, c21);
            c30 = madd<T>(v3, b0, c30); c31 = madd<T>(v3, b1, c31);
          }
          ip += <usize>ks * 4;
          go += goRowStride;
        }
        const cols = min(nr, kc - ci);
        const o = gradW + <usize>s * <usize>kc * size + ciBytes;
        storeBlock<T>(o + <usize>co * wRow, c00, c01, cols, 1);
        if (co + 1 < coutG) storeBlock<T>(o + <usize>(co + 1) * wRow, c10, c11, cols, 1);
        if (co + 2 < coutG) storeBlock<T>(o + <usize>(co + 2) * wRow, c20, c21, cols, 1);
        if (co + 3 < coutG) storeBlock<T>(o + <usize>(co + 3) * wRow, c30, c31, cols, 1);
      }
    }
  }
}

export function weightGradF32(
  ind: usize, zero: usize, aOffset: usize, gradOut: usize, goRowStride: usize, goOffset: usize,
  rows: i32, chunkRows: i32, ks: i32, kc: i32, coutG: i32, itemFirst: i32, itemCount: i32, gradW: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) weightGrad<f32>(ind, zero, aOffset, gradOut, goRowStride, goOffset, rows, chunkRows, ks, kc, coutG, itemFirst, itemCount, gradW);
  else unreachable();
}

export function weightGradF64(
  ind: usize, zero: usize, aOffset: usize, gradOut: usize, goRowStride: usize, goOffset: usize,
  rows: i32, chunkRows: i32, ks: i32, kc: i32, coutG: i32, itemFirst: i32, itemCount: i32, gradW: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) weightGrad<f64>(ind, zero, aOffset, gradOut, goRowStride, goOffset, rows, chunkRows, ks, kc, coutG, itemFirst, itemCount, gradW);
  else unreachable();
}
