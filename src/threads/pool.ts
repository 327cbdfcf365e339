// A lazily started pool of workers that run Wasm kernels on the shared heap.
//
// A job is one kernel export called over a range of independent work items; the range
// is cut into chunks that the calling thread and the workers claim from a shared
// counter. The calling thread blocks in Atomics.wait only for chunks a worker has
// claimed. Chunk boundaries depend only on the item count, never on the thread count,
// and each item is computed by the same code, so results are bit-identical whatever
// the number of threads.
//
// Failure: if a worker dies or stalls holding a chunk, the calling thread runs that
// chunk itself after a generous deadline, then retires the whole pool and the Wasm
// runtime (a stalled worker might still write into the old memory); the next call
// starts afresh.
import { resetRuntime, runtime, type KernelExports, type Runtime } from '../kernels/instance.js';
import { CLAIMED, DONE, FAILED, FINISHED, HEADER, NEXT, UNCLAIMED, chunkRange } from './control.js';
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
   * run after the job when no worker takes part. It must not touch the job's memory.
   */
  meanwhile?: () => void;
}

/** Scratch slots a job run with `threads` may use (see KernelJob.scratch). */
export function scratchSlots(threads: number = defaultThreads()): number {
  return Math.max(1, Math.min(threads, defaultThreads()));
}

/** Below this many multiply-adds, handing work to threads costs more than it saves. */
const MIN_PARALLEL_WORK = 2e6;
/** Chunks per thread: enough for load balance on a noisy machine. */
const CHUNKS_PER_THREAD = 4;
/** A claimed chunk is given this long (and 50x the slowest chunk seen) before its worker is presumed dead. */
const MIN_DEADLINE_MS = 2000;

interface PoolWorker {
  worker: ThreadWorker;
  generation: number;
  alive: boolean;
}

let workers: PoolWorker[] = [];
/** Test hook: the next job waits for a worker to claim a chunk before the caller claims any. */
let waitForWorkerClaim = false;

/** Threads used when the caller does not say: every core. */
export function defaultThreads(): number {
  return Math.max(1, coreCount());
}

function ensureWorkers(count: number): PoolWorker[] {
  workers = workers.filter((w) => w.alive);
  while (workers.length < count) {
    const entry: PoolWorker = { worker: null as unknown as ThreadWorker, generation: -1, alive: true };
    const worker = startWorker(WORKER_SOURCE, () => { entry.alive = false; });
    if (!worker) break;
    entry.worker = worker;
    workers.push(entry);
  }
  return workers.slice(0, count);
}

/** Terminates every worker; the next parallel job starts new ones. */
export function shutdownPool(): void {
  for (const w of workers) {
    w.alive = false;
    void w.worker.terminate();
  }
  workers = [];
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

/**
 * Runs `job` on up to `threads` threads (the calling one included) and returns when
 * every item is done.
 */
export function runJob(job: KernelJob, threads: number = defaultThreads()): void {
  const rt = runtime();
  const helpers = Math.min(threads, job.total) - 1;
  if (helpers < 1 || !rt.shared || job.work < MIN_PARALLEL_WORK || !canBlock()) {
    callRange(rt.exports, job, 0, job.total);
    job.meanwhile?.();
    return;
  }
  const pool = ensureWorkers(job.scratch ? Math.min(helpers, scratchSlots(threads) - 1) : helpers);
  if (pool.length === 0) {
    callRange(rt.exports, job, 0, job.total);
    job.meanwhile?.();
    return;
  }
  const chunks = Math.min(job.total, (pool.length + 1) * CHUNKS_PER_THREAD);
  const control = new Int32Array(new SharedArrayBuffer(4 * (HEADER + chunks)));
  pool.forEach((w, i) => {
    if (w.generation !== rt.generation) {
      w.worker.postMessage({ type: 'init', module: rt.module, memory: rt.memory });
      w.generation = rt.generation;
    }
    w.worker.postMessage({ type: 'job', control, kernel: job.kernel, args: withSlot(job, i + 1), rangeArg: job.rangeArg, total: job.total, chunks });
  });
  if (waitForWorkerClaim) {
    waitForWorkerClaim = false;
    Atomics.wait(control, NEXT, 0, 5000);
  }
  // The job must be joined even if the other work fails: workers are writing its memory.
  let meanwhileFailed = false, meanwhileError: unknown;
  try {
    job.meanwhile?.();
  } catch (error) {
    meanwhileFailed = true;
    meanwhileError = error;
  }
  let slowestChunkMs = 0;
  for (;;) {
    const c = Atomics.add(control, NEXT, 1);
    if (c >= chunks) break;
    Atomics.store(control, HEADER + c, CLAIMED);
    const [first, end] = chunkRange(c, job.total, chunks);
    const t0 = performance.now();
    callRange(rt.exports, job, first, end - first);
    slowestChunkMs = Math.max(slowestChunkMs, performance.now() - t0);
    Atomics.store(control, HEADER + c, FINISHED);
    Atomics.add(control, DONE, 1);
  }
  waitForWorkers(rt, job, control, chunks, Math.max(MIN_DEADLINE_MS, 50 * slowestChunkMs));
  if (meanwhileFailed) throw meanwhileError;
}

/** Waits for chunks claimed by workers; takes over chunks whose worker failed or stalled. */
function waitForWorkers(rt: Runtime, job: KernelJob, control: Int32Array, chunks: number, deadlineMs: number): void {
  const start = performance.now();
  for (;;) {
    const done = Atomics.load(control, DONE);
    if (done >= chunks) break;
    const left = deadlineMs - (performance.now() - start);
    if (left <= 0) {
      // Presume the owners of unfinished chunks dead: finish their chunks here.
      takeOver(rt, job, control, chunks, (status) => status !== FINISHED);
      shutdownPool();
      resetRuntime();
      return;
    }
    Atomics.wait(control, DONE, done, Math.min(left, 50));
  }
  // A chunk whose kernel threw in a worker is re-run here, so the error (if real)
  // surfaces on the calling thread.
  takeOver(rt, job, control, chunks, (status) => status === FAILED);
}

function takeOver(rt: Runtime, job: KernelJob, control: Int32Array, chunks: number, needed: (status: number) => boolean): void {
  for (let c = 0; c < chunks; c++) {
    const status = Atomics.load(control, HEADER + c);
    if (status === UNCLAIMED || needed(status)) {
      const [first, end] = chunkRange(c, job.total, chunks);
      callRange(rt.exports, job, first, end - first);
    }
  }
}

/** Test hook: makes every current worker exit or hang while holding a chunk of its next job. */
export function failWorkersOnNextJob(how: 'exit' | 'hang'): number {
  for (const w of workers) w.worker.postMessage({ type: 'fail-next-job', how });
  waitForWorkerClaim = true;
  return workers.length;
}

/** Number of live workers (for tests). */
export function poolSize(): number {
  return workers.filter((w) => w.alive).length;
}
