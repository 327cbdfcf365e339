// Validation of option values shared by the public functions.
import { ArgumentError } from '../errors.js';

export type ConvMethod = 'auto' | 'direct' | 'fft' | 'oa';

export function checkOptions<T extends object>(opts: unknown): Partial<T> {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ArgumentError('opts', `must be an object of options, got ${Array.isArray(opts) ? 'an array' : typeof opts}`);
  }
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
