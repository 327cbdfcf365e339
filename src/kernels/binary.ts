// Decodes the embedded Wasm binaries and detects which flavour this runtime runs.
import { kernelsRelaxedSimdBase64, kernelsScalarBase64, kernelsSimdBase64 } from './generated/wasm-binaries.js';

/**
 * 'relaxed-simd': SIMD with fused multiply-add (Node >= 22, current browsers; Node 20
 * with --experimental-wasm-relaxed-simd); 'simd': plain WebAssembly SIMD; 'scalar':
 * no SIMD at all (old runtimes), built only when every kernel has a scalar body.
 */
export type KernelFlavour = 'relaxed-simd' | 'simd' | 'scalar';

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const cache = new Map<KernelFlavour, Uint8Array<ArrayBuffer>>();
const base64: Record<KernelFlavour, string> = {
  'relaxed-simd': kernelsRelaxedSimdBase64,
  simd: kernelsSimdBase64,
  scalar: kernelsScalarBase64,
};

export function kernelBytes(flavour: KernelFlavour): Uint8Array<ArrayBuffer> {
  let bytes = cache.get(flavour);
  if (!bytes) {
    bytes = decodeBase64(base64[flavour]);
    cache.set(flavour, bytes);
  }
  return bytes;
}

/** True when this runtime validates the flavour's module (false if it was not built). */
export function runs(flavour: KernelFlavour): boolean {
  const bytes = kernelBytes(flavour);
  return bytes.length > 0 && WebAssembly.validate(bytes);
}

/**
 * Fastest flavour this runtime validates: relaxed SIMD (FMA) if available, then plain
 * SIMD, then scalar. The environment variable CONVND_WASM ('relaxed-simd', 'simd' or
 * 'scalar') forces one, e.g. CONVND_WASM=simd to compare against relaxed SIMD.
 */
export function detectFlavour(): KernelFlavour {
  const forced = typeof process !== 'undefined' ? process.env?.CONVND_WASM : undefined;
  if (forced === 'relaxed-simd' || forced === 'simd' || forced === 'scalar') {
    if (!runs(forced)) throw new Error(`convnd: CONVND_WASM=${forced}, but this runtime cannot run that build`);
    return forced;
  }
  if (runs('relaxed-simd')) return 'relaxed-simd';
  if (runs('simd')) return 'simd';
  if (runs('scalar')) return 'scalar';
  throw new Error('convnd: this runtime lacks WebAssembly SIMD (Node >= 20 or a current browser is required)');
}
