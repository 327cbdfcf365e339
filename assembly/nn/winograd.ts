// Winograd F(2x2, 3x3) convolution, channels last, stride 1, no dilation, one group:
// 2x2 output pixels per 4x4 input tile with 16 multiplies per (input, output channel)
// pair instead of 36. Per tile:
//
//   V = B^T d B (4x4 input patch d),  M[xi] = sum_c V[xi][c] * U[xi][c][k],  Y = A^T M A
//
// with U = G g G^T made by src/nn/winograd.ts, B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],
// A^T = [1 1 1 0; 0 1 -1 -1].
//
// One work item is one row of tiles (two output rows of one image and depth): its tiles'
// V go to the thread's scratch as 16 matrices [tiles][C], 16 GEMMs (the igemm register
// tile: 4 tiles x 2 vectors of output channels) write M as 16 matrices [tiles][kp], and
// the output transform writes the 2x2 pixels of each tile. Every item is computed the
// same way whatever the split, so results are bit-identical for any thread count.
//
// Preconditions (checked by the TypeScript caller, not here):
// - xp is the zero-padded input [N, Dp, Hp, Wp, C] with Hp >= 2 * ceil(oH / 2) + 2 and
//   Wp >= 2 * ceil(oW / 2) + 2 (whole tiles inside it);
// - `geom` holds 10 i32 as for conv-direct.ts: pixelBytes, Dp, Hp, Wp, oD, oH, oW, ...;
// - C and K are multiples of the vector lanes (4 f32 / 2 f64);
// - u holds kp bias values then, per xi < 16 and block of NR = 2 vectors of output
//   channels, C rows of NR values, kp = K rounded up to NR (extra columns zero);
// - scratch holds 16 * ceil(oW / 2) * (C + kp) elements;
// - out is dense [N, oD, oH, oW, K].
// Tile rows [first, first + count) are computed (row = (n * oD + od) * ceil(oH / 2) + tile row).
import { madd } from '../direct/simd';

// @ts-ignore: decorator
@inline
function winograd<T>(
  xp: usize, geom: usize, u: usize, channels: i32, nc: i32, first: i32, count: i32, scratch: usize, out: usize,
): void {
  const size = <usize>sizeof<T>();
  const lanes = <i32>(16 / size);
  const nr = 2 * lanes;
  const pixelBytes = <usize>load<i32>(geom);
  const Dp = load<i32>(geom, 4), Hp = load<i32>(geom, 8), Wp = load<i32>(geom, 12);
  const oD = load<i32>(geom, 16), oH = load<i32>(geom, 20), oW = load<i32>(geom, 24);
  const tH = (oH + 1) >> 1, tW = (oW + 1) >> 1;
  const kp = (nc + nr - 1) / nr * nr;
  const cBytes = <usize>channels * size, kpBytes = <usize>kp * size;
  const vBase = scratch, mBase = scratch + <usize>(16 * tW) * cBytes;
  const rowBytes = <usize>Wp * pixelBytes;
  const vStride = <usize>tW * cBytes, mStride = <usize>tW * kpBytes;
  for (let item = first; item < first + count; item++) {
    const tr = item % tH, od = (item / tH) % oD, n = item / (tH * oD);
    const origin = xp + <usize>((n * Dp + od) * Hp + 2 * tr) * rowBytes;
    // Input transform: V[xi][t][c].
    for (let t = 0; t < tW; t++) {
      const p = origin + <usize>(2 * t) * pixelBytes;
      for (let c = 0; c < channels; c += lanes) {
        const cb = <usize>c * size;
        const q0 = p + cb, q1 = q0 + rowBytes, q2 = q1 + rowBytes, q3 = q2 + rowBytes;
        const pb = pixelBytes;
        // Rows: B^T d (r_i = combination of input rows), column j at q + j * pixelBytes.
        const d00 = v128.load(q0), d01 = v128.load(q0 + pb), d02 = v128.load(q0 + 2 * pb), d03 = v128.load(q0 + 3 * pb);
        const d10 = v128.load(q1), d11 = v128.load(q1 + pb), d12 = v128.load(q1 + 2 * pb), d13 = v128.load(q1 + 3 * pb);
        const d20 = v128.load(q2), d21 = v128.load(q2 + pb), d22 = v128.load(q2 + 2 * pb), d23 = v128.load(q2 + 3 * pb);
        const d30 = v128.load(q3), d31 = v128.load(q3 + pb), d32 = v128.load(q3 + 2 * pb), d33 = v128.load(q3 + 3 * pb);
        const vt = vBase + <usize>t * cBytes + cb;
        storeRowTransform<T>(vt, vStride, v128.sub<T>(d00, d20), v128.sub<T>(d01, d21), v128.sub<T>(d02, d22), v128.sub<T>(d03, d23));
        storeRowTransform<T>(vt + 4 * vStride, vStride, v128.add<T>(d10, d20), v128.add<T>(d11, d21), v128.add<T>(d12, d22), v128.add<T>(d13, d23));
        storeRowTransform<T>(vt + 8 * vStride, vStride, v128.sub<T>(d20, d10), v128.sub<T>(d21, d11), v128.sub<T>(d22, d12), v128.sub<T>(d23, d13));
        storeRowTransform<T>(vt + 12 * vStride, vStride, v128.sub<T>(d10, d30), v128.sub<T>(d11, d31), v128.sub<T>(d12, d32), v128.sub<T>(d13, d33));
      }
    }
    // 16 GEMMs: M[xi] (tW x kp) = V[xi] (tW x C) * U[xi] (C x kp).
    const blockBytes = <usize>(channels * nr) * size;
    for (let xi = 0; xi < 16; xi++) {
      const v = vBase + <usize>xi * vStride, m = mBase + <usize>xi * mStride;
      const uXi = u + kpBytes + <usize>xi * <usize>(kp / nr) * blockBytes;
      for (let t = 0; t < tW; t += 4) {
        const last = tW - 1;
        const a0 = v + <usize>t * cBytes, a1 = v + <usize>min(t + 1, last) * cBytes;
        const a2 = v + <usize>min(t + 2, last) * cBytes, a3 = v + <usize>min(t + 3, last) * cBytes;
        let wb = uXi;
        for (let k = 0; k < kp; k += nr) {
          let c00 = v128.splat<i32>(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
          let wp = wb;
          for (let cb: usize = 0; cb < cBytes; cb += size) {
            const b0 = v128.load(wp), b1 = v128.load(wp, 16);
            const v0 = v128.load_splat<T>(a0 + cb), v1 = v128.load_splat<T>(a1 + cb);
            const v2 = v128.load_splat<T>(a2 + cb), v3 = v128.load_splat<T>(a3 + cb);
            c00 = madd<T>(v0, b0, c00); c01 = madd<T>(v0, b1, c01);
            c10 = madd<T>(v1, b0, c10); c11 = madd<T>(v1, b1, c11);
            c20 = madd<T>(v2, b0, c20); c21 = madd<T>(v2, b1, c21);
            c30 = madd<T>(v3, b0, c30); c31 = madd<T>(v3, b1, c31);
            wp += 32;
          }
          // Rows past the last tile repeat it; they land in rows t + i < tW only.
          const o = m + <usize>t * kpBytes + <usize>k * size;
          v128.store(o, c00); v128.store(o, c01, 16);
          if (t + 1 < tW) { v128.store(o + kpBytes, c10); v128.store(o + kpBytes, c11, 16); }
          if (t + 2 < tW) { v128.store(o + 2 * kpBytes, c20); v128.store(o + 2 * kpBytes, c21, 16); }
          if (t + 3 < tW) { v128.store(o + 3 * kpBytes, c30); v128.store(o + 3 * kpBytes, c31, 16); }
          wb += blockBytes;
        }
      }
    }
    // Output transform: Y = A^T M A + bias, the in-range pixels of each 2x2 tile.
    const outPixel = <usize>nc * size;
    const oh = 2 * tr;
    const outRow0 = out + <usize>((n * oD + od) * oH + oh) * <usize>oW * outPixel;
    const row1 = oh + 1 < oH;
    for (let t = 0; t < tW; t++) {
      const ow = 2 * t;
      const col1 = ow + 1 < oW;
      const o0 = outRow0 + <usize>ow * outPixel;
      for (let k = 0; k < nc; k += lanes) {
        const kb = <usize>k * size;
        const mt = mBase + <usize>t * kpBytes + kb;
        // Rows of A^T M: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3 (m_a = row a of M, per column b).
        const m00 = v128.load(mt), m01 = v128.load(mt + mStride), m02 = v128.load(mt + 2 * mStride), m03 = v128.load(mt + 3 * mStride);
        const m10 = v128.load(mt + 4 * mStride), m11 = v128.load(mt + 5 * mStride), m12 = v128.load(mt + 6 * mStride), m13 = v128.load(mt + 7 * mStride);
        const m20 = v128.load(mt + 8 * mStride), m21 = v128.load(mt + 9 * mStride), m22 = v128.load(mt + 10 * mStride), m23 = v128.load(mt + 11 * mStride);
        const m30 = v128.load(mt + 12 * mStride), m31 = v128.load(mt + 13 * mStride), m32 = v128.load(mt + 14 * mStride), m33 = v128.load(mt + 15 * mStride);
        const s00 = v128.add<T>(v128.add<T>(m00, m10), m20), s01 = v128.add<T>(v128.add<T>(m01, m11), m21);
        const s02 = v128.add<T>(v128.add<T>(m02, m12), m22), s03 = v128.add<T>(v128.add<T>(m03, m13), m23);
        const s10 = v128.sub<T>(v128.sub<T>(m10, m20), m30), s11 = v128.sub<T>(v128.sub<T>(m11, m21), m31);
        const s12 = v128.sub<T>(v128.sub<T>(m12, m22), m32), s13 = v128.sub<T>(v128.sub<T>(m13, m23), m33);
        const bias = v128.load(u + kb);
        const o = o0 + kb;
        v128.store(o, v128.add<T>(bias, v128.add<T>(v128.add<T>(s00, s01), s02)));
        if (col1) v128.store(o + outPixel, v128.add<T>(bias, v128.sub<T>(v128.sub<T>(s01, s02), s03)));
        if (row1) {
          const o1 = o + <usize>oW * outPixel;
          v128.store(o1, v128.add<T>(bias, v128.add<T>(v128.add<T>(s10, s11), s12)));
          if (col1) v128.store(o1 + outPixel, v128.add<T>(bias, v128.sub<T>(v128.sub<T>(s11, s12), s13)));
        }
      }
    }
  }
}

/** Column transform of one row r of B^T d: stores (r B)[b] = r0 - r2, r1 + r2, r2 - r1, r1 - r3 at dst + b * stride. */
// @ts-ignore: decorator
@inline
function storeRowTransform<T>(dst: usize, stride: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  v128.store(dst, v128.sub<T>(r0, r2));
  v128.store(dst + stride, v128.add<T>(r1, r2));
  v128.store(dst + 2 * stride, v128.sub<T>(r2, r1));
  v128.store(dst + 3 * stride, v128.sub<T>(r1, r3));
}

export function winogradF32(
  xp: usize, geom: usize, u: usize, channels: i32, nc: i32, first: i32, count: i32, scratch: usize, out: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) winograd<f32>(xp, geom, u, channels, nc, first, count, scratch, out);
  else unreachable();
}

export function winogradF64(
  xp: usize, geom: usize, u: usize, channels: i32, nc: i32, first: i32, count: i32, scratch: usize, out: usize,
): void {
  // Without SIMD the nn API refuses to run (src/api/nn.ts), so this is never reached.
  if (ASC_FEATURE_SIMD) winograd<f64>(xp, geom, u, channels, nc, first, count, scratch, out);
  else unreachable();
}
