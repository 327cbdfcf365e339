// The `convnd` command: parses arguments, reads .npy inputs, runs one command, writes
// the .npy result. Returns the exit status (0 ok, 1 bad input file or data, 2 bad usage).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ArgumentError, convolve, correlate, type ConvolveOptions } from '../index.js';
import { convolveWithProgress } from './batch-slices.js';
import { BOUNDARY_MODES, gaussianFilter, type BoundaryMode } from './gaussian.js';
import { HELP } from './help.js';
import { readNpyFile, writeNpyFile } from './npy-files.js';
import { noProgress, ProgressBar, type ProgressSink } from './progress.js';
import { FileError, UsageError } from './usage-error.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Finds bench/peers/scipy_server.py for `convnd bench` (differs between source and dist). */
  peerScript?: string;
}

const COMMON = {
  output: { type: 'string', short: 'o' },
  threads: { type: 'string' },
  axes: { type: 'string' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const CONV_OPTIONS = { ...COMMON, mode: { type: 'string' }, method: { type: 'string' } } as const;
const GAUSSIAN_OPTIONS = { ...COMMON, mode: { type: 'string' }, sigma: { type: 'string' }, cval: { type: 'string' }, truncate: { type: 'string' } } as const;
const BENCH_OPTIONS = { out: { type: 'string' }, config: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } as const;

/** parseArgs' errors (unknown option, missing value) as usage errors. */
function parse<T>(command: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T, command: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got '${value}'`, command);
}

function numberList(flag: string, value: string, command: string, check: (n: number) => boolean, what: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const numbers = parts.map(Number);
  if (parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n) || !check(n))) {
    throw new UsageError(`${flag} must be ${what}; got '${value}'`, command);
  }
  return numbers;
}

function threadsOption(value: string | undefined, command: string): number | undefined {
  if (value === undefined) return undefined;
  return numberList('--threads', value, command, (n) => Number.isInteger(n) && n >= 1, 'a positive integer')[0];
}

function axesOption(value: string | undefined, command: string): number[] | undefined {
  if (value === undefined) return undefined;
  return numberList('--axes', value, command, Number.isInteger, 'comma-separated integers such as 0,1');
}

function positionals(command: string, got: string[], names: string[]): string[] {
  if (got.length !== names.length) {
    throw new UsageError(`expected ${names.length === 1 ? 'one input file' : `${names.length} input files`} (${names.join(', ')}), got ${got.length}${got.length ? `: ${got.join(' ')}` : ''}`, command);
  }
  return got;
}

function outputPath(value: string | undefined, command: string): string {
  if (!value) throw new UsageError('missing -o/--output <file.npy>', command);
  return value;
}

function progressSink(values: { progress?: boolean; quiet?: boolean }, io: CliIo, title: string): ProgressSink {
  if (values.quiet) return noProgress;
  if (values.progress || io.stderr.isTTY) return new ProgressBar(io.stderr, title);
  return noProgress;
}

/** Library errors name the argument ('in2: ...'); say which file or flag that was. */
function explainLibraryError(e: ArgumentError, files: Record<string, string>, command: string): Error {
  const file = files[e.argument];
  const detail = e.message.slice(e.argument.length + 2);
  if (file) return new FileError(`${file} (${e.argument}): ${detail}`);
  return new UsageError(`--${e.argument}: ${detail}`, command);
}

function runConvolution(command: 'convolve' | 'correlate', args: string[], io: CliIo): number {
  const { values, positionals: pos } = parse(command, () => parseArgs({ args, options: CONV_OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) return help(command, io);
  const [path1, path2] = positionals(command, pos, ['in1.npy', 'in2.npy']);
  const output = outputPath(values.output, command);
  const opts: ConvolveOptions = {
    mode: choice('--mode', values.mode, ['full', 'same', 'valid'] as const, 'full', command),
    method: choice('--method', values.method, ['auto', 'direct', 'fft', 'oa'] as const, 'auto', command),
    axes: axesOption(values.axes, command),
    threads: threadsOption(values.threads, command),
  };
  const in1 = readNpyFile(path1!);
  const in2 = readNpyFile(path2!);
  const progress = progressSink(values, io, command);
  try {
    const out = convolveWithProgress(command === 'convolve' ? convolve : correlate, in1, in2, opts, progress);
    writeNpyFile(output, out);
  } catch (e) {
    if (e instanceof ArgumentError) throw explainLibraryError(e, { in1: path1!, in2: path2! }, command);
    throw e;
  } finally {
    progress.finish();
  }
  return 0;
}

function runGaussian(args: string[], io: CliIo): number {
  const command = 'gaussian';
  const { values, positionals: pos } = parse(command, () => parseArgs({ args, options: GAUSSIAN_OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) return help(command, io);
  const [path] = positionals(command, pos, ['in.npy']);
  const output = outputPath(values.output, command);
  if (values.sigma === undefined) throw new UsageError('missing --sigma <s>', command);
  const sigma = numberList('--sigma', values.sigma, command, (n) => n >= 0, 'non-negative numbers, one or one per axis');
  const truncate = values.truncate === undefined ? 4 : numberList('--truncate', values.truncate, command, (n) => n > 0, 'a positive number')[0]!;
  const cval = values.cval === undefined ? 0 : numberList('--cval', values.cval, command, () => true, 'a number')[0]!;
  const mode = choice<BoundaryMode>('--mode', values.mode, BOUNDARY_MODES, 'reflect', command);
  const axes = axesOption(values.axes, command);
  const input = readNpyFile(path!);
  const ndim = input.shape.length;
  const filtered = axes ?? input.shape.map((_, a) => a);
  for (const a of filtered) {
    if (a < -ndim || a >= ndim) throw new FileError(`${path}: has ${ndim} dimension${ndim === 1 ? '' : 's'}, so --axes ${a} is out of range`);
  }
  if (new Set(filtered.map((a) => (a < 0 ? a + ndim : a))).size !== filtered.length) throw new UsageError('--axes must not repeat an axis', command);
  if (sigma.length !== 1 && sigma.length !== filtered.length) {
    throw new UsageError(`--sigma has ${sigma.length} values but ${filtered.length} axes are filtered; give one value or one per axis`, command);
  }
  const progress = progressSink(values, io, command);
  try {
    const out = gaussianFilter(input, { sigma, mode, cval, truncate, axes, threads: threadsOption(values.threads, command) }, progress);
    writeNpyFile(output, out);
  } finally {
    progress.finish();
  }
  return 0;
}

async function runBench(args: string[], io: CliIo): Promise<number> {
  const command = 'bench';
  const { values, positionals: pos } = parse(command, () => parseArgs({ args, options: BENCH_OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) return help(command, io);
  if (pos.length) throw new UsageError(`takes no file arguments, got ${pos.join(' ')}`, command);
  const configs = values.config?.map((c) => {
    const n = numberList('--config', c, command, (x) => Number.isInteger(x) && x >= 1, 'three positive integers S,N,K');
    if (n.length !== 3) throw new UsageError(`--config must be three positive integers S,N,K; got '${c}'`, command);
    return n as [number, number, number];
  });
  // Loaded on demand: only this command needs the benchmark code.
  const { runSeedTable } = await import('../../bench/lib/seed-table.js');
  await runSeedTable({ resultsDir: resolve(values.out ?? 'convnd-bench-results'), configs, peerScript: io.peerScript });
  return 0;
}

function help(topic: string, io: CliIo): number {
  io.stdout.write(`${HELP[topic] ?? HELP.main}\n`);
  return 0;
}

/** Runs one command line; errors are printed here and turned into the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined: case '-h': case '--help':
        return help('main', io);
      case 'help':
        return help(rest[0] ?? 'main', io);
      case 'convolve': case 'correlate':
        return runConvolution(command, rest, io);
      case 'gaussian':
        return runGaussian(rest, io);
      case 'bench':
        return await runBench(rest, io);
      default:
        throw new UsageError(`unknown command '${command}' (commands: convolve, correlate, gaussian, bench)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const where = e.command ? `convnd ${e.command}` : 'convnd';
      io.stderr.write(`${where}: ${e.message}\nRun '${where} --help' for usage.\n`);
      return 2;
    }
    if (e instanceof FileError || e instanceof ArgumentError) {
      io.stderr.write(`convnd ${command}: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`convnd ${command}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
