// Complex FFTs along a strided axis of split-complex data, SIMD across adjacent lines.
//
// A "line group" is `lanes` neighbouring lines whose elements are adjacent in memory:
// element i of the group is the v128 at base + i * elemStride (real parts) and at
// base + i * elemStride + imOffset (imaginary parts). Groups start at
// data + a * outerStride + b * 16 for a in [first, first + count), b < groups, so a
// worker pool can split the `a` range.
//
// Preconditions: plan from src/fft/plan.ts (its complex length is the line length);
// bufA and bufB lane buffers of at least nc elements; all addresses 16-byte aligned.
import { cfftLanes } from './complex-passes';

/**
 * In-place forward (inverse = 0) or unnormalised inverse (inverse = 1) complex FFT of
 * every line group described above.
 */
export function cfftColumns<T>(
  plan: usize, data: usize, elemStride: usize, imOffset: usize,
  outerStride: usize, first: i32, count: i32, groups: i32,
  inverse: i32, bufA: usize, bufB: usize,
): void {
  const nc = load<i32>(plan);
  for (let a = first; a < first + count; a++) {
    for (let b = 0; b < groups; b++) {
      const base = data + <usize>a * outerStride + (<usize>b << 4);
      // The inverse is conj(FFT(conj(x))): negate the imaginary parts on the way in and out.
      if (inverse) {
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = bufA + (<usize>i << 5);
          v128.store(e, v128.load(p));
          v128.store(e, v128.neg<T>(v128.load(p + imOffset)), 16);
        }
      } else {
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = bufA + (<usize>i << 5);
          v128.store(e, v128.load(p));
          v128.store(e, v128.load(p + imOffset), 16);
        }
      }
      const y = cfftLanes<T>(plan, bufA, bufB);
      if (inverse) {
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = y + (<usize>i << 5);
          v128.store(p, v128.load(e));
          v128.store(p + imOffset, v128.neg<T>(v128.load(e, 16)));
        }
      } else {
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = y + (<usize>i << 5);
          v128.store(p, v128.load(e));
          v128.store(p + imOffset, v128.load(e, 16));
        }
      }
    }
  }
}

/**
 * The last forward axis, the spectrum product and the first inverse axis fused, for
 * each line group as above: FFT the group, multiply it by the matching lines of the
 * finished spectrum `kernel` (same layout as `data`) times `scale`, inverse-FFT it and
 * store it back. Saves two passes over the data and the separate product pass.
 */
export function convolveColumns<T>(
  plan: usize, data: usize, kernel: usize, elemStride: usize, imOffset: usize,
  outerStride: usize, first: i32, count: i32, groups: i32, scale: T,
  bufA: usize, bufB: usize,
): void {
  const nc = load<i32>(plan);
  const s = v128.splat<T>(scale);
  for (let a = first; a < first + count; a++) {
    for (let b = 0; b < groups; b++) {
      const offset = <usize>a * outerStride + (<usize>b << 4);
      const base = data + offset, kbase = kernel + offset;
      for (let i = 0; i < nc; i++) {
        const p = base + <usize>i * elemStride, e = bufA + (<usize>i << 5);
        v128.store(e, v128.load(p));
        v128.store(e, v128.load(p + imOffset), 16);
      }
      const y = cfftLanes<T>(plan, bufA, bufB);
      const z = y == bufA ? bufB : bufA;
      // z = conj(y * k * scale): the input of the inverse as conj(FFT(conj(.))).
      for (let i = 0; i < nc; i++) {
        const e = y + (<usize>i << 5), q = kbase + <usize>i * elemStride;
        const yr = v128.load(e), yi = v128.load(e, 16);
        const kr = v128.mul<T>(v128.load(q), s), ki = v128.mul<T>(v128.load(q + imOffset), s);
        const f = z + (<usize>i << 5);
        v128.store(f, v128.sub<T>(v128.mul<T>(yr, kr), v128.mul<T>(yi, ki)));
        v128.store(f, v128.neg<T>(v128.add<T>(v128.mul<T>(yr, ki), v128.mul<T>(yi, kr))), 16);
      }
      const w = cfftLanes<T>(plan, z, y);
      for (let i = 0; i < nc; i++) {
        const p = base + <usize>i * elemStride, e = w + (<usize>i << 5);
        v128.store(p, v128.load(e));
        v128.store(p + imOffset, v128.neg<T>(v128.load(e, 16)));
      }
    }
  }
}
