// N-d correlation over a padded f64 buffer through a table of tap offsets: the
// kernel behind ndimage.correlate/convolve for kernels that are not separable.
//
// Preconditions (checked by the TypeScript caller): `rows` holds count pairs of u32
// byte addresses (first input element read for tap offset 0, first output element) of
// rows of `width` outputs; `offsets` holds `taps` u32 byte offsets of the nonzero
// weights in C order and `w` their f64 weights; every address read lies in the padded
// buffer (boundary already extended). Each output is 0 + w0*x0 + w1*x1 + ... in tap
// order, with separate multiply and add, exactly as SciPy's NI_Correlate sums, so
// results match SciPy bit for bit. Items [first, first + count) are independent rows.

// @ts-ignore: decorator
@inline
function tapOffset(offsets: usize, t: i32): usize {
  return <usize>load<u32>(offsets + (<usize>t << 2));
}

/** The 8- and 2-wide SIMD blocks of one row; returns the first column left to do. */
// @ts-ignore: decorator
@inline
function rowSimd(inp: usize, out: usize, width: i32, w: usize, offsets: usize, taps: i32): i32 {
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    const b = inp + (<usize>x << 3);
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    for (let t = 0; t < taps; t++) {
      const p = b + tapOffset(offsets, t);
      const wv = f64x2.splat(load<f64>(w + (<usize>t << 3)));
      a0 = f64x2.add(a0, f64x2.mul(wv, v128.load(p)));
      a1 = f64x2.add(a1, f64x2.mul(wv, v128.load(p, 16)));
      a2 = f64x2.add(a2, f64x2.mul(wv, v128.load(p, 32)));
      a3 = f64x2.add(a3, f64x2.mul(wv, v128.load(p, 48)));
    }
    const o = out + (<usize>x << 3);
    v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  }
  for (; x + 2 <= width; x += 2) {
    const b = inp + (<usize>x << 3);
    let a0 = f64x2.splat(0);
    for (let t = 0; t < taps; t++) {
      a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(w + (<usize>t << 3))), v128.load(b + tapOffset(offsets, t))));
    }
    v128.store(out + (<usize>x << 3), a0);
  }
  return x;
}

export function correlateOffsetsF64(
  rows: usize, first: i32, count: i32, width: i32, w: usize, offsets: usize, taps: i32,
): void {
  for (let r = first; r < first + count; r++) {
    const inp = <usize>load<u32>(rows + (<usize>r << 3));
    const out = <usize>load<u32>(rows + (<usize>r << 3), 4);
    let x = 0;
    // Compile-time switch: the build without SIMD keeps only the scalar loop.
    if (ASC_FEATURE_SIMD) x = rowSimd(inp, out, width, w, offsets, taps);
    for (; x < width; x++) {
      const b = inp + (<usize>x << 3);
      let acc: f64 = 0;
      for (let t = 0; t < taps; t++) acc += load<f64>(w + (<usize>t << 3)) * load<f64>(b + tapOffset(offsets, t));
      store<f64>(out + (<usize>x << 3), acc);
    }
  }
}
