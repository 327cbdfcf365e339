// Runs the cases inside a dedicated Worker, where convnd may block in Atomics.wait
// and so can use its own pool of Workers when the page is cross-origin isolated.
// Worker construction is counted to show whether the pool really started threads.
import * as convnd from './convnd.js';
import { runCases } from './runner.js';

let workersStarted = 0;
const NativeWorker = self.Worker;
if (NativeWorker) {
  self.Worker = class CountedWorker extends NativeWorker {
    constructor(...args) {
      super(...args);
      workersStarted++;
    }
  };
}

self.onmessage = async (event) => {
  try {
    const results = JSON.parse(await runCases(convnd, event.data));
    self.postMessage({ context: 'worker', isolated: self.crossOriginIsolated, workersStarted, results });
  } catch (e) {
    self.postMessage({ context: 'worker', failed: `${e.name}: ${e.message}` });
  }
};
