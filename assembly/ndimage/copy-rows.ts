// Row copies inside the heap: packs a dense staged input into a padded box.
//
// Preconditions: `rows` holds count pairs of u32 byte addresses (source, destination)
// of rows of `width` f64 that do not overlap each other. Items [first, first + count).
export function copyRowsF64(rows: usize, first: i32, count: i32, width: i32): void {
  const bytes = <usize>width << 3;
  for (let r = first; r < first + count; r++) {
    memory.copy(<usize>load<u32>(rows + (<usize>r << 3), 4), <usize>load<u32>(rows + (<usize>r << 3)), bytes);
  }
}
