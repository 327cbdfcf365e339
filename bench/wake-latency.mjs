// How long handing a job to a sleeping worker takes on this machine: the calling
// thread stores a word and calls Atomics.notify; the worker, asleep in Atomics.wait on
// that word, notes when it wakes. Prints the notify call's own cost on the calling
// thread and the wake latency, after the worker has slept `idle` ms (default 15: a
// benchmark call's gap, collection and pause included). On this 2-core VM a kernel
// wake-up goes through the hypervisor, so both are far above bare-metal figures.
//
//   node bench/wake-latency.mjs [idle-ms] [rounds]
import { Worker } from 'node:worker_threads';

const idleMs = Number(process.argv[2] ?? 15);
const rounds = Number(process.argv[3] ?? 60);
const shared = new SharedArrayBuffer(64);
const words = new Int32Array(shared), times = new Float64Array(shared);
const SEQ = 0, ACK = 1, WOKE_AT = 2; // Int32 words 0 and 1; Float64 word 2

const worker = new Worker(`
const { workerData } = require('node:worker_threads');
const words = new Int32Array(workerData), times = new Float64Array(workerData);
let seen = 0;
for (;;) {
  Atomics.wait(words, ${SEQ}, seen);
  times[${WOKE_AT}] = performance.timeOrigin + performance.now();
  seen = Atomics.load(words, ${SEQ});
  Atomics.store(words, ${ACK}, seen);
}`, { eval: true, workerData: shared });
await new Promise((resolve) => setTimeout(resolve, 300));

const wake = [], notifyCall = [];
const now = () => performance.timeOrigin + performance.now();
for (let r = 1; r <= rounds; r++) {
  // Spin, not sleep, through the idle time: the calling thread stays on its core.
  const end = performance.now() + idleMs;
  while (performance.now() < end) { /* spin */ }
  const t0 = now();
  Atomics.store(words, SEQ, r);
  Atomics.notify(words, SEQ);
  notifyCall.push((now() - t0) * 1000);
  while (Atomics.load(words, ACK) !== r) { /* wait for the worker */ }
  wake.push((times[WOKE_AT] - t0) * 1000);
}
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const us = (x) => `${x.toFixed(0)} us`;
console.log(`after ${idleMs} ms asleep, ${rounds} rounds: wake latency median ${us(quantile(wake, 0.5))} `
  + `(10th-90th percentile ${us(quantile(wake, 0.1))}-${us(quantile(wake, 0.9))}); `
  + `Atomics.notify on the calling thread median ${us(quantile(notifyCall, 0.5))}`);
await worker.terminate();
