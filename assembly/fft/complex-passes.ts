// Mixed-radix (2, 3, 4, 5, 8) forward complex FFT on "lane" buffers: SIMD across
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
// get the inverse as conj(FFT(conj(x))) or as swap(FFT(swap(x))), where swap exchanges
// real and imaginary parts (free with split storage: just read and write them swapped).
// The first pass may read, and the last pass write, split-complex lines in the caller's
// memory directly (cfftStrided), so column transforms need no copies.
//
// Plan layout (built by src/fft/plan.ts; i32 fields):
//   [0] nc: complex length   [1] nf: number of passes   [2] byte offset of the
//   real-FFT twiddles   [3] n: real length   [4 .. 4 + nf) radices, first pass first;
//   twiddles from byte 128: per pass (ip - 1) * (ido - 1) complex values, index
//   (j - 1) * (ido - 1) + (i - 1), each stored as (re, im) in T and splatted across the
//   lanes when loaded (half the bytes of pre-splatted v128s: large transforms stream
//   the twiddles from beyond the caches).
//
// Preconditions: buffers 16-byte aligned, two buffers of nc elements that do not
// overlap; T is f32 or f64.

export const PLAN_TWIDDLES: usize = 128;

/** Bytes of one twiddle (re, im) of type T in a plan. */
// @ts-ignore: decorator
@inline
export function twiddleBytes<T>(): usize {
  return <usize>sizeof<T>() << 1;
}

/** The twiddle at w, (re, im), splatted across the lanes: [re, im]. */
// @ts-ignore: decorator
@inline
export function loadTwRe<T>(w: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(w) : v128.load32_splat(w);
}
// @ts-ignore: decorator
@inline
export function loadTwIm<T>(w: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(w, 8) : v128.load32_splat(w, 4);
}

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

/**
 * Imaginary part of element at a: at a + 16 in a lane buffer (`strided` false, a
 * constant after inlining, so the offset is an immediate), else at a + imOffset.
 */
// @ts-ignore: decorator
@inline
function ldIm(a: usize, imOffset: usize, strided: bool): v128 {
  return strided ? v128.load(a + imOffset) : v128.load(a, 16);
}
// @ts-ignore: decorator
@inline
function stIm(a: usize, v: v128, imOffset: usize, strided: bool): void {
  if (strided) v128.store(a + imOffset, v);
  else v128.store(a, v, 16);
}

/** Stores (re, im) at q, multiplied by the twiddle at w when `twiddled`. */
// @ts-ignore: decorator
@inline
function storeTw<T>(q: usize, re: v128, im: v128, w: usize, twiddled: bool, oo: usize, so: bool): void {
  if (twiddled) {
    const wr = loadTwRe<T>(w), wi = loadTwIm<T>(w);
    v128.store(q, cmulRe<T>(re, im, wr, wi));
    stIm(q, cmulIm<T>(re, im, wr, wi), oo, so);
  } else {
    v128.store(q, re);
    stIm(q, im, oo, so);
  }
}

// @ts-ignore: decorator
@inline
function butterfly2<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twiddled: bool, io: usize, oo: usize, si: bool, so: bool): void {
  const ar = v128.load(p), ai = ldIm(p, io, si);
  const br = v128.load(p + ccJ), bi = ldIm(p + ccJ, io, si);
  v128.store(q, v128.add<T>(ar, br));
  stIm(q, v128.add<T>(ai, bi), oo, so);
  storeTw<T>(q + chJ, v128.sub<T>(ar, br), v128.sub<T>(ai, bi), w, twiddled, oo, so);
}

// @ts-ignore: decorator
@inline
function butterfly3<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool, io: usize, oo: usize, si: bool, so: bool): void {
  const t0r = v128.load(p), t0i = ldIm(p, io, si);
  const ar = v128.load(p + ccJ), ai = ldIm(p + ccJ, io, si);
  const br = v128.load(p + 2 * ccJ), bi = ldIm(p + 2 * ccJ, io, si);
  const t1r = v128.add<T>(ar, br), t1i = v128.add<T>(ai, bi);
  const t2r = v128.sub<T>(ar, br), t2i = v128.sub<T>(ai, bi);
  v128.store(q, v128.add<T>(t0r, t1r));
  stIm(q, v128.add<T>(t0i, t1i), oo, so);
  const half = v128.splat<T>(<T>0.5);
  const s = v128.splat<T>(<T>0.8660254037844386467637231707529362);
  const car = v128.sub<T>(t0r, v128.mul<T>(t1r, half)), cai = v128.sub<T>(t0i, v128.mul<T>(t1i, half));
  // Outputs 1, 2 = ca -+ i sin(2 pi / 3) t2 = (car + s t2i, cai - s t2r), (car - s t2i, cai + s t2r):
  // with the sine's magnitude as the constant, no negation is needed.
  const mr = v128.mul<T>(t2i, s), mi = v128.mul<T>(t2r, s);
  storeTw<T>(q + chJ, v128.add<T>(car, mr), v128.sub<T>(cai, mi), w, twiddled, oo, so);
  storeTw<T>(q + 2 * chJ, v128.sub<T>(car, mr), v128.add<T>(cai, mi), w + twJ, twiddled, oo, so);
}

// @ts-ignore: decorator
@inline
function butterfly4<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool, io: usize, oo: usize, si: bool, so: bool): void {
  const c0r = v128.load(p), c0i = ldIm(p, io, si);
  const c1r = v128.load(p + ccJ), c1i = ldIm(p + ccJ, io, si);
  const c2r = v128.load(p + 2 * ccJ), c2i = ldIm(p + 2 * ccJ, io, si);
  const c3r = v128.load(p + 3 * ccJ), c3i = ldIm(p + 3 * ccJ, io, si);
  const t2r = v128.add<T>(c0r, c2r), t2i = v128.add<T>(c0i, c2i);
  const t1r = v128.sub<T>(c0r, c2r), t1i = v128.sub<T>(c0i, c2i);
  const t3r = v128.add<T>(c1r, c3r), t3i = v128.add<T>(c1i, c3i);
  // t4 = (c1 - c3) * -i = (t4.i, -t4.r)
  const t4r = v128.sub<T>(c1i, c3i), t4i = v128.sub<T>(c3r, c1r);
  v128.store(q, v128.add<T>(t2r, t3r));
  stIm(q, v128.add<T>(t2i, t3i), oo, so);
  storeTw<T>(q + chJ, v128.add<T>(t1r, t4r), v128.add<T>(t1i, t4i), w, twiddled, oo, so);
  storeTw<T>(q + 2 * chJ, v128.sub<T>(t2r, t3r), v128.sub<T>(t2i, t3i), w + twJ, twiddled, oo, so);
  storeTw<T>(q + 3 * chJ, v128.sub<T>(t1r, t4r), v128.sub<T>(t1i, t4i), w + 2 * twJ, twiddled, oo, so);
}

// @ts-ignore: decorator
@inline
function butterfly5<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool, io: usize, oo: usize, si: bool, so: bool): void {
  const tw1r = v128.splat<T>(<T>0.3090169943749474241022934171828191);
  const tw1i = v128.splat<T>(<T>-0.9510565162951535721164393333793821);
  const tw2r = v128.splat<T>(<T>-0.8090169943749474241022934171828191);
  const tw2i = v128.splat<T>(<T>-0.5877852522924731291687059546390728);
  const t0r = v128.load(p), t0i = ldIm(p, io, si);
  const c1r = v128.load(p + ccJ), c1i = ldIm(p + ccJ, io, si);
  const c2r = v128.load(p + 2 * ccJ), c2i = ldIm(p + 2 * ccJ, io, si);
  const c3r = v128.load(p + 3 * ccJ), c3i = ldIm(p + 3 * ccJ, io, si);
  const c4r = v128.load(p + 4 * ccJ), c4i = ldIm(p + 4 * ccJ, io, si);
  const t1r = v128.add<T>(c1r, c4r), t1i = v128.add<T>(c1i, c4i);
  const t4r = v128.sub<T>(c1r, c4r), t4i = v128.sub<T>(c1i, c4i);
  const t2r = v128.add<T>(c2r, c3r), t2i = v128.add<T>(c2i, c3i);
  const t3r = v128.sub<T>(c2r, c3r), t3i = v128.sub<T>(c2i, c3i);
  v128.store(q, v128.add<T>(t0r, v128.add<T>(t1r, t2r)));
  stIm(q, v128.add<T>(t0i, v128.add<T>(t1i, t2i)), oo, so);
  // Outputs 1 and 4.
  {
    const car = v128.add<T>(t0r, v128.add<T>(v128.mul<T>(tw1r, t1r), v128.mul<T>(tw2r, t2r)));
    const cai = v128.add<T>(t0i, v128.add<T>(v128.mul<T>(tw1r, t1i), v128.mul<T>(tw2r, t2i)));
    const cbi = v128.add<T>(v128.mul<T>(tw1i, t4r), v128.mul<T>(tw2i, t3r));
    const cbr = v128.neg<T>(v128.add<T>(v128.mul<T>(tw1i, t4i), v128.mul<T>(tw2i, t3i)));
    storeTw<T>(q + chJ, v128.add<T>(car, cbr), v128.add<T>(cai, cbi), w, twiddled, oo, so);
    storeTw<T>(q + 4 * chJ, v128.sub<T>(car, cbr), v128.sub<T>(cai, cbi), w + 3 * twJ, twiddled, oo, so);
  }
  // Outputs 2 and 3.
  {
    const car = v128.add<T>(t0r, v128.add<T>(v128.mul<T>(tw2r, t1r), v128.mul<T>(tw1r, t2r)));
    const cai = v128.add<T>(t0i, v128.add<T>(v128.mul<T>(tw2r, t1i), v128.mul<T>(tw1r, t2i)));
    const cbi = v128.sub<T>(v128.mul<T>(tw2i, t4r), v128.mul<T>(tw1i, t3r));
    const cbr = v128.neg<T>(v128.sub<T>(v128.mul<T>(tw2i, t4i), v128.mul<T>(tw1i, t3i)));
    storeTw<T>(q + 2 * chJ, v128.add<T>(car, cbr), v128.add<T>(cai, cbi), w + twJ, twiddled, oo, so);
    storeTw<T>(q + 3 * chJ, v128.sub<T>(car, cbr), v128.sub<T>(cai, cbi), w + 2 * twJ, twiddled, oo, so);
  }
}

// @ts-ignore: decorator
@inline
function add<T>(a: v128, b: v128): v128 { return v128.add<T>(a, b); }
// @ts-ignore: decorator
@inline
function sub<T>(a: v128, b: v128): v128 { return v128.sub<T>(a, b); }
// @ts-ignore: decorator
@inline
function mul<T>(a: v128, b: v128): v128 { return v128.mul<T>(a, b); }

/**
 * Radix 8 as a radix-2 step (u = a_j + a_j+4, v = a_j - a_j+4, j < 4) followed by two
 * 4-point DFTs: X_2m = DFT4(u)_m and X_2m+1 = DFT4(v_j w8^j)_m. The rotations by w8^1
 * and w8^3 cost two multiplications by sqrt(1/2) each, w8^2 is a swap. The two halves
 * load the inputs separately: eight live v128s each instead of sixteen, which x64's
 * sixteen vector registers hold without spilling (reloads from L1 are cheaper).
 */
// @ts-ignore: decorator
@inline
function butterfly8<T>(p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool, io: usize, oo: usize, si: bool, so: bool): void {
  // Even outputs: DFT4(u0, u1, u2, u3).
  {
    const u0r = add<T>(v128.load(p), v128.load(p + 4 * ccJ)), u0i = add<T>(ldIm(p, io, si), ldIm(p + 4 * ccJ, io, si));
    const u2r = add<T>(v128.load(p + 2 * ccJ), v128.load(p + 6 * ccJ)), u2i = add<T>(ldIm(p + 2 * ccJ, io, si), ldIm(p + 6 * ccJ, io, si));
    const t2r = add<T>(u0r, u2r), t2i = add<T>(u0i, u2i);
    const t1r = sub<T>(u0r, u2r), t1i = sub<T>(u0i, u2i);
    const u1r = add<T>(v128.load(p + ccJ), v128.load(p + 5 * ccJ)), u1i = add<T>(ldIm(p + ccJ, io, si), ldIm(p + 5 * ccJ, io, si));
    const u3r = add<T>(v128.load(p + 3 * ccJ), v128.load(p + 7 * ccJ)), u3i = add<T>(ldIm(p + 3 * ccJ, io, si), ldIm(p + 7 * ccJ, io, si));
    const t3r = add<T>(u1r, u3r), t3i = add<T>(u1i, u3i);
    const t4r = sub<T>(u1i, u3i), t4i = sub<T>(u3r, u1r);
    v128.store(q, add<T>(t2r, t3r));
    stIm(q, add<T>(t2i, t3i), oo, so);
    storeTw<T>(q + 4 * chJ, sub<T>(t2r, t3r), sub<T>(t2i, t3i), w + 3 * twJ, twiddled, oo, so);
    storeTw<T>(q + 2 * chJ, add<T>(t1r, t4r), add<T>(t1i, t4i), w + twJ, twiddled, oo, so);
    storeTw<T>(q + 6 * chJ, sub<T>(t1r, t4r), sub<T>(t1i, t4i), w + 5 * twJ, twiddled, oo, so);
  }
  // Odd outputs: DFT4(v0, v1 w8, v2 w8^2, v3 w8^3) with v1 w8 = (A h, B h), v2 w8^2 =
  // (v2i, -v2r), v3 w8^3 = (C h, -D h): A = v1r + v1i, B = v1i - v1r, C = v3i - v3r,
  // D = v3r + v3i.
  {
    const h = v128.splat<T>(<T>0.7071067811865475244008443621048490);
    const v0r = sub<T>(v128.load(p), v128.load(p + 4 * ccJ)), v0i = sub<T>(ldIm(p, io, si), ldIm(p + 4 * ccJ, io, si));
    const v2r = sub<T>(v128.load(p + 2 * ccJ), v128.load(p + 6 * ccJ)), v2i = sub<T>(ldIm(p + 2 * ccJ, io, si), ldIm(p + 6 * ccJ, io, si));
    const t2r = add<T>(v0r, v2i), t2i = sub<T>(v0i, v2r);
    const t1r = sub<T>(v0r, v2i), t1i = add<T>(v0i, v2r);
    const v1r = sub<T>(v128.load(p + ccJ), v128.load(p + 5 * ccJ)), v1i = sub<T>(ldIm(p + ccJ, io, si), ldIm(p + 5 * ccJ, io, si));
    const v3r = sub<T>(v128.load(p + 3 * ccJ), v128.load(p + 7 * ccJ)), v3i = sub<T>(ldIm(p + 3 * ccJ, io, si), ldIm(p + 7 * ccJ, io, si));
    const A = add<T>(v1r, v1i), B = sub<T>(v1i, v1r), C = sub<T>(v3i, v3r), D = add<T>(v3r, v3i);
    const t3r = mul<T>(add<T>(A, C), h), t3i = mul<T>(sub<T>(B, D), h);
    const t4r = mul<T>(add<T>(B, D), h), t4i = mul<T>(sub<T>(C, A), h);
    storeTw<T>(q + chJ, add<T>(t2r, t3r), add<T>(t2i, t3i), w, twiddled, oo, so);
    storeTw<T>(q + 5 * chJ, sub<T>(t2r, t3r), sub<T>(t2i, t3i), w + 4 * twJ, twiddled, oo, so);
    storeTw<T>(q + 3 * chJ, add<T>(t1r, t4r), add<T>(t1i, t4i), w + 2 * twJ, twiddled, oo, so);
    storeTw<T>(q + 7 * chJ, sub<T>(t1r, t4r), sub<T>(t1i, t4i), w + 6 * twJ, twiddled, oo, so);
  }
}

/**
 * One radix-ip pass from cc to ch (see the header for the index maps). Element e of cc
 * is at cc + e * ccS (imaginary part at + io when `si`, else + 16: a lane buffer), of
 * ch at ch + e * chS (+ oo when `so`, else + 16). si and so are constants after inlining.
 */
// @ts-ignore: decorator
@inline
function pass<T>(
  ip: i32, ido: i32, l1: i32, cc: usize, ccS: usize, io: usize, si: bool,
  ch: usize, chS: usize, oo: usize, so: bool, tw: usize,
): void {
  const ccJ = <usize>ido * ccS;
  const ccK = <usize>(ido * ip) * ccS;
  const chK = <usize>ido * chS;
  const chJ = <usize>(ido * l1) * chS;
  const twJ = <usize>(ido - 1) * twiddleBytes<T>();
  for (let k = 0; k < l1; k++) {
    const p = cc + <usize>k * ccK, q = ch + <usize>k * chK;
    butterfly<T>(ip, p, ccJ, q, chJ, 0, 0, false, io, oo, si, so);
    for (let i = 1; i < ido; i++) {
      const w = tw + <usize>(i - 1) * twiddleBytes<T>();
      butterfly<T>(ip, p + <usize>i * ccS, ccJ, q + <usize>i * chS, chJ, w, twJ, true, io, oo, si, so);
    }
  }
}

/** The radix-ip butterfly (ip a compile-time constant after inlining). */
// @ts-ignore: decorator
@inline
function butterfly<T>(
  ip: i32, p: usize, ccJ: usize, q: usize, chJ: usize, w: usize, twJ: usize, twiddled: bool,
  io: usize, oo: usize, si: bool, so: bool,
): void {
  if (ip == 4) butterfly4<T>(p, ccJ, q, chJ, w, twJ, twiddled, io, oo, si, so);
  else if (ip == 8) butterfly8<T>(p, ccJ, q, chJ, w, twJ, twiddled, io, oo, si, so);
  else if (ip == 2) butterfly2<T>(p, ccJ, q, chJ, w, twiddled, io, oo, si, so);
  else if (ip == 3) butterfly3<T>(p, ccJ, q, chJ, w, twJ, twiddled, io, oo, si, so);
  else butterfly5<T>(p, ccJ, q, chJ, w, twJ, twiddled, io, oo, si, so);
}

// Each radix and access pattern gets its own loop nest so that the butterfly is inlined
// without branches: lane buffer to lane buffer, strided line to lane buffer (first
// pass), lane buffer to strided line (last pass).
const L: usize = 32;
function pass2<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(2, ido, l1, cc, L, 0, false, ch, L, 0, false, tw); }
function pass3<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(3, ido, l1, cc, L, 0, false, ch, L, 0, false, tw); }
function pass4<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(4, ido, l1, cc, L, 0, false, ch, L, 0, false, tw); }
function pass5<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(5, ido, l1, cc, L, 0, false, ch, L, 0, false, tw); }
function pass8<T>(ido: i32, l1: i32, cc: usize, ch: usize, tw: usize): void { pass<T>(8, ido, l1, cc, L, 0, false, ch, L, 0, false, tw); }
function pass2In<T>(ido: i32, l1: i32, cc: usize, s: usize, im: usize, ch: usize, tw: usize): void { pass<T>(2, ido, l1, cc, s, im, true, ch, L, 0, false, tw); }
function pass3In<T>(ido: i32, l1: i32, cc: usize, s: usize, im: usize, ch: usize, tw: usize): void { pass<T>(3, ido, l1, cc, s, im, true, ch, L, 0, false, tw); }
function pass4In<T>(ido: i32, l1: i32, cc: usize, s: usize, im: usize, ch: usize, tw: usize): void { pass<T>(4, ido, l1, cc, s, im, true, ch, L, 0, false, tw); }
function pass5In<T>(ido: i32, l1: i32, cc: usize, s: usize, im: usize, ch: usize, tw: usize): void { pass<T>(5, ido, l1, cc, s, im, true, ch, L, 0, false, tw); }
function pass8In<T>(ido: i32, l1: i32, cc: usize, s: usize, im: usize, ch: usize, tw: usize): void { pass<T>(8, ido, l1, cc, s, im, true, ch, L, 0, false, tw); }
function pass2Out<T>(ido: i32, l1: i32, cc: usize, ch: usize, s: usize, im: usize, tw: usize): void { pass<T>(2, ido, l1, cc, L, 0, false, ch, s, im, true, tw); }
function pass3Out<T>(ido: i32, l1: i32, cc: usize, ch: usize, s: usize, im: usize, tw: usize): void { pass<T>(3, ido, l1, cc, L, 0, false, ch, s, im, true, tw); }
function pass4Out<T>(ido: i32, l1: i32, cc: usize, ch: usize, s: usize, im: usize, tw: usize): void { pass<T>(4, ido, l1, cc, L, 0, false, ch, s, im, true, tw); }
function pass5Out<T>(ido: i32, l1: i32, cc: usize, ch: usize, s: usize, im: usize, tw: usize): void { pass<T>(5, ido, l1, cc, L, 0, false, ch, s, im, true, tw); }
function pass8Out<T>(ido: i32, l1: i32, cc: usize, ch: usize, s: usize, im: usize, tw: usize): void { pass<T>(8, ido, l1, cc, L, 0, false, ch, s, im, true, tw); }

/**
 * Forward complex FFT of the lane buffer `a` (length nc from the plan), using `b` as
 * scratch. Returns the buffer holding the result (a or b).
 */
export function cfftLanes<T>(plan: usize, a: usize, b: usize): usize {
  return cfftLines<T>(plan, a, L, 0, false, 0, L, 0, false, a, b);
}

/**
 * Forward complex FFT of `lanes` adjacent lines of split-complex data, with the first
 * pass reading the data in place and the last pass writing the result in place (no
 * copies through the lane buffers): element e at src + e * srcS (real parts, one v128)
 * and src + e * srcS + srcIm (imaginary parts; srcIm may be "negative", wrapping, e.g.
 * to read the line with real and imaginary parts swapped), the result likewise at dst.
 * src and dst may be the same line. a and b are lane buffers of nc elements for the
 * passes in between.
 */
export function cfftStrided<T>(plan: usize, src: usize, srcS: usize, srcIm: usize, dst: usize, dstS: usize, dstIm: usize, a: usize, b: usize): void {
  const nf = load<i32>(plan, 4);
  if (nf >= 2) {
    cfftLines<T>(plan, src, srcS, srcIm, true, dst, dstS, dstIm, true, a, b);
    return;
  }
  // One pass or none: through the lane buffer a.
  const nc = load<i32>(plan);
  for (let e = 0; e < nc; e++) {
    const p = src + <usize>e * srcS, q = a + (<usize>e << 5);
    v128.store(q, v128.load(p));
    v128.store(q, v128.load(p + srcIm), 16);
  }
  const y = cfftLines<T>(plan, a, L, 0, false, 0, L, 0, false, a, b);
  for (let e = 0; e < nc; e++) {
    const p = dst + <usize>e * dstS, q = y + (<usize>e << 5);
    v128.store(p, v128.load(q));
    v128.store(p + dstIm, v128.load(q, 16));
  }
}

/**
 * Forward complex FFT from a strided line (`si`; needs nf >= 1) or the lane buffer src
 * (a or b) to a strided line (`so`; needs nf >= 2 if si, else nf >= 1) or a lane
 * buffer, whose address it returns (0 for a strided destination). The passes in
 * between ping-pong between a and b.
 */
// @ts-ignore: decorator
@inline
export function cfftLines<T>(
  plan: usize, src: usize, srcS: usize, srcIm: usize, si: bool,
  dst: usize, dstS: usize, dstIm: usize, so: bool, a: usize, b: usize,
): usize {
  const nc = load<i32>(plan);
  const nf = load<i32>(plan, 4);
  let l1 = 1;
  // p1: the current input (a lane buffer after the first pass), p2: the other buffer.
  let p1 = src, p2 = si ? a : (src == a ? b : a);
  let tw = plan + PLAN_TWIDDLES;
  for (let f = 0; f < nf; f++) {
    const ip = load<i32>(plan + 16 + (<usize>f << 2));
    const ido = nc / (l1 * ip);
    if (si && f == 0) {
      switch (ip) {
        case 4: pass4In<T>(ido, l1, src, srcS, srcIm, p2, tw); break;
        case 8: pass8In<T>(ido, l1, src, srcS, srcIm, p2, tw); break;
        case 2: pass2In<T>(ido, l1, src, srcS, srcIm, p2, tw); break;
        case 3: pass3In<T>(ido, l1, src, srcS, srcIm, p2, tw); break;
        default: pass5In<T>(ido, l1, src, srcS, srcIm, p2, tw);
      }
      p1 = p2; p2 = b;
    } else if (so && f == nf - 1) {
      switch (ip) {
        case 4: pass4Out<T>(ido, l1, p1, dst, dstS, dstIm, tw); break;
        case 8: pass8Out<T>(ido, l1, p1, dst, dstS, dstIm, tw); break;
        case 2: pass2Out<T>(ido, l1, p1, dst, dstS, dstIm, tw); break;
        case 3: pass3Out<T>(ido, l1, p1, dst, dstS, dstIm, tw); break;
        default: pass5Out<T>(ido, l1, p1, dst, dstS, dstIm, tw);
      }
      return 0;
    } else {
      switch (ip) {
        case 4: pass4<T>(ido, l1, p1, p2, tw); break;
        case 8: pass8<T>(ido, l1, p1, p2, tw); break;
        case 2: pass2<T>(ido, l1, p1, p2, tw); break;
        case 3: pass3<T>(ido, l1, p1, p2, tw); break;
        default: pass5<T>(ido, l1, p1, p2, tw);
      }
      const t = p1; p1 = p2; p2 = t;
    }
    tw += <usize>((ip - 1) * (ido - 1)) * twiddleBytes<T>();
    l1 *= ip;
  }
  return p1;
}

/**
 * Forward complex FFT of a strided line (as in cfftStrided) of which only elements
 * [0, loaded) are nonzero, loaded <= nc / ip for the first radix ip (e.g. a small
 * kernel zero-padded to the transform length): the first pass, whose butterfly i
 * then sees one nonzero input, reduces to x_i times its twiddles. Returns the lane
 * buffer (a or b) holding the result. Needs nf >= 1.
 */
export function cfftSparse<T>(plan: usize, src: usize, srcS: usize, srcIm: usize, loaded: i32, a: usize, b: usize): usize {
  const nc = load<i32>(plan);
  const nf = load<i32>(plan, 4);
  const ip = load<i32>(plan, 16);
  const ido = nc / ip;
  const twJ = <usize>(ido - 1) * twiddleBytes<T>();
  const chJ = <usize>ido << 5;
  let tw = plan + PLAN_TWIDDLES;
  // First pass (l1 = 1): output i + ido * j = x_i w^(j i).
  const zero = v128.splat<T>(<T>0);
  for (let i = 0; i < ido; i++) {
    const q = a + (<usize>i << 5);
    if (i >= loaded) {
      for (let j = 0; j < ip; j++) { v128.store(q + <usize>j * chJ, zero); v128.store(q + <usize>j * chJ, zero, 16); }
      continue;
    }
    const p = src + <usize>i * srcS;
    const xr = v128.load(p), xi = v128.load(p + srcIm);
    v128.store(q, xr);
    v128.store(q, xi, 16);
    if (i == 0) {
      for (let j = 1; j < ip; j++) { v128.store(q + <usize>j * chJ, xr); v128.store(q + <usize>j * chJ, xi, 16); }
      continue;
    }
    const w = tw + <usize>(i - 1) * twiddleBytes<T>();
    for (let j = 1; j < ip; j++) storeTw<T>(q + <usize>j * chJ, xr, xi, w + <usize>(j - 1) * twJ, true, 0, false);
  }
  tw += <usize>((ip - 1) * (ido - 1)) * twiddleBytes<T>();
  let l1 = ip;
  let p1 = a, p2 = b;
  for (let f = 1; f < nf; f++) {
    const r = load<i32>(plan + 16 + (<usize>f << 2));
    const d = nc / (l1 * r);
    switch (r) {
      case 4: pass4<T>(d, l1, p1, p2, tw); break;
      case 8: pass8<T>(d, l1, p1, p2, tw); break;
      case 2: pass2<T>(d, l1, p1, p2, tw); break;
      case 3: pass3<T>(d, l1, p1, p2, tw); break;
      default: pass5<T>(d, l1, p1, p2, tw);
    }
    tw += <usize>((r - 1) * (d - 1)) * twiddleBytes<T>();
    const t = p1; p1 = p2; p2 = t;
    l1 *= r;
  }
  return p1;
}
