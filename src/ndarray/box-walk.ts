// The row-major walk over an N-d box shared by copyBox and addBox: calls `row` once per
// innermost row with the offsets of its first element in the source and destination.

export function forEachRow(
  extent: readonly number[], srcStrides: readonly number[], srcOffset: number,
  dstStrides: readonly number[], dstOffset: number,
  row: (srcStart: number, dstStart: number) => void,
): void {
  const rank = extent.length;
  for (const n of extent) if (n <= 0) return;
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  let s = srcOffset, d = dstOffset;
  for (;;) {
    row(s, d);
    // Advance the odometer over the outer axes.
    let axis = rank - 2;
    for (; axis >= 0; axis--) {
      index[axis]!++;
      s += srcStrides[axis]!;
      d += dstStrides[axis]!;
      if (index[axis]! < extent[axis]!) break;
      s -= index[axis]! * srcStrides[axis]!;
      d -= index[axis]! * dstStrides[axis]!;
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}

/**
 * Calls `at` once for every index of the listed `axes` of a box (in row-major order of
 * those axes), with its offsets in the source and destination: the other axes are
 * walked by the callee (e.g. a 2-d tile copy).
 */
export function forEachIndexOf(
  axes: readonly number[], extent: readonly number[], srcStrides: readonly number[], srcOffset: number,
  dstStrides: readonly number[], dstOffset: number,
  at: (srcStart: number, dstStart: number) => void,
): void {
  // A trailing length-1 axis makes each index one "row" of forEachRow.
  forEachRow([...axes.map((a) => extent[a]!), 1], [...axes.map((a) => srcStrides[a]!), 0], srcOffset,
    [...axes.map((a) => dstStrides[a]!), 0], dstOffset, at);
}
