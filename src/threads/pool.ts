// A lazily started pool of workers that run Wasm kernels on the shared heap.
//
// A job is one kernel export called over a range of independent work items; the range
// is cut into chunks that the calling thread and the workers claim from the shared job
// board (control.ts), which is also how jobs reach workers that are waiting for one.
// The calling thread blocks in Atomics.wait only for chunks a worker has claimed. Chunk boundaries depend only on the item count, never on the thread count,
// and each item is computed by the same code, so results are bit-identical whatever
// the number of threads.
//
// Failure: if a worker dies or stalls holding a chunk, the calling thread runs that
// chunk itself after a generous deadline, then retires the whole pool at once and the
// Wasm runtime when the call returns (a stalled worker might still write into the old
// memory; the call's remaining jobs point into it); the next call starts afresh.
import { retireRuntimeAfterCall, runtime, type KernelExports, type Runtime } from '../kernels/instance.js';
import {
  ARGS_F64, BOARD_BYTES, CHUNKS, CLAIM, CLAIMED, COLD, DONE, FAILED, FAIL_HOOK, FINISHED, GENERATION, KERNEL,
  MAX_ARGS, MAX_CHUNKS, MAX_SLOT, MAX_WORKERS, MIN_PARALLEL_WORK, NARGS, RANGE_ARG, SCRATCH_ARG, SCRATCH_BASE, SCRATCH_BYTES, SEQ,
  STATE, STATUS, TOTAL, UNCLAIMED, chunkRange, claimChunk,
} from './control.js';
import { canBlock, coreCount, startWorker, type ThreadWorker } from './platform.js';
import { WORKER_SOURCE } from './worker-source.js';

export interface KernelJob {
  /** Name of the kernel export to call. */
  kernel: keyof KernelExports;
  /** The kernel's arguments; `first` and `count` of the item range go at rangeArg, rangeArg + 1. */
  args: number[];
  rangeArg: number;
  /** Number of independent work items. */
  total: number;
  /** Rough cost of the whole job in multiply-adds; small jobs stay on the calling thread. */
  work: number;
  /**
   * Per-thread scratch: args[scratch.arg] becomes `base + slot * bytes`, where slot is
   * 0 on the calling thread and 1.. on workers. Allocate scratchSlots(threads) slots.
   */
  scratch?: { arg: number; base: number; bytes: number };
  /**
   * Other work for the calling thread while workers start on the job (it joins in after);
   * run after the job when no worker takes part (then `alongsideWorkers` is false). It
   * must not touch the job's memory.
   */
  meanwhile?: (alongsideWorkers: boolean) => void;
  /**
   * Work the calling thread does before it computes, that the kernel waits for as it
   * goes (e.g. copying in the input rows it reads, counted in the heap): while workers
   * start on the job, or before the job when none take part. If it throws, it must
   * first release whatever the kernel waits for, since workers are running.
   */
  feed?: () => void;
  /** Chunks per thread the job is split into (default CHUNKS_PER_THREAD). */
  chunksPerThread?: number;
  /**
   * Called on the calling thread after each chunk it computes, with n such that items
   * [0, n) are all finished (by any thread), so it can move finished results on while
   * workers compute (e.g. copy rows out). It must not touch unfinished items. Whatever
   * is left after the job is the caller's to handle.
   */
  drain?: (finishedItems: number) => void;
}

/** Scratch slots a job run with `threads` may use (see KernelJob.scratch). */
export function scratchSlots(threads: number = defaultThreads()): number {
  return Math.max(1, Math.min(threads, defaultThreads()));
}

/** Chunks per thread: enough for load balance on a noisy machine. */
const CHUNKS_PER_THREAD = 4;
/** A claimed chunk is given this long (and 50x the slowest chunk seen) before its worker is presumed dead. */
const MIN_DEADLINE_MS = 2000;

interface PoolWorker {
  worker: ThreadWorker;
  /** 1-based; the calling thread is slot 0. Stable for the pool's life. */
  slot: number;
  generation: number;
  alive: boolean;
}

/** The workers of the current pool and their job board; both are replaced together. */
let workers: PoolWorker[] = [];
let board: Int32Array | null = null;
/** The board's Float64 view (kernel arguments), made once with the board. */
let boardF64: Float64Array | null = null;
let seq = 0;
/** Test hooks (see failWorkersOnNextJob). */
let failHook = 0;
let waitForWorkerClaim = false;

/** Threads used when the caller does not say: every core. */
export function defaultThreads(): number {
  return Math.max(1, coreCount());
}

function ensureWorkers(count: number): PoolWorker[] {
  // Slots must stay 1..n, so a pool that lost a worker is replaced as a whole.
  if (workers.some((w) => !w.alive)) shutdownPool();
  if (!board) {
    const memory = new SharedArrayBuffer(BOARD_BYTES);
    board = new Int32Array(memory);
    boardF64 = new Float64Array(memory);
  }
  while (workers.length < Math.min(count, MAX_WORKERS)) {
    const entry: PoolWorker = { worker: null as unknown as ThreadWorker, slot: workers.length + 1, generation: -1, alive: true };
    const worker = startWorker(WORKER_SOURCE, () => { entry.alive = false; });
    if (!worker) break;
    entry.worker = worker;
    workers.push(entry);
  }
  return workers.slice(0, count);
}

/** Terminates every worker; the next parallel job starts new ones on a new board. */
export function shutdownPool(): void {
  for (const w of workers) {
    w.alive = false;
    void w.worker.terminate();
  }
  workers = [];
  board = null;
  boardF64 = null;
}

function callRange(k: KernelExports, job: KernelJob, first: number, count: number): void {
  const args = withSlot(job, 0);
  args[job.rangeArg] = first;
  args[job.rangeArg + 1] = count;
  (k[job.kernel] as (...a: number[]) => void)(...args);
}

/** The job's arguments with the scratch address of thread `slot` filled in. */
function withSlot(job: KernelJob, slot: number): number[] {
  const args = job.args.slice();
  if (job.scratch) args[job.scratch.arg] = job.scratch.base + slot * job.scratch.bytes;
  return args;
}

/** Kernel export names (sent to workers at init) and each name's index on the board. */
const exportNames = new WeakMap<Runtime, { names: string[]; index: Map<string, number> }>();
function namesOf(rt: Runtime): { names: string[]; index: Map<string, number> } {
  let entry = exportNames.get(rt);
  if (!entry) {
    const names = Object.keys(rt.exports);
    exportNames.set(rt, entry = { names, index: new Map(names.map((n, i) => [n, i])) });
  }
  return entry;
}

/**
 * Runs `job` on up to `threads` threads (the calling one included) and returns when
 * every item is done.
 */
export function runJob(job: KernelJob, threads: number = defaultThreads()): void {
  const rt = runtime();
  const helpers = Math.min(threads, job.total) - 1;
  const pool = helpers < 1 || !rt.shared || job.work < MIN_PARALLEL_WORK || !canBlock()
    ? [] : ensureWorkers(job.scratch ? Math.min(helpers, scratchSlots(threads) - 1) : helpers);
  if (pool.length === 0 || !board) {
    job.feed?.();
    callRange(rt.exports, job, 0, job.total);
    job.meanwhile?.(false);
    return;
  }
  const b = board;
  const chunks = Math.min(job.total, (pool.length + 1) * (job.chunksPerThread ?? CHUNKS_PER_THREAD), MAX_CHUNKS);
  post(b, rt, job, chunks, pool);
  if (waitForWorkerClaim) {
    waitForWorkerClaim = false;
    Atomics.wait(b, CLAIM, seq << 16, 5000);
  }
  // The job must be joined even if the calling thread's own work (feed, meanwhile,
  // drain) fails: workers are writing its memory.
  let callerFailed = false, callerError: unknown;
  try {
    job.feed?.();
    job.meanwhile?.(true);
  } catch (error) {
    callerFailed = true;
    callerError = error;
  }
  let slowestChunkMs = 0;
  let finishedChunks = 0;
  for (;;) {
    const c = claimChunk(b, seq, chunks);
    if (c < 0) break;
    Atomics.store(b, STATUS + c, CLAIMED);
    const [first, end] = chunkRange(c, job.total, chunks);
    const t0 = performance.now();
    callRange(rt.exports, job, first, end - first);
    slowestChunkMs = Math.max(slowestChunkMs, performance.now() - t0);
    Atomics.store(b, STATUS + c, FINISHED);
    Atomics.add(b, DONE, 1);
    if (job.drain && !callerFailed) {
      const before = finishedChunks;
      while (finishedChunks < chunks && Atomics.load(b, STATUS + finishedChunks) === FINISHED) finishedChunks++;
      try {
        if (finishedChunks > before) job.drain(chunkRange(finishedChunks - 1, job.total, chunks)[1]);
      } catch (error) {
        callerFailed = true;
        callerError = error;
      }
    }
  }
  waitForWorkers(b, rt, job, chunks, Math.max(MIN_DEADLINE_MS, 50 * slowestChunkMs));
  if (callerFailed) throw callerError;
}

/** Writes the job onto the board, then wakes the workers (a message only for cold ones). */
function post(b: Int32Array, rt: Runtime, job: KernelJob, chunks: number, pool: PoolWorker[]): void {
  if (job.args.length > MAX_ARGS) throw new Error(`internal: kernel ${String(job.kernel)} has more than ${MAX_ARGS} arguments`);
  const f64 = boardF64!;
  seq = (seq + 1) & 0x7fff;
  // Close the finished job to late claimers before its fields are overwritten: a worker
  // that reads a mix of old and new fields then fails every claim (wrong job number).
  Atomics.store(b, CLAIM, (seq << 16) | 0xffff);
  b[KERNEL] = namesOf(rt).index.get(job.kernel)!;
  b[RANGE_ARG] = job.rangeArg;
  b[SCRATCH_ARG] = job.scratch ? job.scratch.arg : -1;
  b[TOTAL] = job.total;
  b[CHUNKS] = chunks;
  b[NARGS] = job.args.length;
  b[GENERATION] = rt.generation;
  b[MAX_SLOT] = pool.length;
  f64.set(job.args, ARGS_F64);
  f64[SCRATCH_BASE] = job.scratch?.base ?? 0;
  f64[SCRATCH_BYTES] = job.scratch?.bytes ?? 0;
  b.fill(UNCLAIMED, STATUS, STATUS + chunks);
  Atomics.store(b, DONE, 0);
  Atomics.store(b, FAIL_HOOK, failHook);
  failHook = 0;
  Atomics.store(b, CLAIM, seq << 16);
  Atomics.store(b, SEQ, seq);
  Atomics.notify(b, SEQ);
  for (const w of pool) {
    if (w.generation !== rt.generation) {
      w.worker.postMessage({ type: 'init', module: rt.module, memory: rt.memory, names: namesOf(rt).names, generation: rt.generation, board: b, slot: w.slot });
      w.generation = rt.generation;
      w.worker.postMessage({ type: 'wake' });
    } else if (Atomics.load(b, STATE + w.slot - 1) === COLD) {
      w.worker.postMessage({ type: 'wake' });
    }
  }
}

/** Waits for chunks claimed by workers; takes over chunks whose worker failed or stalled. */
function waitForWorkers(b: Int32Array, rt: Runtime, job: KernelJob, chunks: number, deadlineMs: number): void {
  const start = performance.now();
  for (;;) {
    const done = Atomics.load(b, DONE);
    if (done >= chunks) break;
    const left = deadlineMs - (performance.now() - start);
    if (left <= 0) {
      // Presume the owners of unfinished chunks dead: finish their chunks here.
      takeOver(b, rt, job, chunks, (status) => status !== FINISHED);
      shutdownPool();
      retireRuntimeAfterCall();
      return;
    }
    Atomics.wait(b, DONE, done, Math.min(left, 50));
  }
  // A chunk whose kernel threw in a worker is re-run here, so the error (if real)
  // surfaces on the calling thread.
  takeOver(b, rt, job, chunks, (status) => status === FAILED);
}

function takeOver(b: Int32Array, rt: Runtime, job: KernelJob, chunks: number, needed: (status: number) => boolean): void {
  for (let c = 0; c < chunks; c++) {
    const status = Atomics.load(b, STATUS + c);
    if (status === UNCLAIMED || needed(status)) {
      const [first, end] = chunkRange(c, job.total, chunks);
      callRange(rt.exports, job, first, end - first);
    }
  }
}

/** Test hook: the worker that claims the first chunk of the next job exits or hangs while holding it. */
export function failWorkersOnNextJob(how: 'exit' | 'hang'): number {
  failHook = how === 'exit' ? 1 : 2;
  waitForWorkerClaim = true;
  return workers.length;
}

/** Number of live workers (for tests). */
export function poolSize(): number {
  return workers.filter((w) => w.alive).length;
}
