// The worker's code, as a self-contained string so it can start from `eval` in Node
// and from a Blob URL in browsers without a separate file to locate. It instantiates
// the kernels module on the shared memory it is sent, then claims chunks of jobs.
// The control-block layout and the chunk split come from control.ts, interpolated, so
// the calling thread and the workers cannot disagree on them.
import { CLAIMED, DONE, FAILED, FINISHED, HEADER, NEXT, chunkRange } from './control.js';

export const WORKER_SOURCE = String.raw`
'use strict';
const NEXT = ${NEXT}, DONE = ${DONE}, HEADER = ${HEADER}, CLAIMED = ${CLAIMED}, FINISHED = ${FINISHED}, FAILED = ${FAILED};
const chunkRange = ${chunkRange.toString()};
let kernels = null;
// Test hook: 'exit' or 'hang' while holding a chunk of the next job.
let failNextJob = null;

function runJob(job) {
  const control = job.control;
  const fn = kernels[job.kernel];
  for (;;) {
    const c = Atomics.add(control, NEXT, 1);
    if (c >= job.chunks) break;
    Atomics.store(control, HEADER + c, CLAIMED);
    Atomics.notify(control, NEXT);
    if (failNextJob === 'exit') {
      if (typeof process !== 'undefined') process.exit(1); else close();
    }
    if (failNextJob === 'hang') {
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3600e3);
    }
    const [first, end] = chunkRange(c, job.total, job.chunks);
    const args = job.args.slice();
    args[job.rangeArg] = first;
    args[job.rangeArg + 1] = end - first;
    let status = FINISHED;
    try { fn(...args); } catch (e) { status = FAILED; }
    Atomics.store(control, HEADER + c, status);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

function onMessage(msg) {
  if (msg.type === 'init') {
    kernels = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports;
  } else if (msg.type === 'job') {
    runJob(msg);
  } else if (msg.type === 'fail-next-job') {
    failNextJob = msg.how;
  }
}

if (typeof require === 'function' && typeof process !== 'undefined' && process.versions && process.versions.node) {
  require('node:worker_threads').parentPort.on('message', onMessage);
} else {
  self.onmessage = (event) => onMessage(event.data);
}
`;
