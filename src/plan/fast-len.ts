// Fast FFT lengths, exactly as scipy.fft.next_fast_len (pocketfft's good_size).
import { ArgumentError } from '../errors.js';

/**
 * Smallest n' >= n whose prime factors all belong to `primes` (ascending), found by
 * walking every product of the larger primes and completing it with powers of 2.
 */
function nextSmooth(n: number, primes: readonly number[]): number {
  let best = 2 ** Math.ceil(Math.log2(n));
  const odd = primes.filter((p) => p !== 2);
  const walk = (product: number, from: number): void => {
    // Complete with the smallest power of two that reaches n.
    let m = product;
    while (m < n) m *= 2;
    if (m < best) best = m;
    for (let i = from; i < odd.length; i++) {
      const next = product * odd[i]!;
      if (next >= best) continue; // products only grow; a power of 2 cannot shrink them
      walk(next, i);
    }
  };
  walk(1, 0);
  return best;
}

/**
 * scipy.fft.next_fast_len: the smallest length >= n that the FFT handles fastest.
 * `real` (default true): 5-smooth lengths (2^a 3^b 5^c), n itself when n <= 6;
 * otherwise 11-smooth lengths, n itself when n <= 12 (pocketfft's good_size).
 *
 * @example
 * nextFastLen(1000);        // 1000
 * nextFastLen(1021);        // 1024
 * nextFastLen(13, false);   // 14
 */
export function nextFastLen(n: number, real = true): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new ArgumentError('n', `must be an integer, got ${String(n)}`);
  }
  if (n < 1) throw new ArgumentError('n', `target length must be positive, got ${n}`);
  if (n > 2 ** 52) throw new ArgumentError('n', `must be at most 2^52, got ${n}`);
  if (real) return n <= 6 ? n : nextSmooth(n, [2, 3, 5]);
  return n <= 12 ? n : nextSmooth(n, [2, 3, 5, 7, 11]);
}

/**
 * The smallest even 5-smooth length >= n (n >= 1): convnd's real FFT splits a real line
 * of even length into a complex line of half the length, which is twice as fast as the
 * odd-length path, so convolution pads to these.
 */
export function nextFastEvenLen(n: number): number {
  if (n <= 1) return n;
  return 2 * nextSmooth(Math.ceil(n / 2), [2, 3, 5]);
}
