// What the platform offers for threads, found without static imports of Node
// built-ins (so the same bundle runs in browsers).

/** Minimal interface shared by Node's worker_threads.Worker and a browser Worker. */
export interface ThreadWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node ? p : undefined;
}

let cores = 0;

/** Number of logical cores (1 when unknown), looked up once: every kernel call asks. */
export function coreCount(): number {
  if (cores === 0) cores = lookUpCores();
  return cores;
}

function lookUpCores(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (os) return os.availableParallelism?.() ?? os.cpus().length;
  return 1;
}

/**
 * True where the calling thread may block in Atomics.wait: Node (any thread) and
 * browser workers; not a browser's main thread.
 */
export function canBlock(): boolean {
  if (nodeProcess()) return true;
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/** Starts a worker running `source`, or returns null where workers are unavailable. */
export function startWorker(source: string, onExit: () => void): ThreadWorker | null {
  const proc = nodeProcess();
  if (proc) {
    const wt = proc.getBuiltinModule?.('node:worker_threads') as
      | { Worker: new (code: string, opts: { eval: boolean }) => ThreadWorker & { unref(): void; on(e: string, f: () => void): void } }
      | undefined;
    if (!wt) return null; // Node < 20.16 has no getBuiltinModule: stay single-threaded.
    const worker = new wt.Worker(source, { eval: true });
    worker.unref(); // never keep the process alive
    worker.on('exit', onExit);
    worker.on('error', onExit);
    return worker;
  }
  const W = (globalThis as { Worker?: new (url: string) => ThreadWorker & { onerror: unknown } }).Worker;
  if (!W || typeof Blob === 'undefined' || typeof URL === 'undefined') return null;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new W(url);
  worker.onerror = onExit;
  return worker;
}
