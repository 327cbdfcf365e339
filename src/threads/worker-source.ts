// The worker's code, as a self-contained string so it can start from `eval` in Node
// and from a Blob URL in browsers without a separate file to locate. It instantiates
// the kernels module on the shared memory it is sent, then runs jobs from the shared
// job board (control.ts): after a job it sleeps on the board's SEQ word for HOT_MS so
// the next job reaches it without a message, then goes back to its event loop ("cold")
// where a 'wake' message brings it back.
import * as C from './control.js';

/** How long a worker waits on the board for the next job before going cold. */
const HOT_MS = 500;

export const WORKER_SOURCE = String.raw`
'use strict';
const SEQ = ${C.SEQ}, CLAIM = ${C.CLAIM}, DONE = ${C.DONE}, KERNEL = ${C.KERNEL}, RANGE_ARG = ${C.RANGE_ARG},
  SCRATCH_ARG = ${C.SCRATCH_ARG}, TOTAL = ${C.TOTAL}, CHUNKS = ${C.CHUNKS}, NARGS = ${C.NARGS},
  GENERATION = ${C.GENERATION}, MAX_SLOT = ${C.MAX_SLOT}, FAIL_HOOK = ${C.FAIL_HOOK}, STATE = ${C.STATE},
  STATUS = ${C.STATUS}, ARGS_F64 = ${C.ARGS_F64}, SCRATCH_BASE = ${C.SCRATCH_BASE}, SCRATCH_BYTES = ${C.SCRATCH_BYTES},
  CLAIMED = ${C.CLAIMED}, FINISHED = ${C.FINISHED}, FAILED = ${C.FAILED}, COLD = ${C.COLD}, HOT = ${C.HOT}, BUSY = ${C.BUSY},
  HOT_MS = ${HOT_MS};
const chunkRange = ${C.chunkRange.toString()};
const claimChunk = ${C.claimChunk.toString()};
let kernels = null, names = [], generation = -1, board = null, boardF64 = null, slot = 0, lastSeq = -1;

function runJob(seq) {
  const fn = kernels[names[board[KERNEL]]];
  const total = board[TOTAL], chunks = board[CHUNKS], rangeArg = board[RANGE_ARG];
  const args = Array.from(boardF64.subarray(ARGS_F64, ARGS_F64 + board[NARGS]));
  if (board[SCRATCH_ARG] >= 0) args[board[SCRATCH_ARG]] = boardF64[SCRATCH_BASE] + slot * boardF64[SCRATCH_BYTES];
  for (;;) {
    const c = claimChunk(board, seq, chunks);
    if (c < 0) break;
    Atomics.store(board, STATUS + c, CLAIMED);
    Atomics.notify(board, CLAIM);
    const fail = Atomics.exchange(board, FAIL_HOOK, 0);
    if (fail === 1) {
      if (typeof process !== 'undefined') process.exit(1); else close();
    }
    if (fail === 2) {
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3600e3);
    }
    const [first, end] = chunkRange(c, total, chunks);
    args[rangeArg] = first;
    args[rangeArg + 1] = end - first;
    let status = FINISHED;
    try { fn(...args); } catch (e) { status = FAILED; }
    Atomics.store(board, STATUS + c, status);
    Atomics.add(board, DONE, 1);
    Atomics.notify(board, DONE);
  }
}

// Runs posted jobs until none arrives for HOT_MS, or one needs a newer runtime (whose
// 'init' message is waiting in the event loop).
function serve() {
  Atomics.store(board, STATE + slot - 1, BUSY);
  for (;;) {
    const seq = Atomics.load(board, SEQ);
    if (seq !== lastSeq) {
      if (Atomics.load(board, GENERATION) !== generation) break;
      lastSeq = seq;
      if (slot <= Atomics.load(board, MAX_SLOT)) runJob(seq);
      Atomics.store(board, STATE + slot - 1, BUSY);
      continue;
    }
    Atomics.store(board, STATE + slot - 1, HOT);
    if (Atomics.wait(board, SEQ, seq, HOT_MS) === 'timed-out') {
      // The poster stores SEQ then reads STATE; this side stores STATE then reads SEQ,
      // so a job posted meanwhile is either seen here or gets a wake message.
      Atomics.store(board, STATE + slot - 1, COLD);
      if (Atomics.load(board, SEQ) === seq) return;
    }
  }
  Atomics.store(board, STATE + slot - 1, COLD);
}

function onMessage(msg) {
  if (msg.type === 'init') {
    kernels = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports;
    names = msg.names;
    generation = msg.generation;
    board = msg.board;
    boardF64 = new Float64Array(board.buffer);
    slot = msg.slot;
  } else if (msg.type === 'wake' && kernels) {
    serve();
  }
}

if (typeof require === 'function' && typeof process !== 'undefined' && process.versions && process.versions.node) {
  require('node:worker_threads').parentPort.on('message', onMessage);
} else {
  self.onmessage = (event) => onMessage(event.data);
}
`;
