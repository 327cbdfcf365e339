// Moving `lanes` rows (2 f64 or 4 f32) in and out of a lane buffer: 2x2 / 4x4 transposes
// with shuffles instead of scalar loads and stores.
//
// transposeIn: for t < count, lane l of the v128 at dst + t * slotStride receives
// element t of row l (row l starts at src + l * rowStride). transposeOut is the inverse.
// slotStride 32 addresses the real (or, from +16, imaginary) parts of a lane buffer;
// slotStride 16 interleaves them (element 2j -> re of slot j, 2j + 1 -> im of slot j).
//
// Preconditions: rows hold at least `count` elements of T; no overlap with the buffer.

// @ts-ignore: decorator
@inline
export function store2x2(p: usize, stride: usize, a: v128, b: v128): void {
  // The 2x2 f64 transpose of rows (a, b): lanes 0 go to p, lanes 1 to p + stride.
  v128.store(p, v128.shuffle<f64>(a, b, 0, 2));
  v128.store(p + stride, v128.shuffle<f64>(a, b, 1, 3));
}

// @ts-ignore: decorator
@inline
function store4x4(p: usize, stride: usize, a0: v128, a1: v128, a2: v128, a3: v128): void {
  // The 4x4 f32 transpose of rows a0..a3: lane l of every row goes to p + l * stride.
  const t0 = v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(a0, a1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(a2, a3, 2, 6, 3, 7);
  v128.store(p, v128.shuffle<f64>(t0, t2, 0, 2));
  v128.store(p + stride, v128.shuffle<f64>(t0, t2, 1, 3));
  v128.store(p + 2 * stride, v128.shuffle<f64>(t1, t3, 0, 2));
  v128.store(p + 3 * stride, v128.shuffle<f64>(t1, t3, 1, 3));
}

// @ts-ignore: decorator
@inline
export function transposeIn<T>(dst: usize, slotStride: usize, src: usize, rowStride: usize, count: i32): void {
  const size = <usize>sizeof<T>();
  let t = 0;
  if (size == 8) {
    for (; t + 2 <= count; t += 2) {
      const p = src + (<usize>t << 3);
      const a = v128.load(p), b = v128.load(p + rowStride);
      store2x2(dst + <usize>t * slotStride, slotStride, a, b);
    }
  } else {
    for (; t + 4 <= count; t += 4) {
      const p = src + (<usize>t << 2);
      const a0 = v128.load(p), a1 = v128.load(p + rowStride);
      const a2 = v128.load(p + 2 * rowStride), a3 = v128.load(p + 3 * rowStride);
      store4x4(dst + <usize>t * slotStride, slotStride, a0, a1, a2, a3);
    }
  }
  const lanes = <usize>(16 / size);
  for (; t < count; t++) {
    for (let l: usize = 0; l < lanes; l++) {
      store<T>(dst + <usize>t * slotStride + l * size, load<T>(src + l * rowStride + <usize>t * size));
    }
  }
}

// @ts-ignore: decorator
@inline
export function transposeOut<T>(src: usize, slotStride: usize, dst: usize, rowStride: usize, count: i32): void {
  const size = <usize>sizeof<T>();
  let t = 0;
  if (size == 8) {
    for (; t + 2 <= count; t += 2) {
      const q = src + <usize>t * slotStride;
      const a = v128.load(q), b = v128.load(q + slotStride);
      store2x2(dst + (<usize>t << 3), rowStride, a, b);
    }
  } else {
    for (; t + 4 <= count; t += 4) {
      const q = src + <usize>t * slotStride;
      const a0 = v128.load(q), a1 = v128.load(q + slotStride);
      const a2 = v128.load(q + 2 * slotStride), a3 = v128.load(q + 3 * slotStride);
      store4x4(dst + (<usize>t << 2), rowStride, a0, a1, a2, a3);
    }
  }
  const lanes = <usize>(16 / size);
  for (; t < count; t++) {
    for (let l: usize = 0; l < lanes; l++) {
      store<T>(dst + l * rowStride + <usize>t * size, load<T>(src + <usize>t * slotStride + l * size));
    }
  }
}

/**
 * transposeOut with 16-byte slots where every other slot is negated: slot t is
 * negated when (t + parity) is odd (an inverse real FFT's imaginary parts, see
 * real-rows.ts), saving a separate pass over the buffer.
 */
// @ts-ignore: decorator
@inline
export function transposeOutNegOdd<T>(src: usize, dst: usize, rowStride: usize, count: i32, parity: i32): void {
  const size = <usize>sizeof<T>();
  const sign = v128.splat<T>(<T>-0.0), none = v128.splat<T>(<T>0);
  // Slots t, t + 2, ... share the parity of t (t steps by 2 or 4 below, so always even).
  const mEven = parity ? sign : none, mOdd = parity ? none : sign;
  let t = 0;
  if (size == 8) {
    for (; t + 2 <= count; t += 2) {
      const q = src + (<usize>t << 4);
      const a = v128.xor(v128.load(q), mEven), b = v128.xor(v128.load(q, 16), mOdd);
      store2x2(dst + (<usize>t << 3), rowStride, a, b);
    }
  } else {
    for (; t + 4 <= count; t += 4) {
      const q = src + (<usize>t << 4);
      const a0 = v128.xor(v128.load(q), mEven), a1 = v128.xor(v128.load(q, 16), mOdd);
      const a2 = v128.xor(v128.load(q, 32), mEven), a3 = v128.xor(v128.load(q, 48), mOdd);
      store4x4(dst + (<usize>t << 2), rowStride, a0, a1, a2, a3);
    }
  }
  const lanes = <usize>(16 / size);
  for (; t < count; t++) {
    const odd = ((t + parity) & 1) != 0;
    for (let l: usize = 0; l < lanes; l++) {
      const v = load<T>(src + (<usize>t << 4) + l * size);
      store<T>(dst + l * rowStride + <usize>t * size, odd ? -v : v);
    }
  }
}
