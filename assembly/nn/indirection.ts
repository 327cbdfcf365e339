// Indirection table of a channels-last convolution: for output pixel m and kernel tap s,
// the byte address of the kc input channels that tap reads, or `zero` in the padding.

/**
 * `geom` holds 22 i32: base, zero, pixelBytes, then per axis (D, H, W):
 * inSize[3], outSize[3], kernel[3], stride[3], dilation[3], padBefore[3], and the
 * batch count last. Rows m in [first, first + count) (m = ((n * oD + od) * oH + oh) * oW + ow)
 * get ks = kD * kH * kW u32 entries each at dst + m * ks * 4, taps in (kd, kh, kw) order.
 * Preconditions: `base` is the dense input [N, D, H, W, C] whose pixels are
 * pixelBytes apart; padBefore may be negative.
 */
export function buildIndirection(geom: usize, first: i32, count: i32, dst: usize): void {
  const base = load<u32>(geom), zero = load<u32>(geom, 4), pixelBytes = load<u32>(geom, 8);
  const inD = load<i32>(geom, 12), inH = load<i32>(geom, 16), inW = load<i32>(geom, 20);
  const oD = load<i32>(geom, 24), oH = load<i32>(geom, 28), oW = load<i32>(geom, 32);
  const kD = load<i32>(geom, 36), kH = load<i32>(geom, 40), kW = load<i32>(geom, 44);
  const sD = load<i32>(geom, 48), sH = load<i32>(geom, 52), sW = load<i32>(geom, 56);
  const dD = load<i32>(geom, 60), dH = load<i32>(geom, 64), dW = load<i32>(geom, 68);
  const pD = load<i32>(geom, 72), pH = load<i32>(geom, 76), pW = load<i32>(geom, 80);
  const ks = kD * kH * kW;
  const imageBytes = <usize>(inD * inH * inW) * <usize>pixelBytes;
  let p = dst + <usize>(first * ks) * 4;
  for (let m = first; m < first + count; m++) {
    let rest = m;
    const ow = rest % oW; rest /= oW;
    const oh = rest % oH; rest /= oH;
    const od = rest % oD; rest /= oD;
    const image = <usize>base + <usize>rest * imageBytes;
    for (let kd = 0; kd < kD; kd++) {
      const id = od * sD - pD + kd * dD;
      const dOk = id >= 0 && id < inD;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * sH - pH + kh * dH;
        const hOk = dOk && ih >= 0 && ih < inH;
        const rowBase = image + <usize>((id * inH + ih) * inW) * <usize>pixelBytes;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * sW - pW + kw * dW;
          const ok = hOk && iw >= 0 && iw < inW;
          store<u32>(p, ok ? <u32>(rowBase + <usize>iw * <usize>pixelBytes) : zero);
          p += 4;
        }
      }
    }
  }
}
