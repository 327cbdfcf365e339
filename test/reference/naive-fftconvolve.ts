// Test oracle: scipy.signal.fftconvolve's semantics computed by a plain float64 sum,
// written from SciPy's documentation and source independently of src/ (never optimise).
export interface Dense {
  data: ArrayLike<number>;
  shape: number[];
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]!; }
  return s;
}

function* indices(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let t = 0; t < total; t++) {
    yield idx;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

/** scipy.signal.fftconvolve(in1, in2, mode, axes) for same-ndim inputs. */
export function naiveFftconvolve(a: Dense, b: Dense, mode: 'full' | 'same' | 'valid', axesIn?: number[]): Dense {
  const ndim = a.shape.length;
  const axesAll = (axesIn ?? a.shape.map((_, i) => i)).map((x) => (x < 0 ? x + ndim : x));
  // Axes where an input has length 1 are broadcast, not convolved.
  const axes = axesAll.filter((x) => a.shape[x] !== 1 && b.shape[x] !== 1);
  let [x, y] = [a, b];
  if (mode === 'valid' && !axes.every((d) => a.shape[d]! >= b.shape[d]!)) [x, y] = [b, a];
  const full = x.shape.map((n, d) => (axes.includes(d) ? n + y.shape[d]! - 1 : Math.max(n, y.shape[d]!)));
  const fullData = new Float64Array(full.reduce((p, q) => p * q, 1));
  const sx = strides(x.shape), sy = strides(y.shape), sf = strides(full);
  for (const i of indices(x.shape)) {
    let ox = 0;
    i.forEach((v, d) => { ox += v * sx[d]!; });
    for (const j of indices(y.shape)) {
      let oy = 0, of = 0, ok = true;
      for (let d = 0; d < ndim; d++) {
        oy += j[d]! * sy[d]!;
        if (axes.includes(d)) of += (i[d]! + j[d]!) * sf[d]!;
        else {
          // broadcast: equal lengths pair index by index; length 1 pairs with every index
          if (x.shape[d] === y.shape[d] && i[d] !== j[d]) { ok = false; break; }
          of += Math.max(i[d]!, j[d]!) * sf[d]!;
        }
      }
      if (ok) fullData[of] = fullData[of]! + Number(x.data[ox]) * Number(y.data[oy]);
    }
  }
  const want = full.map((n, d) => {
    if (mode === 'full') return n;
    if (mode === 'same') return a.shape[d]!;
    return axes.includes(d) ? x.shape[d]! - y.shape[d]! + 1 : n;
  });
  const start = full.map((n, d) => Math.floor((n - want[d]!) / 2));
  const out = new Float64Array(want.reduce((p, q) => p * q, 1));
  let o = 0;
  for (const i of indices(want)) {
    let f = 0;
    i.forEach((v, d) => { f += (v + start[d]!) * sf[d]!; });
    out[o++] = fullData[f]!;
  }
  return { data: out, shape: want };
}
