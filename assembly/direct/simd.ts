// Small SIMD helpers shared by the direct kernels.

/** acc + a * b, fused when the module is built with relaxed SIMD. */
// @ts-ignore: decorator
@inline
export function madd<T>(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, acc);
  return v128.add<T>(acc, v128.mul<T>(a, b));
}
