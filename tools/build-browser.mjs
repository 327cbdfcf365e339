// Builds the browser bundle: one ESM file with the Wasm kernels inlined, no Node
// built-ins. `npm run build` writes dist/browser/convnd.js; the browser tests call
// buildBrowserBundle() to bundle the current sources into a temporary folder.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles src/index.ts for browsers into `outfile`. Throws if the bundle would import
 * anything (a Node built-in on the browser path would make esbuild fail to resolve it;
 * the metafile check also catches externals). Returns the bundle's raw and gzip sizes.
 */
export async function buildBrowserBundle({ outfile, minify = true }) {
  const result = await build({
    entryPoints: [join(root, 'src/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((k) => k.endsWith('.js'))];
  if (output.imports.length > 0) {
    throw new Error(`browser bundle imports ${output.imports.map((i) => i.path).join(', ')}; it must be self-contained`);
  }
  const bytes = readFileSync(outfile);
  return { outfile, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outfile, bytes, gzipBytes } = await buildBrowserBundle({ outfile: join(root, 'dist/browser/convnd.js') });
  console.log(`built ${outfile} (${bytes} bytes, ${gzipBytes} gzipped)`);
}
