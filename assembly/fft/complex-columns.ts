// Complex FFTs along a strided axis of split-complex data, SIMD across adjacent lines.
//
// A "line group" is `lanes` neighbouring lines whose elements are adjacent in memory:
// element i of the group is the v128 at base + i * elemStride (real parts) and at
// base + i * elemStride + imOffset (imaginary parts). A work unit t is a row of
// `groups` groups starting at block + a * outerStride + b * 16 (b < groups), with
// a = t % lines and block o = t / lines at data + (o % n0) * stride0 + (o / n0) * stride1
// (two outer levels, e.g. an axis of the item and the items), so a worker pool can
// split any range of units without changing what a unit computes.
//
// Whole lines are transformed in place by passes that read and write the data directly
// (cfftStrided); the inverse is swap(FFT(swap(x))), swap exchanging real and imaginary
// parts, which costs nothing with split storage. Lines whose tail is zero padding that
// is not in memory (forward transforms reading fewer than nc elements) go through a
// lane buffer instead.
//
// Preconditions: plan from src/fft/plan.ts (its complex length is the line length);
// `scratch` holds two lane buffers of nc + 1 elements; addresses 16-byte aligned.
import { cfftLanes, cfftLines, cfftSparse, cfftStrided } from './complex-passes';

/**
 * Longest lines transformed in place by passes on the data (see the header); longer
 * ones are copied through the lane buffers, which measured faster for them (e.g. 1024:
 * the passes' scattered strided streams cost more than the sequential copies). Keep in
 * step with DIRECT_COLUMN_MAX in src/fft/real-nd.ts.
 */
const DIRECT_MAX: i32 = 128;

/**
 * Copies elements [0, loaded) of the line group at base into lane buffer e and zeroes
 * elements [loaded, nc): lines whose tail lies in the zero padding (forward transforms
 * of padded data) are not read there.
 */
// @ts-ignore: decorator
@inline
function gatherLines(base: usize, elemStride: usize, imOffset: usize, loaded: i32, nc: i32, buf: usize): void {
  for (let i = 0; i < loaded; i++) {
    const p = base + <usize>i * elemStride, e = buf + (<usize>i << 5);
    v128.store(e, v128.load(p));
    v128.store(e, v128.load(p + imOffset), 16);
  }
  if (loaded < nc) memory.fill(buf + (<usize>loaded << 5), 0, <usize>(nc - loaded) << 5);
}

/**
 * In-place forward (inverse = 0) or unnormalised inverse (inverse = 1) complex FFT of
 * every line group described above. The forward transform reads only elements
 * [0, extentIn) of each line and takes the rest as zero.
 */
export function cfftColumns<T>(
  plan: usize, data: usize, elemStride: usize, imOffset: usize,
  outerStride: usize, lines: i32, groups: i32, n0: i32, stride0: usize, stride1: usize,
  inverse: i32, extentIn: i32, first: i32, count: i32, scratch: usize,
): void {
  const nc = load<i32>(plan);
  const loaded = min(extentIn, nc);
  const bufA = scratch, bufB = scratch + (<usize>(nc + 1) << 5);
  const nf = load<i32>(plan, 4);
  const sparse = nf >= 1 && loaded <= nc / load<i32>(plan, 16);
  for (let t = first; t < first + count; t++) {
    const o = t / lines;
    const line = data + <usize>(o % n0) * stride0 + <usize>(o / n0) * stride1 + <usize>(t % lines) * outerStride;
    for (let b = 0; b < groups; b++) {
      const base = line + (<usize>b << 4);
      if (inverse && nc <= DIRECT_MAX) {
        // Real and imaginary parts swapped on the way in and out.
        const swapped = base + imOffset, back = <usize>0 - imOffset;
        cfftStrided<T>(plan, swapped, elemStride, back, swapped, elemStride, back, bufA, bufB);
      } else if (inverse) {
        // The inverse is conj(FFT(conj(x))): negate the imaginary parts on the way in and out.
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = bufA + (<usize>i << 5);
          v128.store(e, v128.load(p));
          v128.store(e, v128.neg<T>(v128.load(p + imOffset)), 16);
        }
        const y = cfftLanes<T>(plan, bufA, bufB);
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = y + (<usize>i << 5);
          v128.store(p, v128.load(e));
          v128.store(p + imOffset, v128.neg<T>(v128.load(e, 16)));
        }
      } else if (loaded == nc && nc <= DIRECT_MAX) {
        cfftStrided<T>(plan, base, elemStride, imOffset, base, elemStride, imOffset, bufA, bufB);
      } else {
        // Partial lines: mostly zero ones (a small kernel's) skip the first pass's sums.
        let y: usize;
        if (sparse) y = cfftSparse<T>(plan, base, elemStride, imOffset, loaded, bufA, bufB);
        else {
          gatherLines(base, elemStride, imOffset, loaded, nc, bufA);
          y = cfftLanes<T>(plan, bufA, bufB);
        }
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
 * finished spectrum of its item's kernel (same layout as `data`) times `scale`,
 * inverse-FFT it and store it back. Saves two passes over the data and the separate
 * product pass. Only elements [0, extentIn) of the data lines are read (the rest is
 * zero padding). Units: t = item * lines + a; item i sits at data + i * itemStride and
 * its kernel spectrum at the u32 address kernels[i].
 *
 * kernelExtent > 0: the kernels are not yet transformed along this axis and hold data
 * only in elements [0, kernelExtent) of each line (zero beyond, never read): each
 * kernel line group is transformed here, into a third lane buffer, right before its
 * product (for kernels used by one product only; this saves writing their spectra
 * to memory and reading them back). `scratch` then holds three lane buffers.
 */
export function convolveColumns<T>(
  plan: usize, data: usize, kernels: usize, elemStride: usize, imOffset: usize,
  outerStride: usize, lines: i32, groups: i32, itemStride: usize, scale: T,
  extentIn: i32, kernelExtent: i32, groupBlocks: i32, first: i32, count: i32, scratch: usize,
): void {
  const nc = load<i32>(plan);
  const loaded = min(extentIn, nc);
  const bufA = scratch, bufB = scratch + (<usize>(nc + 1) << 5), bufC = scratch + (<usize>(nc + 1) << 6);
  const kLoaded = min(kernelExtent, nc);
  const kSparse = load<i32>(plan, 4) >= 1 && kLoaded <= nc / load<i32>(plan, 16);
  const s = v128.splat<T>(scale);
  for (let u = first; u < first + count; u++) {
    // Unit u: line t, group block gb of groupBlocks (each group's arithmetic is the
    // same whatever the blocks, so any split gives the same bits).
    const t = u / groupBlocks, gb = u - t * groupBlocks;
    const item = t / lines;
    const kernel = <usize>load<u32>(kernels + (<usize>item << 2));
    const item0 = data + <usize>item * itemStride;
    const bEnd = <i32>((<i64>(gb + 1) * groups) / groupBlocks);
    for (let b = <i32>((<i64>gb * groups) / groupBlocks); b < bEnd; b++) {
      const offset = <usize>(t % lines) * outerStride + (<usize>b << 4);
      const base = item0 + offset;
      // The kernel's spectrum: in memory, or transformed here into bufA / bufB, which
      // are then moved out of the way (bufC takes the place of the one holding it).
      let kbase = kernel + offset, kS = elemStride, kIm = imOffset;
      let a = bufA, b = bufB;
      if (kLoaded > 0) {
        let ky: usize;
        if (kSparse) ky = cfftSparse<T>(plan, kbase, elemStride, imOffset, kLoaded, bufA, bufB);
        else {
          gatherLines(kbase, elemStride, imOffset, kLoaded, nc, bufA);
          ky = cfftLanes<T>(plan, bufA, bufB);
        }
        kbase = ky; kS = 32; kIm = 16;
        if (ky == bufA) a = bufC; else b = bufC;
      }
      // Forward: straight from the data when whole lines are in memory.
      const direct = loaded == nc && nc <= DIRECT_MAX && load<i32>(plan, 4) >= 1;
      let y: usize;
      if (direct) y = cfftLines<T>(plan, base, elemStride, imOffset, true, 0, 0, 0, false, a, b);
      else {
        gatherLines(base, elemStride, imOffset, loaded, nc, a);
        y = cfftLanes<T>(plan, a, b);
      }
      const z = y == a ? b : a;
      // z = swap(y * k * scale): the inverse as swap(FFT(swap(.))).
      for (let i = 0; i < nc; i++) {
        const e = y + (<usize>i << 5), q = kbase + <usize>i * kS;
        const yr = v128.load(e), yi = v128.load(e, 16);
        const kr = v128.mul<T>(v128.load(q), s), ki = v128.mul<T>(v128.load(q + kIm), s);
        const f = z + (<usize>i << 5);
        v128.store(f, v128.add<T>(v128.mul<T>(yr, ki), v128.mul<T>(yi, kr)));
        v128.store(f, v128.sub<T>(v128.mul<T>(yr, kr), v128.mul<T>(yi, ki)), 16);
      }
      if (nc <= DIRECT_MAX && load<i32>(plan, 4) >= 1) {
        // The last inverse pass writes the data directly, swapped back.
        cfftLines<T>(plan, z, 32, 0, false, base + imOffset, elemStride, <usize>0 - imOffset, true, a, b);
      } else {
        const w = cfftLanes<T>(plan, z, y);
        for (let i = 0; i < nc; i++) {
          const p = base + <usize>i * elemStride, e = w + (<usize>i << 5);
          v128.store(p, v128.load(e, 16));
          v128.store(p + imOffset, v128.load(e));
        }
      }
    }
  }
}
