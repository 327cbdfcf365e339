// Transposing copies inside the heap: the (S, S, N) <-> (N, S, S) reorders of the FFT
// paths' staging (src/conv/heap-transpose.ts walks the outer axes and calls these once
// per 2-d slab).
//
// For each slab s < slabs, i < n, j < m:
//   dst[s * dstSlab + i + j * dstStride] = src[s * srcSlab + i * srcStride + j]
// i.e. axis i is contiguous in dst and axis j in src. Strides in elements of T, slab
// steps in bytes. Walked in TILE x TILE tiles so reads and writes both stay in cache;
// with SIMD (f64) a 2 x 2 block moves with two loads, two shuffles and two stores.
//
// Preconditions: src and dst do not overlap; every addressed element exists.

import { store2x2 } from '../fft/lane-transpose';

const TILE: i32 = 32;

// @ts-ignore: decorator
@inline
function transposeSlab<T>(src: usize, srcStride: usize, dst: usize, dstStride: usize, n: i32, m: i32): void {
  const size = <usize>sizeof<T>();
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = min(n, i0 + TILE);
    for (let j0 = 0; j0 < m; j0 += TILE) {
      const j1 = min(m, j0 + TILE);
      let i = i0;
      if (ASC_FEATURE_SIMD && size == 8) {
        for (; i + 2 <= i1; i += 2) {
          const r0 = src + (<usize>i * srcStride) * 8, r1 = r0 + srcStride * 8;
          let j = j0;
          for (; j + 2 <= j1; j += 2) {
            const a = v128.load(r0 + (<usize>j << 3)), b = v128.load(r1 + (<usize>j << 3));
            store2x2(dst + ((<usize>j * dstStride + <usize>i) << 3), dstStride << 3, a, b);
          }
          for (; j < j1; j++) {
            const q = dst + ((<usize>j * dstStride + <usize>i) << 3);
            store<f64>(q, load<f64>(r0 + (<usize>j << 3)));
            store<f64>(q + 8, load<f64>(r1 + (<usize>j << 3)));
          }
        }
      }
      for (; i < i1; i++) {
        const row = src + <usize>i * srcStride * size;
        for (let j = j0; j < j1; j++) {
          store<T>(dst + (<usize>j * dstStride + <usize>i) * size, load<T>(row + <usize>j * size));
        }
      }
    }
  }
}

export function transposeSlabsF64(
  src: usize, srcStride: usize, dst: usize, dstStride: usize, n: i32, m: i32, slabs: i32, srcSlab: usize, dstSlab: usize,
): void {
  for (let s = 0; s < slabs; s++) transposeSlab<f64>(src + <usize>s * srcSlab, srcStride, dst + <usize>s * dstSlab, dstStride, n, m);
}

export function transposeSlabsF32(
  src: usize, srcStride: usize, dst: usize, dstStride: usize, n: i32, m: i32, slabs: i32, srcSlab: usize, dstSlab: usize,
): void {
  for (let s = 0; s < slabs; s++) transposeSlab<f32>(src + <usize>s * srcSlab, srcStride, dst + <usize>s * dstSlab, dstStride, n, m);
}
