// Validation of option values shared by the public functions.
import { ArgumentError } from '../errors.js';
import { rejectUnknownOptions } from '../option-keys.js';

export type ConvMethod = 'auto' | 'direct' | 'fft' | 'oa';

/**
 * The options object of a public function: undefined, null or an object whose keys
 * that are set are all among `known` (see src/option-keys.ts).
 */
export function checkOptions<T extends object>(opts: unknown, known: readonly (keyof T & string)[]): Partial<T> {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ArgumentError('opts', `must be an object of options, got ${Array.isArray(opts) ? 'an array' : typeof opts}`);
  }
  rejectUnknownOptions(opts, known);
  return opts as Partial<T>;
}

export function checkMethod(method: unknown): ConvMethod {
  if (method === undefined) return 'auto';
  if (method === 'auto' || method === 'direct' || method === 'fft' || method === 'oa') return method;
  throw new ArgumentError('method', `must be 'auto', 'direct', 'fft' or 'oa', got ${JSON.stringify(method)}`);
}

/** `threads`: a positive integer, or undefined for every core. */
export function checkThreads(threads: unknown): number | undefined {
  if (threads === undefined) return undefined;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError('threads', `must be a positive integer, got ${String(threads)}`);
  }
  return threads;
}
