// SciPy's shape rules for convolve/correlate/fftconvolve/oaconvolve, as pure functions.
//
// Every method computes a window of the *full* convolution: along each convolved axis
// the full result has n1 + n2 - 1 points; along every other (batch) axis it has
// max(n1, n2) points, the inputs broadcasting where one length is 1. The mode then
// picks a window, centred as SciPy's `_centered` does:
//   full:  the whole result;
//   same:  in1's shape (along batch axes too, as scipy.signal.fftconvolve does);
//   valid: n1 - n2 + 1 along convolved axes (after a swap that makes in1 the larger).
import { ArgumentError } from '../errors.js';

export type ConvMode = 'full' | 'same' | 'valid';

/**
 * 'convolve': scipy.signal.convolve without axes: every axis is convolved and `valid`
 * needs one input at least as large as the other in every axis.
 * 'freq': scipy.signal.fftconvolve's rules (`_init_freq_conv_axes`): axes where
 * either input has length 1 become broadcast axes, and only the remaining convolved
 * axes take part in the `valid` size check.
 */
export type ShapeRules = 'convolve' | 'freq';

export interface ConvGeometry {
  /** True when in1 and in2 were swapped for `valid` mode. */
  swapped: boolean;
  /** Shapes after the swap, both of length ndim. */
  shape1: number[];
  shape2: number[];
  /** Convolved axes, ascending. */
  convAxes: number[];
  /** Shape of the full result (before the mode's window). */
  fullShape: number[];
  /** Start of the mode's window in full-result coordinates, per axis. */
  start: number[];
  /** Shape of the returned array. */
  outShape: number[];
}

export function checkMode(mode: unknown): ConvMode {
  if (mode === undefined) return 'full';
  if (mode === 'full' || mode === 'same' || mode === 'valid') return mode;
  throw new ArgumentError('mode', `must be 'full', 'same' or 'valid', got ${JSON.stringify(mode)}`);
}

/** scipy.signal._signaltools._inputs_swap_needed. */
export function swapNeeded(mode: ConvMode, s1: readonly number[], s2: readonly number[], axes: readonly number[]): boolean {
  if (mode !== 'valid') return false;
  let ok1 = true, ok2 = true;
  for (const a of axes) {
    if (s1[a]! < s2[a]!) ok1 = false;
    if (s2[a]! < s1[a]!) ok2 = false;
  }
  if (!(ok1 || ok2)) {
    throw new ArgumentError('mode', `for 'valid' mode, one input must be at least as large as the other in every convolved axis, got shapes [${s1.join(', ')}] and [${s2.join(', ')}]`);
  }
  return !ok1;
}

/**
 * Resolves shapes, convolved axes, swap and output window. `axes` must already be
 * normalised (see normalizeAxes) and both shapes must have the same length.
 */
export function convGeometry(
  s1in: readonly number[], s2in: readonly number[], mode: ConvMode, axes: readonly number[], rules: ShapeRules,
): ConvGeometry {
  const ndim = s1in.length;
  let convAxes = rules === 'freq' ? axes.filter((a) => s1in[a] !== 1 && s2in[a] !== 1) : [...axes];
  convAxes = [...convAxes].sort((a, b) => a - b);
  for (let a = 0; a < ndim; a++) {
    if (convAxes.includes(a)) continue;
    if (!(s1in[a] === s2in[a] || s1in[a] === 1 || s2in[a] === 1)) {
      throw new ArgumentError('in2', `incompatible shapes for in1 and in2: [${s1in.join(', ')}] and [${s2in.join(', ')}] (axis ${a} is not convolved, so its lengths must be equal or 1)`);
    }
  }
  const swapped = swapNeeded(mode, s1in, s2in, convAxes);
  const shape1 = swapped ? [...s2in] : [...s1in];
  const shape2 = swapped ? [...s1in] : [...s2in];
  const fullShape: number[] = [], start: number[] = [], outShape: number[] = [];
  for (let a = 0; a < ndim; a++) {
    const n1 = shape1[a]!, n2 = shape2[a]!;
    const isConv = convAxes.includes(a);
    const full = isConv ? n1 + n2 - 1 : Math.max(n1, n2);
    let want: number;
    if (mode === 'full') want = full;
    else if (mode === 'same') want = n1;
    else want = isConv ? n1 - n2 + 1 : full;
    fullShape.push(full);
    // scipy's _centered: start = (current - wanted) // 2
    start.push(Math.floor((full - want) / 2));
    outShape.push(want);
  }
  return { swapped, shape1, shape2, convAxes, fullShape, start, outShape };
}

/**
 * The same geometry with every convolved axis along which the (post-swap) kernel has
 * length 1 turned into a batch axis: it gives exactly what a batch axis gives (n1
 * points, window start 0 in every mode), so signal.convolve(X, Y[..., None]) on an
 * (S, S, N) stack runs as a batch of 2-d convolutions rather than a 3-d one.
 */
export function unitKernelAxesAsBatch(g: ConvGeometry): ConvGeometry {
  return { ...g, convAxes: g.convAxes.filter((a) => g.shape2[a] !== 1) };
}
