// Naive float64 oracle for ndimage correlation, never optimised. Its boundary
// extension is a literal port of SciPy's line extension (ni_support.c NI_ExtendLine:
// copy loops that run on past the line for long kernels) applied axis by axis, so it
// shares no code with src/plan/boundary.ts.

export type OracleMode = 'reflect' | 'mirror' | 'nearest' | 'wrap' | 'constant';

/** NI_ExtendLine on a JS array: returns [before..., line..., after...]. */
export function extendLine(line: number[], before: number, after: number, mode: OracleMode, cval: number): number[] {
  const n = line.length;
  const buf = new Array<number>(before + n + after).fill(NaN);
  for (let i = 0; i < n; i++) buf[before + i] = line[i]!;
  const first = before, last = before + n;
  let m = mode;
  if (n === 1 && m === 'mirror') m = 'nearest';
  let sb = before, sa = after;
  switch (m) {
    case 'nearest':
      for (let d = 0; d < before; d++) buf[d] = buf[first]!;
      for (let d = last; d < last + after; d++) buf[d] = buf[last - 1]!;
      break;
    case 'wrap': {
      let src = last - 1, dst = first - 1;
      while (sb-- > 0) buf[dst--] = buf[src--]!;
      src = first; dst = last;
      while (sa-- > 0) buf[dst++] = buf[src++]!;
      break;
    }
    case 'reflect': {
      let src = first, dst = first - 1;
      while (sb > 0 && src < last) { buf[dst--] = buf[src++]!; sb--; }
      src = last - 1;
      while (sb-- > 0) buf[dst--] = buf[src--]!;
      src = last - 1; dst = last;
      while (sa > 0 && src >= first) { buf[dst++] = buf[src--]!; sa--; }
      src = first;
      while (sa-- > 0) buf[dst++] = buf[src++]!;
      break;
    }
    case 'mirror': {
      let src = first + 1, dst = first - 1;
      while (sb > 0 && src < last) { buf[dst--] = buf[src++]!; sb--; }
      src = last - 2;
      while (sb-- > 0) buf[dst--] = buf[src--]!;
      src = last - 2; dst = last;
      while (sa > 0 && src >= first) { buf[dst++] = buf[src--]!; sa--; }
      src = first + 1;
      while (sa-- > 0) buf[dst++] = buf[src++]!;
      break;
    }
    case 'constant':
      for (let d = 0; d < before; d++) buf[d] = cval;
      for (let d = last; d < last + after; d++) buf[d] = cval;
      break;
  }
  return buf;
}

export interface Dense { data: number[]; shape: number[] }

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** Pads every axis d by lo[d] / hi[d] with NI_ExtendLine, one axis after another. */
export function padOracle(x: Dense, lo: number[], hi: number[], mode: OracleMode, cval: number): Dense {
  let cur = x;
  for (let d = 0; d < x.shape.length; d++) {
    const shape = [...cur.shape];
    shape[d] = shape[d]! + lo[d]! + hi[d]!;
    const out = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
    const sIn = strides(cur.shape), sOut = strides(shape);
    const outerShape = cur.shape.map((n, e) => (e === d ? 1 : n));
    const count = outerShape.reduce((a, b) => a * b, 1);
    for (let o = 0; o < count; o++) {
      let rest = o, baseIn = 0, baseOut = 0;
      for (let e = outerShape.length - 1; e >= 0; e--) {
        const i = rest % outerShape[e]!;
        rest = Math.floor(rest / outerShape[e]!);
        baseIn += i * sIn[e]!;
        baseOut += i * sOut[e]!;
      }
      const line = Array.from({ length: cur.shape[d]! }, (_, i) => cur.data[baseIn + i * sIn[d]!]!);
      extendLine(line, lo[d]!, hi[d]!, mode, cval).forEach((v, i) => { out[baseOut + i * sOut[d]!] = v; });
    }
    cur = { data: out, shape };
  }
  return cur;
}

/**
 * scipy.ndimage.correlate: out[i] = sum_t w[t] * x[i + t - (k // 2 + origin)] over
 * the extended input, in float64 (zero weights included).
 */
export function correlateOracle(x: Dense, w: Dense, origin: number[], mode: OracleMode, cval: number): Dense {
  const lo = w.shape.map((k, d) => Math.floor(k / 2) + origin[d]!);
  const hi = w.shape.map((k, d) => k - 1 - lo[d]!);
  const p = padOracle(x, lo, hi, mode, cval);
  const sp = strides(p.shape), sw = strides(w.shape), sx = strides(x.shape);
  const out = new Array<number>(x.data.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    const idx = x.shape.map((n, d) => Math.floor(i / sx[d]!) % n);
    let acc = 0;
    for (let t = 0; t < w.data.length; t++) {
      let off = 0;
      w.shape.forEach((k, d) => { off += (idx[d]! + (Math.floor(t / sw[d]!) % k)) * sp[d]!; });
      acc += w.data[t]! * p.data[off]!;
    }
    out[i] = acc;
  }
  return { data: out, shape: [...x.shape] };
}
