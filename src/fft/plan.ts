// FFT plans: factorisation and twiddle tables, built once per (kind, length, dtype)
// and cached as ready-to-copy byte images of the layout the kernels read (see
// assembly/fft/complex-passes.ts). Executing a plan allocates nothing: each call copies
// the cached image into the Wasm heap next to its data.
import type { DType } from '../ndarray/types.js';

/** 'real': a real line of length n (rfft/irfft); 'complex': a complex line of length n. */
export type PlanKind = 'real' | 'complex';

export interface FftPlan {
  kind: PlanKind;
  n: number;
  /** Length of the complex transform that runs: n / 2 for even real n, else n. */
  nc: number;
  /** Radices, first pass first. */
  factors: number[];
  /** Byte image of the plan for the kernels (header, complex twiddles, real twiddles). */
  image: Uint8Array;
}

const HEADER_BYTES = 128;
const MAX_FACTORS = (HEADER_BYTES - 16) / 4;
/** Bytes of one element of a lane buffer: a v128 of real parts and one of imaginary parts. */
const LANE_ELEMENT_BYTES = 32;

/** Lengths the engine accepts: products of 2, 3 and 5 (and 1). */
export function isFftLength(n: number): boolean {
  if (!Number.isInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** Lengths with at least 2^7 as a factor keep their odd radices last (see factorize). */
const ODD_FIRST_MAX_TWOS = 7;

/** Radix-8 passes whose ido (see complex-passes.ts) has at least 2^7 run slowly. */
const MAX_RADIX8_PASSES = 3;

/**
 * Radices, first pass first: 3s and 5s, then one 2 (if the power of two is odd), then
 * 4s, then 8s. The odd radices go first so that the last passes (which need no
 * twiddles: ido = 1) are the wide radix-8 butterflies rather than radix 3: 72 as
 * [3, 3, 8] measured ~5% faster than [8, 3, 3] for 72^3 volumes. When 2^7 divides the
 * length they go last instead (as before: e.g. 3 * 2^13 = [4, 4, 8, 8, 8, 3]),
 * since a first odd pass would have streams a multiple of 4 KiB apart. A radix-8 pass does
 * the work of 1.5 radix-4 passes in one trip through memory, but its 8 input and 8
 * output streams lie ido * 32 bytes apart: when that is a multiple of 4 KiB they
 * compete for the same cache sets and the pass runs slower than radix 4. The 8s come
 * last (smallest ido), at most MAX_RADIX8_PASSES of them, so every radix-8 pass has an
 * ido of at most 8^2 (2 KiB apart). (Radix 9 as a single pass was measured slower than two radix-3 passes: its
 * 18 live values spill.)
 */
export function factorize(n: number): number[] {
  let rest = n, twos = 0;
  while (rest % 2 === 0) { twos++; rest /= 2; }
  const eights = Math.min(MAX_RADIX8_PASSES, Math.floor(twos / 3));
  const fours = Math.floor((twos - 3 * eights) / 2);
  const odd: number[] = [];
  for (const p of [3, 5]) while (rest % p === 0) { odd.push(p); rest /= p; }
  const even: number[] = [];
  if ((twos - 3 * eights) % 2 === 1) even.push(2);
  for (let i = 0; i < fours; i++) even.push(4);
  for (let i = 0; i < eights; i++) even.push(8);
  // Odd radices first, unless their pass would then stride a multiple of 4 KiB (ido a
  // multiple of 2^7): its 2 * ip streams would compete for the same cache sets.
  const factors = twos < ODD_FIRST_MAX_TWOS ? [...odd, ...even] : [...even, ...odd];
  if (rest !== 1) throw new Error(`internal: FFT length ${n} is not 5-smooth`);
  if (factors.length > MAX_FACTORS) throw new Error(`internal: FFT length ${n} has too many factors`);
  return factors;
}

/** Relative cost per point of a pass of each radix (fitted to overlap-save timings, f64). */
const PASS_WORK: Record<number, number> = { 2: 1, 3: 2, 4: 2, 5: 2.7, 8: 3 };

/**
 * Relative cost of one complex transform of length n (5-smooth): n times the summed
 * per-point cost of its passes. Radix 5 and 3 do less of the transform per pass than
 * their share of the time, so e.g. 30720 = 2^11 * 15 beats 30000 = 2^4 * 3 * 5^4.
 *
 * @example
 * transformWork(30720) < transformWork(30000); // true
 */
export function transformWork(n: number): number {
  return n * factorize(n).reduce((sum, p) => sum + PASS_WORK[p]!, 0);
}

/**
 * exp(-2 pi i m / n) as [re, im], accurate to an ulp or two: the angle is reduced
 * with exact integer arithmetic to at most pi/4 before calling cos/sin.
 */
export function rootOfUnity(m: number, n: number): [number, number] {
  m %= n;
  if (m < 0) m += n;
  // Work with the positive angle theta = 2 pi m / n, then negate the sine.
  // Reflections on multiples of n/8 keep everything in exact integers via 8m vs n.
  const m8 = 8 * m;
  let c: number, s: number;
  const angle = (k: number) => (2 * Math.PI * k) / (8 * n); // angle of "eighths" k / (8n)
  if (m8 <= n) { c = Math.cos(angle(m8)); s = Math.sin(angle(m8)); }
  else if (m8 <= 2 * n) { const r = 2 * n - m8; c = Math.sin(angle(r)); s = Math.cos(angle(r)); }
  else if (m8 <= 3 * n) { const r = m8 - 2 * n; c = -Math.sin(angle(r)); s = Math.cos(angle(r)); }
  else if (m8 <= 4 * n) { const r = 4 * n - m8; c = -Math.cos(angle(r)); s = Math.sin(angle(r)); }
  else {
    const [cr, sr] = rootOfUnity(n - m, n); // theta > pi: mirror, sin changes sign
    return [cr, -sr];
  }
  return [c, -s];
}

const cache = new Map<string, FftPlan>();

/**
 * The cached plan of a real (rfft along a row) or complex (column) transform of
 * length n for the given element type.
 *
 * @example
 * const p = fftPlan('real', 1000, 'float64'); // p.nc === 500, p.factors = [2, 4, 4, 5, ...]
 */
export function fftPlan(kind: PlanKind, n: number, dtype: DType): FftPlan {
  const key = `${kind}:${n}:${dtype}`;
  let plan = cache.get(key);
  if (!plan) {
    plan = buildPlan(kind, n, dtype);
    cache.set(key, plan);
  }
  return plan;
}

function buildPlan(kind: PlanKind, n: number, dtype: DType): FftPlan {
  if (!isFftLength(n)) throw new Error(`internal: FFT length ${n} is not 5-smooth`);
  const realEven = kind === 'real' && n % 2 === 0;
  const nc = realEven ? n / 2 : n;
  const factors = factorize(nc);
  // Complex twiddles, pass by pass: w_nc^(j * l1 * i), j in 1..ip-1, i in 1..ido-1.
  const twiddles: number[] = [];
  let l1 = 1;
  for (const ip of factors) {
    const ido = nc / (l1 * ip);
    for (let j = 1; j < ip; j++) {
      for (let i = 1; i < ido; i++) twiddles.push(...rootOfUnity(j * l1 * i, nc));
    }
    l1 *= ip;
  }
  const complexCount = twiddles.length / 2;
  // Real split twiddles w_n^k, k = 0..nc (even real n only).
  const realCount = realEven ? nc + 1 : 0;
  for (let k = 0; k < realCount; k++) twiddles.push(...rootOfUnity(k, n));

  // Twiddles as (re, im) pairs of the element type; the kernels splat them on load.
  const twiddleBytes = dtype === 'float32' ? 8 : 16;
  const bytes = HEADER_BYTES + (complexCount + realCount) * twiddleBytes;
  const image = new Uint8Array(bytes);
  const header = new Int32Array(image.buffer, 0, HEADER_BYTES / 4);
  header[0] = nc;
  header[1] = factors.length;
  header[2] = HEADER_BYTES + complexCount * twiddleBytes;
  header[3] = n;
  header.set(factors, 4);
  const values = dtype === 'float32'
    ? new Float32Array(image.buffer, HEADER_BYTES)
    : new Float64Array(image.buffer, HEADER_BYTES);
  values.set(twiddles);
  return { kind, n, nc, factors, image };
}

/** Bytes of one lane buffer (scratch) for transforms with complex length up to nc. */
export function laneBufferBytes(maxNc: number): number {
  return (maxNc + 1) * LANE_ELEMENT_BYTES;
}
