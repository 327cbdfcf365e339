// Fast FFT lengths, exactly as scipy.fft.next_fast_len (pocketfft's good_size).
import { ArgumentError } from '../errors.js';

/**
 * Smallest 5-smooth (or, with `eleven`, 11-smooth) number >= n, for n >= 1: pocketfft's
 * good_size search: for each product of the larger primes, climb by 2s and 3s.
 */
function nextSmooth(n: number, eleven: boolean): number {
  let best = 2 * n;
  for (let f11 = 1; f11 < best; f11 *= eleven ? 11 : best) {
    for (let f7 = f11; f7 < best; f7 *= eleven ? 7 : best) {
      for (let f5 = f7; f5 < best; f5 *= 5) {
        let x = f5;
        while (x < n) x *= 2;
        for (;;) {
          if (x < n) x *= 3;
          else if (x > n) {
            if (x < best) best = x;
            if (x % 2 === 1) break;
            x /= 2;
          } else return n;
        }
      }
    }
  }
  return best;
}

/** Sorted smooth numbers up to TABLE_LIMIT, built on first use. */
const TABLE_LIMIT = 2 ** 31;
const tables: { five?: Float64Array; eleven?: Float64Array } = {};

function smoothTable(eleven: boolean): Float64Array {
  const cached = eleven ? tables.eleven : tables.five;
  if (cached) return cached;
  const values: number[] = [];
  const primes = eleven ? [2, 3, 5, 7, 11] : [2, 3, 5];
  const walk = (product: number, from: number): void => {
    values.push(product);
    for (let i = from; i < primes.length; i++) {
      const next = product * primes[i]!;
      if (next <= TABLE_LIMIT) walk(next, i);
    }
  };
  walk(1, 0);
  const table = Float64Array.from(values).sort();
  if (eleven) tables.eleven = table; else tables.five = table;
  return table;
}

/** Smallest smooth number >= n: binary search in the table, pocketfft's search beyond it. */
function nextSmoothFast(n: number, eleven: boolean): number {
  if (n > TABLE_LIMIT) return nextSmooth(n, eleven);
  const t = smoothTable(eleven);
  let lo = 0, hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < n) lo = mid + 1; else hi = mid;
  }
  return t[lo]!;
}

/**
 * scipy.fft.next_fast_len: the smallest length >= n that the FFT handles fastest.
 * `real` true: 5-smooth lengths (2^a 3^b 5^c), n itself when n <= 6; false:
 * 11-smooth lengths, n itself when n <= 12 (pocketfft's good_size_real / good_size).
 * Note: the default is `real = true` (convnd's API contract), while SciPy's default is
 * real=False; pass the flag explicitly to mirror a SciPy call.
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
  if (real) return n <= 6 ? n : nextSmoothFast(n, false);
  return n <= 12 ? n : nextSmoothFast(n, true);
}

/**
 * The smallest even 5-smooth length >= n (n >= 1): convnd's real FFT splits a real line
 * of even length into a complex line of half the length, which is twice as fast as the
 * odd-length path, so convolution pads to these.
 */
export function nextFastEvenLen(n: number): number {
  if (n <= 1) return n;
  return 2 * nextSmoothFast(Math.ceil(n / 2), false);
}

/**
 * Shortest fast FFT length that reproduces the window [s, s + out) of a linear
 * convolution of lengths n1 and n2 (no circular wrap-around inside the window).
 */
export function fftLengthForWindow(n1: number, n2: number, s: number, out: number, even: boolean): number {
  const need = Math.max(n1 + n2 - 1 - s, s + out, n1, n2);
  return even ? nextFastEvenLen(need) : nextFastLen(need);
}
