// Decodes the embedded Wasm binaries and detects which flavour this runtime runs.
import { kernelsRelaxedSimdBase64, kernelsSimdBase64 } from './generated/wasm-binaries.js';

export type KernelFlavour = 'relaxed-simd' | 'simd';

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const cache = new Map<KernelFlavour, Uint8Array<ArrayBuffer>>();

export function kernelBytes(flavour: KernelFlavour): Uint8Array<ArrayBuffer> {
  let bytes = cache.get(flavour);
  if (!bytes) {
    bytes = decodeBase64(flavour === 'relaxed-simd' ? kernelsRelaxedSimdBase64 : kernelsSimdBase64);
    cache.set(flavour, bytes);
  }
  return bytes;
}

/** Fastest flavour this runtime validates: relaxed SIMD (FMA) if available. */
export function detectFlavour(): KernelFlavour {
  const forced = typeof process !== 'undefined' ? process.env?.CONVND_WASM : undefined;
  if (forced === 'simd') return 'simd';
  if (!WebAssembly.validate(kernelBytes('simd'))) {
    throw new Error('convnd: this runtime lacks WebAssembly SIMD (Node >= 20 or a current browser is required)');
  }
  return WebAssembly.validate(kernelBytes('relaxed-simd')) ? 'relaxed-simd' : 'simd';
}
