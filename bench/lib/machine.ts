// Describes the machine a benchmark ran on, stored with every result file.
import { cpus, totalmem, loadavg, platform, release } from 'node:os';
import { kernelFlavour } from '../../src/kernels/instance.js';
import { canFreeResults } from './timing.js';

export function machineDescription(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    node: process.version,
    wasmFlavour: kernelFlavour(),
    loadAverageAtStart: loadavg(),
    // Whether earlier results were freed before each timed call (node --expose-gc).
    resultsFreedBetweenCalls: canFreeResults,
    date: new Date().toISOString(),
  };
}
