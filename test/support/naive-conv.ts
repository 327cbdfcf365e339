// The oracle: a float64 naive convolution straight from the definition, never optimised.
// Takes the resolved SciPy geometry (post-swap shapes, convolved axes, output window) and
// dense C-order inputs in that (post-swap) order.
import type { ConvGeometry } from '../../src/plan/conv-geometry.js';
import { cStrides, sizeOf } from '../../src/ndarray/shape.js';

/**
 * out[o] = sum over kernel positions j of in1[o + start - j] * in2[j] along convolved
 * axes (terms outside in1 are zero); batch axes index both inputs directly, a length
 * of 1 broadcasting.
 */
export function naiveConvolve(a: ArrayLike<number>, b: ArrayLike<number>, g: ConvGeometry): Float64Array {
  const ndim = g.outShape.length;
  const out = new Float64Array(sizeOf(g.outShape));
  const s1 = cStrides(g.shape1), s2 = cStrides(g.shape2);
  const kShape = g.shape2.map((n, d) => (g.convAxes.includes(d) ? n : 1));
  const kCount = sizeOf(kShape);
  const o = new Array<number>(ndim).fill(0);
  const j = new Array<number>(ndim).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let rest = flat;
    for (let d = ndim - 1; d >= 0; d--) { o[d] = rest % g.outShape[d]!; rest = Math.floor(rest / g.outShape[d]!); }
    let sum = 0;
    for (let kf = 0; kf < kCount; kf++) {
      let kr = kf;
      for (let d = ndim - 1; d >= 0; d--) { j[d] = kr % kShape[d]!; kr = Math.floor(kr / kShape[d]!); }
      let i1 = 0, i2 = 0, inside = true;
      for (let d = 0; d < ndim; d++) {
        const f = o[d]! + g.start[d]!;
        if (g.convAxes.includes(d)) {
          const x = f - j[d]!;
          if (x < 0 || x >= g.shape1[d]!) { inside = false; break; }
          i1 += x * s1[d]!;
          i2 += j[d]! * s2[d]!;
        } else {
          i1 += (g.shape1[d] === 1 ? 0 : f) * s1[d]!;
          i2 += (g.shape2[d] === 1 ? 0 : f) * s2[d]!;
        }
      }
      if (inside) sum += a[i1]! * b[i2]!;
    }
    out[flat] = sum;
  }
  return out;
}
