// Run by .ci/run with the oldest Node that package.json "engines" admits (20.0.0), on
// the built package: Node < 20.16 has no process.getBuiltinModule, so convnd runs on
// the calling thread there; results must be the same as with threads elsewhere.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { array, convolve, correlate, fromNpy, toNested, toNpy, ready } from '../../dist/index.js';

await ready();
assert.deepEqual(toNested(convolve([1, 2, 3], [0, 1, 0.5])), [0, 1, 2.5, 4, 1.5]);
assert.deepEqual(toNested(correlate([1, 2], [1, 2, 3, 4], { mode: 'valid' })), [11, 8, 5]);
// A job large enough for the worker pool where threads exist.
const x = array(Float64Array.from({ length: 40 * 80 * 80 }, (_, i) => Math.sin(i)), [40, 80, 80]);
const k = array(Float64Array.from({ length: 81 }, (_, i) => Math.cos(i)), [9, 9]);
const one = convolve(x, k, { axes: [1, 2], threads: 1 });
const many = convolve(x, k, { axes: [1, 2], threads: 4 });
assert.deepEqual(many.shape, [40, 88, 88]);
assert.ok(one.data.every((v, i) => Object.is(v, many.data[i])), 'threads: 4 differs from threads: 1');
// Spot check against a direct sum.
let want = 0;
for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) want += x.data[(3 * 80 + 10 - i) * 80 + 20 - j] * k.data[i * 9 + j];
assert.ok(Math.abs(many.data[(3 * 88 + 10) * 88 + 20] - want) < 1e-12);
assert.deepEqual(Array.from(fromNpy(toNpy(one)).data.subarray(0, 100)), Array.from(one.data.subarray(0, 100)));
// The command line starts and reports usage errors.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'convnd-smoke-'));
try {
  const help = spawnSync(process.execPath, [cli, 'convolve', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: convnd convolve/);
  const bad = spawnSync(process.execPath, [cli, 'convolve', join(dir, 'missing.npy'), join(dir, 'k.npy'), '-o', join(dir, 'o.npy')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /missing\.npy: no such file/);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`smoke test passed on Node ${process.version} (process.getBuiltinModule: ${typeof process.getBuiltinModule === 'function' ? 'yes, threads' : 'no, one thread'})`);
