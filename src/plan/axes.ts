// Validation and normalisation of `axes`-style arguments (pure).
import { ArgumentError } from '../errors.js';

/**
 * Normalises `axes` against `ndim`: integers in [-ndim, ndim), negative counted from
 * the end, no repeats. Returns them in the given order.
 */
export function normalizeAxes(axes: unknown, ndim: number, argument = 'axes'): number[] {
  if (!Array.isArray(axes)) {
    throw new ArgumentError(argument, `must be an array of integers, got ${String(axes)}`);
  }
  const out: number[] = [];
  for (const a of axes) {
    if (typeof a !== 'number' || !Number.isInteger(a)) {
      throw new ArgumentError(argument, `must hold integers, got ${String(a)}`);
    }
    if (a < -ndim || a >= ndim) {
      throw new ArgumentError(argument, `axis ${a} is out of range for an array of ${ndim} dimensions`);
    }
    const axis = a < 0 ? a + ndim : a;
    if (out.includes(axis)) throw new ArgumentError(argument, `all axes must be unique, got [${axes.join(', ')}]`);
    out.push(axis);
  }
  return out;
}
