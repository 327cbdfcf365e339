// Pointwise product of half spectra: the frequency-domain step of FFT convolution.
//
// Spectra use the row layout of real-rows.ts: `rows` rows of rowStride bytes, each with
// `groups` v128s of real parts from byte 0 and of imaginary parts from byte imOffset.
// `table` holds u32 triples (a, b, out) of item addresses; items [first, first + count)
// are computed, out = a * b * scale. `out` may equal `a` or `b` (in place).
//
// Preconditions: all addresses 16-byte aligned; rowStride >= imOffset + groups * 16.

export function multiplySpectra<T>(
  table: usize, first: i32, count: i32, rows: i32, rowStride: usize,
  groups: i32, imOffset: usize, scale: T,
): void {
  const s = v128.splat<T>(scale);
  for (let t = first; t < first + count; t++) {
    const entry = table + <usize>t * 12;
    const a0 = <usize>load<u32>(entry), b0 = <usize>load<u32>(entry, 4), o0 = <usize>load<u32>(entry, 8);
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * rowStride;
      for (let g = 0; g < groups; g++) {
        const o = off + (<usize>g << 4);
        const ar = v128.load(a0 + o), ai = v128.load(a0 + o + imOffset);
        const br = v128.mul<T>(v128.load(b0 + o), s), bi = v128.mul<T>(v128.load(b0 + o + imOffset), s);
        v128.store(o0 + o, v128.sub<T>(v128.mul<T>(ar, br), v128.mul<T>(ai, bi)));
        v128.store(o0 + o + imOffset, v128.add<T>(v128.mul<T>(ar, bi), v128.mul<T>(ai, br)));
      }
    }
  }
}
