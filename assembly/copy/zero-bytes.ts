// A memset for the JavaScript side (FFT buffers, nn workspaces): typed-array fill on
// shared memory stores element by element and is ~10x slower.

/** Zeroes `bytes` bytes at ptr. */
export function zeroBytes(ptr: usize, bytes: usize): void {
  memory.fill(ptr, 0, bytes);
}
