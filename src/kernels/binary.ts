// Decodes the embedded Wasm binaries and detects which flavour this runtime runs.
import * as binaries from './generated/wasm-binaries.js';

/**
 * 'relaxed-simd': SIMD with fused multiply-add (Node >= 22, current browsers; Node 20
 * with --experimental-wasm-relaxed-simd); 'simd': plain WebAssembly SIMD; 'scalar':
 * no SIMD at all (old runtimes), built only when every kernel has a scalar body.
 */
export type KernelFlavour = 'relaxed-simd' | 'simd' | 'scalar';

const flavourNames = { 'relaxed-simd': 'RelaxedSimd', simd: 'Simd', scalar: 'Scalar' } as const;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

/** The module binary for a flavour, with shared (threads) or private memory. */
export function kernelBytes(flavour: KernelFlavour, shared: boolean): Uint8Array<ArrayBuffer> {
  const name = `kernels${flavourNames[flavour]}${shared ? 'Shared' : 'Private'}Base64` as const;
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

/** True when this runtime validates the flavour's module (false if it was not built). */
export function runs(flavour: KernelFlavour, shared: boolean): boolean {
  const bytes = kernelBytes(flavour, shared);
  return bytes.length > 0 && WebAssembly.validate(bytes);
}

/**
 * Fastest flavour this runtime validates: relaxed SIMD (FMA) where available (Node 22+
 * and current browsers by default; Node 20 with --experimental-wasm-relaxed-simd), then
 * plain SIMD, then scalar. CONVND_WASM ('relaxed-simd', 'simd' or 'scalar') in the
 * environment forces one, e.g. CONVND_WASM=simd to compare against relaxed SIMD.
 */
export function detectFlavour(shared: boolean): KernelFlavour {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const forced = env?.CONVND_WASM;
  if (forced === 'relaxed-simd' || forced === 'simd' || forced === 'scalar') {
    if (!runs(forced, shared)) throw new Error(`convnd: CONVND_WASM=${forced}, but this runtime cannot run that build`);
    return forced;
  }
  if (runs('relaxed-simd', shared)) return 'relaxed-simd';
  if (runs('simd', shared)) return 'simd';
  if (runs('scalar', shared)) return 'scalar';
  throw new Error('convnd: this runtime lacks WebAssembly SIMD (Node >= 20 or a current browser is required)');
}
