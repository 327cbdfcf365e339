// Mixed-radix (2, 3, 4, 5) forward complex FFT on "lane" buffers: SIMD across
// independent lines rather than inside one transform.
//
// Lane buffer: element j of `lanes` independent lines (2 for f64, 4 for f32) occupies
// 32 bytes at buf + 32 * j: the real parts of the lines as one v128, then the imaginary
// parts as one v128. Every butterfly works on whole v128s, so one pass transforms all
// lines at once and needs no shuffles.
//
// The passes are pocketfft's cfftp passes (FFTPACK's self-sorting Stockham form):
// pass k reads cc[i + ido * (j + ip * m)] and writes ch[i + ido * (m + l1 * j)]
// (i < ido, j < ip, m < l1), multiplying output j >= 1 by the twiddle w^(j * l1 * i)
// for i >= 1, where w = exp(-2 pi i / n). Only the forward transform exists: callers
// get the inverse as conj(FFT(conj(x))), folding both conjugations into their
// gather/scatter loops.
//
// Plan layout (built by src/fft/plan.ts; i32 fields):
//   [0] nc: complex length   [1] nf: number of passes   [2] byte offset of the
//   real-FFT twiddles   [3] n: real length   [4 .. 4 + nf) radices, first pass first;
//   twiddles from byte 128: per pass (ip - 1) * (ido - 1) complex values, index
//   (j - 1) * (ido - 1) + (i - 1), each splatted to 32 bytes (re v128, im v128).
//
// Preconditions: buffers 16-byte aligned, two buffers of nc elements that do not
// overlap; T is f32 or f64.

export const PLAN_TWIDDLES: usize = 128;

// @ts-ignore: decorator
@inline
function cmulRe<T>(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return v128.sub<T>(v128.mul<T>(ar, wr), v128.mul<T>(ai, wi));
}

// @ts-ignore: decorator
@inline
function cmulIm<T>(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return v128.add<T>(v128.mul<T>(ar, wi), v128.mul<T>(ai, wr));
}

/** Stores (re, im) at q, multiplied by the twiddle at w when `twiddled`. */
// @ts-ignore: decorator
@inline
function storeTw<T>(q: usize, re: v128, im: v128, w: usize, twiddled: bool): void {
  if (twiddled) {
    const wr = v128.load(w), wi = v128.load(w, 16);
    v128.store(q, cmulRe<T>(re, im, wr, wi));
    v128.store(q, cmulIm<T>(re, im, wr, wi), 16);
  } else {
    v128.store(q, re);
    v128.store(q, im, 16);
  }
}

// @ts-ignore: decorator
@inline
function butterfly2<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twiddled: bool): void {
  const ar = v128.load(p), ai = v128.load(p, 16);
  const br = v128.load(p + ccJ), bi = v128.load(p + ccJ, 16);
  v128.store(q, v128.add<T>(ar, br));
  v128.store(q, v128.add<T>(ai, bi), 16);
  storeTw<T>(q + chJ, v128.sub<T>(ar, br), v128.sub<T>(ai, bi), w, twiddled);
}

// @ts-ignore: decorator
@inline
function butterfly3<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool): void {
  const t0r = v128.load(p), t0i = v128.load(p, 16);
  const ar = v128.load(p + ccJ), ai = v128.load(p + ccJ, 16);
  const br = v128.load(p + 2 * ccJ), bi = v128.load(p + 2 * ccJ, 16);
  const t1r = v128.add<T>(ar, br), t1i = v128.add<T>(ai, bi);
  const t2r = v128.sub<T>(ar, br), t2i = v128.sub<T>(ai, bi);
  v128.store(q, v128.add<T>(t0r, t1r));
  v128.store(q, v128.add<T>(t0i, t1i), 16);
  const twr = v128.splat<T>(<T>-0.5);
  const twi = v128.splat<T>(<T>-0.8660254037844386467637231707529362);
  const car = v128.add<T>(t0r, v128.mul<T>(t1r, twr)), cai = v128.add<T>(t0i, v128.mul<T>(t1i, twr));
  // cb = (-t2.i * twi, t2.r * twi)
  const cbr = v128.neg<T>(v128.mul<T>(t2i, twi)), cbi = v128.mul<T>(t2r, twi);
  storeTw<T>(q + chJ, v128.add<T>(car, cbr), v128.add<T>(cai, cbi), w, twiddled);
  storeTw<T>(q + 2 * chJ, v128.sub<T>(car, cbr), v128.sub<T>(cai, cbi), w + twJ, twiddled);
}

// @ts-ignore: decorator
@inline
function butterfly4<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool): void {
  const c0r = v128.load(p), c0i = v128.load(p, 16);
  const c1r = v128.load(p + ccJ), c1i = v128.load(p + ccJ, 16);
  const c2r = v128.load(p + 2 * ccJ), c2i = v128.load(p + 2 * ccJ, 16);
  const c3r = v128.load(p + 3 * ccJ), c3i = v128.load(p + 3 * ccJ, 16);
  const t2r = v128.add<T>(c0r, c2r), t2i = v128.add<T>(c0i, c2i);
  const t1r = v128.sub<T>(c0r, c2r), t1i = v128.sub<T>(c0i, c2i);
  const t3r = v128.add<T>(c1r, c3r), t3i = v128.add<T>(c1i, c3i);
  // t4 = (c1 - c3) * -i = (t4.i, -t4.r)
  const t4r = v128.sub<T>(c1i, c3i), t4i = v128.sub<T>(c3r, c1r);
  v128.store(q, v128.add<T>(t2r, t3r));
  v128.store(q, v128.add<T>(t2i, t3i), 16);
  storeTw<T>(q + chJ, v128.add<T>(t1r, t4r), v128.add<T>(t1i, t4i), w, twiddled);
  storeTw<T>(q + 2 * chJ, v128.sub<T>(t2r, t3r), v128.sub<T>(t2i, t3i), w + twJ, twiddled);
  storeTw<T>(q + 3 * chJ, v128.sub<T>(t1r, t4r), v128.sub<T>(t1i, t4i), w + 2 * twJ, twiddled);
}

// @ts-ignore: decorator
@inline
function butterfly5<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool): void {
  const tw1r = v128.splat<T>(<T>0.3090169943749474241022934171828191);
  const tw1i = v128.splat<T>(<T>-0.9510565162951535721164393333793821);
  const tw2r = v128.splat<T>(<T>-0.8090169943749474241022934171828191);
  const tw2i = v128.splat<T>(<T>-0.5877852522924731291687059546390728);
  const t0r = v128.load(p), t0i = v128.load(p, 16);
  const c1r = v128.load(p + ccJ), c1i = v128.load(p + ccJ, 16);
  const c2r = v128.load(p + 2 * ccJ), c2i = v128.load(p + 2 * ccJ, 16);
  const c3r = v128.load(p + 3 * ccJ), c3i = v128.load(p + 3 * ccJ, 16);
  const c4r = v128.load(p + 4 * ccJ), c4i = v128.load(p + 4 * ccJ, 16);
  const t1r = v128.add<T>(c1r, c4r), t1i = v128.add<T>(c1i, c4i);
  const t4r = v128.sub<T>(c1r, c4r), t4i = v128.sub<T>(c1i, c4i);
  const t2r = v128.add<T>(c2r, c3r), t2i = v128.add<T>(c2i, c3i);
  const t3r = v128.sub<T>(c2r, c3r), t3i = v128.sub<T>(c2i, c3i);
  v128.store(q, v128.add<T>(t0r, v128.add<T>(t1r, t2r)));
  v128.store(q, v128.add<T>(t0i, v128.add<T>(t1i, t2i)), 16);
  // Outputs 1 and 4.
  {
    const car = v128.add<T>(t0r, v128.add<T>(v128.mul<T>(tw1r, t1r), v128.mul<T>(tw2r, t2r)));
    const cai = v128.add<T>(t0i, v128.add<T>(v128.mul<T>(tw1r, t1i), v128.mul<T>(tw2r, t2i)));
    const cbi = v128.add<T>(v128.mul<T>(tw1i, t4r), v128.mul<T>(tw2i, t3r));
    const cbr = v128.neg<T>(v128.add<T>(v128.mul<T>(tw1i, t4i), v128.mul<T>(tw2i, t3i)));
    storeTw<T>(q + chJ, v128.add<T>(car, cbr), v128.add<T>(cai, cbi), w, twiddled);
    storeTw<T>(q + 4 * chJ, v128.sub<T>(car, cbr), v128.sub<T>(cai, cbi), w + 3 * twJ, twiddled);
  }
  // Outputs 2 and 3.
  {
    const car = v128.add<T>(t0r, v128.add<T>(v128.mul<T>(tw2r, t1r), v128.mul<T>(tw1r, t2r)));
    const cai = v128.add<T>(t0i, v128.add<T>(v128.mul<T>(tw2r, t1i), v128.mul<T>(tw1r, t2i)));
    const cbi = v128.sub<T>(v128.mul<T>(tw2i, t4r), v128.mul<T>(tw1i, t3r));
    const cbr = v128.neg<T>(v128.sub<T>(v128.mul<T>(tw2i, t4i), v128.mul<T>(tw1i, t3i)));
    storeTw<T>(q + 2 * chJ, v128.add<T>(car, cbr), v128.add<T>(cai, cbi), w + twJ, twiddled);
    storeTw<T>(q + 3 * chJ, v128.sub<T>(car, cbr), v128.sub<T>(cai, cbi), w + 2 * twJ, twiddled);
  }
}

/** One radix-ip pass from cc to ch (see the header for the index maps). */
// @ts-ignore: decorator
@inline
function pass<T>(ip: i32, ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void {
  const ccJ = <usize>ido << 5;
  const ccK = <usize>(ido * ip) << 5;
  const chK = <usize>ido << 5;
  const chJ = <usize>(ido * l1) << 5;
  const twJ = <usize>(ido - 1) << 5;
  for (let k = 0; k < l1; k++) {
    const p = cc + <usize>k * ccK, q = ch + <usize>k * chK;
    if (ip == 4) butterfly4<T>(p, ccJ, q, chJ, 0, 0, false);
    else if (ip == 2) butterfly2<T>(p, ccJ, q, chJ, 0, false);
    else if (ip == 3) butterfly3<T>(p, ccJ, q, chJ, 0, 0, false);
    else butterfly5<T>(p, ccJ, q, chJ, 0, 0, false);
    for (let i = 1; i < ido; i++) {
      const o = <usize>i << 5, w = tw + (<usize>(i - 1) << 5);
      if (ip == 4) butterfly4<T>(p + o, ccJ, q + o, chJ, w, twJ, true);
      else if (ip == 2) butterfly2<T>(p + o, ccJ, q + o, chJ, w, true);
      else if (ip == 3) butterfly3<T>(p + o, ccJ, q + o, chJ, w, twJ, true);
      else butterfly5<T>(p + o, ccJ, q + o, chJ, w, twJ, true);
    }
  }
}

// Each radix gets its own loop nest so that the butterfly is inlined without branches.
function pass2<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(2, ido, l1, cc, ch, tw); }
function pass3<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(3, ido, l1, cc, ch, tw); }
function pass4<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(4, ido, l1, cc, ch, tw); }
function pass5<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(5, ido, l1, cc, ch, tw); }

/**
 * Forward complex FFT of the lane buffer `a` (length nc from the plan), using `b` as
 * scratch. Returns the buffer holding the result (a or b).
 */
export function cfftLanes<T>(plan: usize, a: usize, b: usize): usize {
  const nc = load<i32>(plan);
  const nf = load<i32>(plan, 4);
  let l1 = 1;
  let p1 = a, p2 = b;
  let tw = plan + PLAN_TWIDDLES;
  for (let f = 0; f < nf; f++) {
    const ip = load<i32>(plan + 16 + (<usize>f << 2));
    const ido = nc / (l1 * ip);
    if (ip == 4) pass4<T>(ido, l1, p1, p2, tw);
    else if (ip == 2) pass2<T>(ido, l1, p1, p2, tw);
    else if (ip == 3) pass3<T>(ido, l1, p1, p2, tw);
    else pass5<T>(ido, l1, p1, p2, tw);
    tw += <usize>((ip - 1) * (ido - 1)) << 5;
    const t = p1; p1 = p2; p2 = t;
    l1 *= ip;
  }
  return p1;
}
