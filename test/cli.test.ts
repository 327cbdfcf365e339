// The `convnd` command line end to end: NumPy writes the inputs, the CLI runs as a
// separate process, NumPy reads the outputs back and compares them with SciPy
// (test/cli/numpy_cases.py). Plus --help, progress and the error messages.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const casesScript = join(root, 'test/cli/numpy_cases.py');

let cli: string;

/** Runs the command line (bundled from src/cli/ in beforeAll) as its own process. */
function convnd(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function python(args: string[]): string {
  const r = spawnSync('python3', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`python3 ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'convnd-cli-'));
  cli = join(dir, 'convnd-cli.mjs');
  // One bundle of the current sources: starting it is much quicker than through tsx.
  await build({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
}, 60_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('convnd command line on NumPy files', () => {
  it('convolve, correlate and gaussian agree with SciPy, read back with NumPy', { timeout: 180_000 }, () => {
    const cases = JSON.parse(python([casesScript, 'generate', dir])) as { id: string; args: string[] }[];
    expect(cases.length).toBeGreaterThan(15);
    const progress: Record<string, string[]> = {};
    for (const c of cases) {
      const r = convnd(c.args);
      if (r.status !== 0) throw new Error(`${c.id}: exit ${r.status}: ${r.stderr}`);
      if (c.args.includes('--progress')) progress[c.id] = r.stderr.trim().split('\n');
    }
    const report = JSON.parse(python([casesScript, 'check', dir])) as Record<string, { ok: boolean }>;
    const failed = Object.entries(report).filter(([, v]) => !v.ok).map(([id, v]) => `${id}: ${JSON.stringify(v)}`);
    expect(failed).toEqual([]);
    expect(Object.keys(report).length).toBe(cases.length);
    // The long cases ran in slices: several progress lines, percentages rising to 100.
    expect(Object.keys(progress).length).toBe(4);
    for (const [id, lines] of Object.entries(progress)) {
      const percents = lines.map((l) => Number(/\] (\d+)%/.exec(l)?.[1]));
      expect(percents.length, `${id}: ${lines.join(' | ')}`).toBeGreaterThan(3);
      expect(percents.every((p, i) => i === 0 || p >= percents[i - 1]!), id).toBe(true);
      expect(percents.at(-1), id).toBe(100);
    }
  });

  it('--help for the tool and for each command', () => {
    expect(convnd(['--help']).stdout).toMatch(/convnd convolve .*convnd gaussian .*convnd bench/s);
    for (const command of ['convolve', 'correlate', 'gaussian', 'bench']) {
      const r = convnd([command, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: convnd ${command}`);
      expect(convnd(['help', command]).stdout).toBe(r.stdout);
    }
  });

  describe('clear errors', () => {
    let a2: string, k2: string, k3: string, complex: string, text: string, truncated: string;
    beforeAll(() => {
      [a2, k2, k3, complex, truncated] = ['a2', 'k2', 'k3', 'complex', 'truncated'].map((n) => join(dir, `${n}.npy`)) as [string, string, string, string, string];
      python(['-c', [
        'import io, sys, numpy as np',
        'a2, k2, k3, c, t = sys.argv[1:]',
        'np.save(a2, np.ones((6, 7))); np.save(k2, np.ones((3, 3), dtype=np.float32)); np.save(k3, np.ones((2, 8, 2)))',
        'np.save(c, np.ones(4, dtype=np.complex128))',
        'b = io.BytesIO(); np.save(b, np.ones((10, 10))); open(t, "wb").write(b.getvalue()[:300])',
      ].join('\n'), a2, k2, k3, complex, truncated]);
      text = join(dir, 'text.npy');
      writeFileSync(text, 'this is not a npy file\n');
    }, 60_000);

    const cases: [string, () => string[], number, RegExp][] = [
      ['missing input file', () => ['convolve', join(dir, 'nope.npy'), k2, '-o', join(dir, 'o.npy')], 1, /nope\.npy: no such file/],
      ['not a .npy file', () => ['convolve', text, k2, '-o', join(dir, 'o.npy')], 1, /text\.npy: .*(magic|npy)/i],
      ['truncated .npy', () => ['convolve', truncated, k2, '-o', join(dir, 'o.npy')], 1, /truncated\.npy: truncated .npy file/],
      ['unsupported dtype', () => ['convolve', complex, complex, '-o', join(dir, 'o.npy')], 1, /complex\.npy: .*complex/i],
      ['ndim mismatch names the file', () => ['convolve', a2, k3, '-o', join(dir, 'o.npy')], 1, /k3\.npy \(in2\): must have the same number of dimensions/],
      ['valid with neither input larger', () => ['convolve', a2, k3, '--axes', '0,1', '-o', join(dir, 'o.npy'), '--mode', 'valid'], 1, /in2|in1/],
      ['axis out of range', () => ['convolve', a2, k2, '--axes', '0,5', '-o', join(dir, 'o.npy')], 2, /--axes/],
      ['bad --mode', () => ['convolve', a2, k2, '--mode', 'circular', '-o', join(dir, 'o.npy')], 2, /--mode must be one of full, same, valid; got 'circular'/],
      ['bad --axes', () => ['convolve', a2, k2, '--axes', '0,x', '-o', join(dir, 'o.npy')], 2, /--axes must be comma-separated integers/],
      ['bad --threads', () => ['convolve', a2, k2, '--threads', '0', '-o', join(dir, 'o.npy')], 2, /--threads must be a positive integer/],
      ['missing output', () => ['convolve', a2, k2], 2, /missing -o\/--output/],
      ['wrong number of files', () => ['correlate', a2, '-o', join(dir, 'o.npy')], 2, /expected 2 input files/],
      ['unknown option', () => ['convolve', a2, k2, '--bogus', '-o', join(dir, 'o.npy')], 2, /Unknown option '--bogus'/],
      ['unknown command', () => ['deconvolve'], 2, /unknown command 'deconvolve'/],
      ['output folder missing', () => ['convolve', a2, k2, '-o', join(dir, 'no/such/dir/o.npy')], 1, /cannot write, folder .* does not exist/],
      ['gaussian without sigma', () => ['gaussian', a2, '-o', join(dir, 'o.npy')], 2, /missing --sigma/],
      ['gaussian sigma count', () => ['gaussian', a2, '--sigma', '1,2,3', '-o', join(dir, 'o.npy')], 2, /--sigma has 3 values but 2 axes/],
      ['gaussian negative sigma', () => ['gaussian', a2, '--sigma', '-1', '-o', join(dir, 'o.npy')], 2, /--sigma/],
      ['gaussian axis out of range', () => ['gaussian', a2, '--sigma', '1', '--axes', '2', '-o', join(dir, 'o.npy')], 1, /a2\.npy: has 2 dimensions, so --axes 2 is out of range/],
      ['bench bad config', () => ['bench', '--config', '100,5'], 2, /--config must be three positive integers/],
    ];
    for (const [name, args, status, message] of cases) {
      it(name, () => {
        const r = convnd(args());
        expect(r.stderr).toMatch(message);
        expect(r.status).toBe(status);
        expect(r.stderr).not.toMatch(/unexpected error|    at /);
      });
    }
  });
});
