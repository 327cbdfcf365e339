// The accumulation of scipy.ndimage's generic_laplace and generic_gradient_magnitude,
// on f64 heap buffers: each axis's result t is first stored in the output dtype
// (float32: rounded), squared there for the magnitude, and added into the sum, which
// is stored in the output dtype after every add; the magnitude ends with a square
// root. With float64 outputs every rounding is the identity.
//
// Work items are blocks of `block` elements of the n; items [first, first + count).

/** Mode bits: the first axis (sum = t), square t, round as float32, take the root. */
const FIRST = 1, SQUARE = 2, FLOAT32 = 4, ROOT = 8;

export function sumIntoF64(sum: usize, src: usize, n: i32, mode: i32, block: i32, first: i32, count: i32): void {
  const from = first * block, to = min(n, (first + count) * block);
  const isFirst = (mode & FIRST) != 0, square = (mode & SQUARE) != 0, root = (mode & ROOT) != 0;
  let i = from;
  if ((mode & FLOAT32) == 0) {
    if (ASC_FEATURE_SIMD) {
      for (; i + 2 <= to; i += 2) {
        const at = <usize>i << 3;
        let t = v128.load(src + at);
        if (square) t = f64x2.mul(t, t);
        let s = isFirst ? t : f64x2.add(v128.load(sum + at), t);
        if (root) s = f64x2.sqrt(s);
        v128.store(sum + at, s);
      }
    }
    for (; i < to; i++) {
      const at = <usize>i << 3;
      let t = load<f64>(src + at);
      if (square) t = t * t;
      let s = isFirst ? t : load<f64>(sum + at) + t;
      if (root) s = Math.sqrt(s);
      store<f64>(sum + at, s);
    }
    return;
  }
  for (; i < to; i++) {
    const at = <usize>i << 3;
    let t = <f64><f32>load<f64>(src + at);
    if (square) t = <f64><f32>(t * t);
    let s = isFirst ? t : <f64><f32>(load<f64>(sum + at) + t);
    if (root) s = <f64><f32>Math.sqrt(s);
    store<f64>(sum + at, s);
  }
}
