// Naive float64 loop references of PyTorch's convolutions (the test oracle: never optimised).
// Arrays are dense NCHW-style: x [N, C, ...s], w [O, I/groups, ...k], spatial rank 1..3.

export interface RefOptions {
  stride: number[];
  dilation: number[];
  padBefore: number[];
  padAfter: number[];
  groups: number;
}

function lift(v: number[], fill: number): number[] {
  return [...new Array<number>(3 - v.length).fill(fill), ...v];
}

/** Shapes of a forward convolution, spatial axes lifted to 3. */
interface ConvDims {
  r: number; N: number; C: number; O: number; I: number; outG: number;
  S: number[]; K: number[]; OS: number[];
}

function convDims(xShape: number[], wShape: number[], o: RefOptions): ConvDims {
  const [N, C] = xShape as [number, number];
  const [O, I] = wShape as [number, number];
  const S = lift(xShape.slice(2), 1), K = lift(wShape.slice(2), 1);
  const st = lift(o.stride, 1), dl = lift(o.dilation, 1), pb = lift(o.padBefore, 0), pa = lift(o.padAfter, 0);
  const OS = S.map((s, a) => Math.floor((s + pb[a]! + pa[a]! - dl[a]! * (K[a]! - 1) - 1) / st[a]!) + 1);
  return { r: xShape.length - 2, N, C, O, I, outG: O / o.groups, S, K, OS };
}

/**
 * Calls term(out, xi, wi) for every product x[xi] * w[wi] of every output, outputs in
 * C order [N, O, ...OS] and each output's terms in (input channel, ka, kb, kc) order;
 * output(out, oc) is called before an output's terms.
 */
function forEachTerm(
  d: ConvDims, o: RefOptions, output: (out: number, oc: number) => void, term: (out: number, xi: number, wi: number) => void,
): void {
  const { N, C, O, I, outG, S, K, OS } = d;
  const st = lift(o.stride, 1), dl = lift(o.dilation, 1), pb = lift(o.padBefore, 0);
  let p = 0;
  for (let n = 0; n < N; n++) for (let oc = 0; oc < O; oc++) {
    const g = Math.floor(oc / outG);
    for (let a = 0; a < OS[0]!; a++) for (let b = 0; b < OS[1]!; b++) for (let c = 0; c < OS[2]!; c++, p++) {
      output(p, oc);
      for (let i = 0; i < I; i++) {
        const ci = g * I + i;
        for (let ka = 0; ka < K[0]!; ka++) {
          const ia = a * st[0]! - pb[0]! + ka * dl[0]!;
          if (ia < 0 || ia >= S[0]!) continue;
          for (let kb = 0; kb < K[1]!; kb++) {
            const ib = b * st[1]! - pb[1]! + kb * dl[1]!;
            if (ib < 0 || ib >= S[1]!) continue;
            for (let kc = 0; kc < K[2]!; kc++) {
              const ic = c * st[2]! - pb[2]! + kc * dl[2]!;
              if (ic < 0 || ic >= S[2]!) continue;
              term(p, (((n * C + ci) * S[0]! + ia) * S[1]! + ib) * S[2]! + ic, (((oc * I + i) * K[0]! + ka) * K[1]! + kb) * K[2]! + kc);
            }
          }
        }
      }
    }
  }
}

/** y[n, o, p] = bias[o] + sum_{i, t} x[n, g*I + i, p*stride - padBefore + t*dilation] w[o, i, t]. */
export function refConv(
  x: Float64Array, xShape: number[], w: Float64Array, wShape: number[], bias: Float64Array | null, o: RefOptions,
): { data: Float64Array; shape: number[] } {
  const d = convDims(xShape, wShape, o);
  const y = new Float64Array(d.N * d.O * d.OS[0]! * d.OS[1]! * d.OS[2]!);
  forEachTerm(d, o, (out, oc) => { y[out] = bias ? bias[oc]! : 0; }, (out, xi, wi) => { y[out]! += x[xi]! * w[wi]!; });
  return { data: y, shape: [d.N, d.O, ...d.OS.slice(3 - d.r)] };
}

/**
 * Transposed convolution, PyTorch semantics: x [N, Cin, ...s], w [Cin, Cout/groups, ...k];
 * scatter form y[n, g*Co + j, i*stride - pad + t*dilation] += x[n, ci, i] w[ci, j, t].
 */
export function refConvTranspose(
  x: Float64Array, xShape: number[], w: Float64Array, wShape: number[], bias: Float64Array | null,
  o: RefOptions, outputPadding: number[],
): { data: Float64Array; shape: number[] } {
  const r = xShape.length - 2;
  const [N, C] = xShape as [number, number];
  const Co = wShape[1]!, Cout = Co * o.groups, inG = C / o.groups;
  const S = lift(xShape.slice(2), 1), K = lift(wShape.slice(2), 1);
  const st = lift(o.stride, 1), dl = lift(o.dilation, 1), pb = lift(o.padBefore, 0), pa = lift(o.padAfter, 0);
  const op = lift(outputPadding, 0);
  const OS = S.map((s, a) => (s - 1) * st[a]! - pb[a]! - pa[a]! + dl[a]! * (K[a]! - 1) + op[a]! + 1);
  const y = new Float64Array(N * Cout * OS[0]! * OS[1]! * OS[2]!);
  const at = (n: number, c: number, a: number, b: number, d: number) => (((n * Cout + c) * OS[0]! + a) * OS[1]! + b) * OS[2]! + d;
  for (let n = 0; n < N; n++) for (let ci = 0; ci < C; ci++) {
    const g = Math.floor(ci / inG);
    for (let a = 0; a < S[0]!; a++) for (let b = 0; b < S[1]!; b++) for (let c = 0; c < S[2]!; c++) {
      const xv = x[(((n * C + ci) * S[0]! + a) * S[1]! + b) * S[2]! + c]!;
      for (let j = 0; j < Co; j++) for (let ka = 0; ka < K[0]!; ka++) {
        const ya = a * st[0]! - pb[0]! + ka * dl[0]!;
        if (ya < 0 || ya >= OS[0]!) continue;
        for (let kb = 0; kb < K[1]!; kb++) {
          const yb = b * st[1]! - pb[1]! + kb * dl[1]!;
          if (yb < 0 || yb >= OS[1]!) continue;
          for (let kc = 0; kc < K[2]!; kc++) {
            const yc = c * st[2]! - pb[2]! + kc * dl[2]!;
            if (yc < 0 || yc >= OS[2]!) continue;
            y[at(n, g * Co + j, ya, yb, yc)]! += xv * w[(((ci * Co + j) * K[0]! + ka) * K[1]! + kb) * K[2]! + kc]!;
          }
        }
      }
    }
  }
  if (bias) for (let i = 0; i < y.length; i++) y[i]! += bias[Math.floor(i / (OS[0]! * OS[1]! * OS[2]!)) % Cout]!;
  return { data: y, shape: [N, Cout, ...OS.slice(3 - r)] };
}

/** Gradients of sum(gradOut * conv(x, w)) by the scatter form of the naive loop. */
export function refConvBackward(
  x: Float64Array, xShape: number[], w: Float64Array, wShape: number[], gradOut: Float64Array, o: RefOptions,
): { gradInput: Float64Array; gradWeight: Float64Array; gradBias: Float64Array } {
  const d = convDims(xShape, wShape, o);
  const gx = new Float64Array(x.length), gw = new Float64Array(w.length), gb = new Float64Array(d.O);
  forEachTerm(d, o, (out, oc) => { gb[oc]! += gradOut[out]!; }, (out, xi, wi) => {
    const go = gradOut[out]!;
    gx[xi]! += go * w[wi]!;
    gw[wi]! += go * x[xi]!;
  });
  return { gradInput: gx, gradWeight: gw, gradBias: gb };
}

/** Deterministic pseudo-random values in [-1, 1) (mulberry32). */
export function randomArray(length: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
