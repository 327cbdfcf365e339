// `npm run bench:wasm-load`: how should a browser get convnd's Wasm? Inlined as base64
// in the JS bundle (what convnd does: no second file to locate or serve with the right
// MIME type, works from any bundler or CDN) versus WebAssembly.compileStreaming(fetch())
// of a separate .wasm file. Measured in headless Chromium on localhost from fresh pages
// (unique URLs, so no cache), for convnd's kernels module and for a larger module
// (playwright-core's webp codec) standing in for a kernels module that has grown.
// Times: from the start of loading to a compiled WebAssembly.Module, medians.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startStaticServer } from '../tools/static-server.mjs';
import { launchChromium } from '../test/browser/chromium.js';
import { machineDescription } from './lib/machine.js';
import { median } from './lib/timing.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPS = 15;

const modules = {
  'convnd kernels (relaxed SIMD, shared)': readFileSync(join(root, 'build/kernelsRelaxedSimdShared.wasm')),
  'larger module (webp codec)': readFileSync(join(createRequire(import.meta.url).resolve('playwright-core/package.json'), '../lib/webp_codec.wasm')),
};

const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
window.measure = async (name, how, n) => {
  const t0 = performance.now();
  if (how === 'inline') {
    const { base64 } = await import('./inline-' + name + '.js?' + n);
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    await WebAssembly.compile(bytes);
  } else {
    await WebAssembly.compileStreaming(fetch('./module-' + name + '.wasm?' + n));
  }
  return performance.now() - t0;
};
</script>`;

const files: Record<string, { body: string | Uint8Array }> = { '/index.html': { body: page } };
Object.values(modules).forEach((bytes, i) => {
  files[`/inline-${i}.js`] = { body: `export const base64 = '${bytes.toString('base64')}';\n` };
  files[`/module-${i}.wasm`] = { body: bytes };
});
const server = await startStaticServer({ files });
const chromium = await launchChromium();
const rows = [];
try {
  let n = 0;
  for (const [i, [name, bytes]] of Object.entries(modules).entries()) {
    const samples: Record<string, number[]> = { inline: [], streaming: [] };
    for (let rep = 0; rep < REPS; rep++) {
      for (const how of ['inline', 'streaming'] as const) { // interleaved
        const { page: p } = await chromium.newPage();
        await p.goto(`${server.url}/plain/index.html`);
        await p.waitForFunction(() => 'measure' in window);
        samples[how]!.push(await p.evaluate(([k, h, c]) => (window as unknown as { measure(a: unknown, b: unknown, c: unknown): Promise<number> }).measure(k, h, c), [i, how, n++] as const));
        await p.close();
      }
    }
    rows.push({ module: name, wasmBytes: bytes.length, base64Bytes: Math.ceil(bytes.length / 3) * 4, inlineMedianMs: median(samples.inline!), streamingMedianMs: median(samples.streaming!), samples });
  }
} finally {
  await chromium.close();
  await server.close();
}
for (const r of rows) {
  console.log(`${r.module}: ${r.wasmBytes} B wasm; inline (base64 in JS) ${r.inlineMedianMs.toFixed(2)} ms, compileStreaming(fetch) ${r.streamingMedianMs.toFixed(2)} ms (medians of ${REPS})`);
}
const dir = join(root, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `browser-wasm-load-${new Date().toISOString().slice(0, 10)}.json`);
writeFileSync(file, JSON.stringify({ machine: machineDescription(), browser: 'Chromium (Debian), headless, localhost', rows }, null, 2));
console.log(`saved ${file}`);
