import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

const libraryEntry = resolve('src/index.js');

/**
 * The command line (and the benchmark it runs) import the library from src/index.ts;
 * in dist/cli.js those imports stay external and point at dist/index.js, so the
 * package ships one copy of the library.
 */
const libraryExternal: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'library-external',
  setup(build) {
    build.onResolve({ filter: /index\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === libraryEntry ? { path: './index.js', external: true } : undefined);
  },
};

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    esbuildPlugins: [libraryExternal],
    banner: { js: '#!/usr/bin/env node' },
    async onSuccess() {
      // `convnd bench` talks to SciPy through this script (dist/peers/).
      mkdirSync('dist/peers', { recursive: true });
      copyFileSync('bench/peers/scipy_server.py', 'dist/peers/scipy_server.py');
    },
  },
]);
