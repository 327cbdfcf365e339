// Which Wasm build runs: relaxed SIMD where the runtime validates it (Node 20 only with
// --experimental-wasm-relaxed-simd), plain SIMD otherwise, CONVND_WASM forcing either.
// Each case runs in a fresh Node process, since the choice is made once per process.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canShareMemory, kernelBytes } from '../src/kernels/binary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

// The scalar build is optional (skipped with a warning when some kernel has no scalar body).
const scalarBuilt = kernelBytes('scalar', canShareMemory()).length > 0;

function flavourIn(nodeArgs: string[], env: Record<string, string> = {}): string {
  const script = "import('./src/kernels/instance.ts').then((m) => { m.kernels(); console.log(m.kernelFlavour()); })";
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('CONVND_WASM' in env)) delete childEnv.CONVND_WASM;
  return execFileSync(process.execPath, [...nodeArgs, '--import', 'tsx', '-e', script], { cwd: root, env: childEnv, encoding: 'utf8' }).trim();
}

describe('kernel flavour detection', () => {
  it('picks relaxed SIMD only where the runtime validates it', () => {
    expect(flavourIn([])).toBe(major >= 22 ? 'relaxed-simd' : 'simd');
  });

  it.runIf(major < 22)('Node 20/21: --experimental-wasm-relaxed-simd turns relaxed SIMD on', () => {
    expect(flavourIn(['--experimental-wasm-relaxed-simd'])).toBe('relaxed-simd');
  });

  it('CONVND_WASM forces a flavour', () => {
    const flag = major < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
    expect(flavourIn(flag, { CONVND_WASM: 'simd' })).toBe('simd');
    if (scalarBuilt) expect(flavourIn(flag, { CONVND_WASM: 'scalar' })).toBe('scalar');
    else expect(() => flavourIn(flag, { CONVND_WASM: 'scalar' })).toThrow(/CONVND_WASM=scalar/);
  });
});
