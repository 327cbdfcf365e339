// Decodes the embedded Wasm binaries and detects which flavour this runtime runs.
import * as binaries from './generated/wasm-binaries.js';

/** Relaxed SIMD (fused multiply-add) or plain SIMD. */
export type KernelFlavour = 'relaxed-simd' | 'simd';

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

/** The module binary for a flavour, with shared (threads) or private memory. */
export function kernelBytes(flavour: KernelFlavour, shared: boolean): Uint8Array<ArrayBuffer> {
  const name = `kernels${flavour === 'relaxed-simd' ? 'RelaxedSimd' : 'Simd'}${shared ? 'Shared' : 'Private'}Base64` as const;
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = decodeBase64(binaries[name]);
    cache.set(name, bytes);
  }
  return bytes;
}

/**
 * True where a shared WebAssembly memory can be made and sent to workers: Node, and
 * cross-origin isolated pages. (Chromium creates shared memories in pages that are not
 * isolated too, but cannot post them to a worker, so those stay on private memory.)
 */
export function canShareMemory(): boolean {
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fastest flavour this runtime validates: relaxed SIMD (FMA) where available (Node 22+
 * and current browsers by default; Node 20 with --experimental-wasm-relaxed-simd).
 * CONVND_WASM=simd in the environment forces plain SIMD.
 */
export function detectFlavour(shared: boolean): KernelFlavour {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!WebAssembly.validate(kernelBytes('simd', shared))) {
    throw new Error('convnd: this runtime lacks WebAssembly SIMD (Node >= 20 or a current browser is required)');
  }
  if (env?.CONVND_WASM === 'simd') return 'simd';
  return WebAssembly.validate(kernelBytes('relaxed-simd', shared)) ? 'relaxed-simd' : 'simd';
}
