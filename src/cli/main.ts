// Entry point of the `convnd` command (package.json "bin").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from './cli.js';

// Built: dist/cli.js with dist/peers/; from source: src/cli/main.ts with bench/peers/.
const peerScript = [new URL('./peers/scipy_server.py', import.meta.url), new URL('../../bench/peers/scipy_server.py', import.meta.url)]
  .map((u) => fileURLToPath(u)).find((p) => existsSync(p));

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, peerScript });
