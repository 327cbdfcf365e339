// IEEE 754 binary16 -> number, through a table built on first use (64 Ki entries).
// Every binary16 value is exactly representable in binary32, so the table is a Float32Array.

let table: Float32Array | null = null;

/** The exact value of the binary16 number whose bits are `h` (0..0xffff). */
export function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Converts binary16 bit patterns to float32 values. */
export function halfToFloat32(bits: Uint16Array): Float32Array {
  if (table === null) {
    table = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) table[h] = halfBitsToNumber(h);
  }
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}
