// Layout of the shared "job board" through which the calling thread hands jobs to the
// workers, and the chunk-claiming rule both sides use. The worker source interpolates
// this module's constants and functions, so the two sides cannot disagree.
//
// Why a board instead of one postMessage per job: a worker that has just finished a
// job sleeps in Atomics.wait on SEQ for a while, and wakes within microseconds when
// the next job is posted; a postMessage round trip costs 0.1-0.3 ms, as much as the
// whole kernel of a small convolution. Workers that have gone back to their event loop
// ("cold") are woken by a message instead.
//
// Claims: CLAIM holds (job sequence number << 16) | next chunk. A worker claims with a
// compare-and-swap that also checks the sequence number, so a worker that read an old
// job's fields can never take a chunk of the next job with them. The poster closes the
// old job (CLAIM = next number, no chunks) before it rewrites the fields, and claimers
// compare against their own copy of the chunk count.

/**
 * Below this many multiply-adds, handing work to threads costs more than it saves: the
 * pool keeps such jobs on the calling thread, and the cost model (plan/method-choice.ts)
 * counts them as one-thread work.
 */
export const MIN_PARALLEL_WORK = 2e6;

export const SEQ = 0; // sequence number of the posted job (15 bits)
export const CLAIM = 1; // (seq << 16) | next chunk to claim
export const DONE = 2; // chunks finished (successfully or not)
export const KERNEL = 3; // index of the kernel export in the names list sent at init
export const RANGE_ARG = 4; // argument positions of first, count
export const SCRATCH_ARG = 5; // argument position of the per-thread scratch address, or -1
export const TOTAL = 6; // work items
export const CHUNKS = 7; // chunks the items are split into
export const NARGS = 8; // number of kernel arguments
export const GENERATION = 9; // runtime generation the job's addresses belong to
export const MAX_SLOT = 10; // workers with slot > MAX_SLOT sit this job out
export const FAIL_HOOK = 11; // test hook: 1 = exit, 2 = hang, after claiming a chunk
export const STATE = 12; // per-worker HOT/COLD words, at STATE + slot - 1
export const MAX_WORKERS = 64;
export const STATUS = STATE + MAX_WORKERS; // per-chunk status words
export const MAX_CHUNKS = 256;
/** Float64 words after the Int32 header: kernel args, then scratch base and bytes. */
export const ARGS_F64 = (STATUS + MAX_CHUNKS) / 2;
export const MAX_ARGS = 24;
export const SCRATCH_BASE = ARGS_F64 + MAX_ARGS;
export const SCRATCH_BYTES = SCRATCH_BASE + 1;
export const BOARD_BYTES = (SCRATCH_BYTES + 1) * 8;

/** Per-chunk status. */
export const UNCLAIMED = 0, CLAIMED = 1, FINISHED = 2, FAILED = 3;
/**
 * Per-worker state: COLD = in its event loop (needs a 'wake' message), HOT = waiting on
 * SEQ, BUSY = running jobs (it checks SEQ again before it sleeps).
 */
export const COLD = 0, HOT = 1, BUSY = 2;

/** Items [first, end) of chunk c when `total` items are split into `chunks` parts. */
export function chunkRange(c: number, total: number, chunks: number): [number, number] {
  return [Math.floor((c * total) / chunks), Math.floor(((c + 1) * total) / chunks)];
}

/**
 * Claims the next of the `chunks` chunks of job `seq`, or returns -1 when it has none
 * left (or is over). `chunks` must be the claimer's own copy of the job's chunk count,
 * never re-read from the board: the next job may already have written a larger count
 * there while this job's CLAIM word is still in place. Self-contained (literal
 * CLAIM = 1; test/threads.test.ts checks it) because the worker source embeds its text.
 */
export function claimChunk(board: Int32Array, seq: number, chunks: number): number {
  for (;;) {
    const word = Atomics.load(board, 1);
    if (word >>> 16 !== seq) return -1;
    const next = word & 0xffff;
    if (next >= chunks) return -1;
    if (Atomics.compareExchange(board, 1, word, word + 1) === word) return next;
  }
}
