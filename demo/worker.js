// The demo's compute thread: convnd runs here, off the page's main thread, so the page
// stays responsive, and (when the page is cross-origin isolated) the library may block
// and use its own worker threads.
import { array, chooseConvMethod, convolve, ready } from './convnd.js';

const METHODS = ['direct', 'fft', 'oa'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

self.onmessage = async ({ data: job }) => {
  try {
    await ready();
    // The image is (height, width, 3): the channels are a batch axis, so one call
    // filters all three with the (K, K) kernel.
    const image = array(job.pixels, [job.height, job.width, 3]);
    const kernel = array(job.kernel.data, [job.kernel.size, job.kernel.size]);
    const opts = { mode: 'same', axes: [0, 1] };
    const chosen = chooseConvMethod(image, kernel, opts);
    const times = {};
    let output = null;
    for (const method of METHODS) {
      const samples = [];
      for (let rep = 0; rep < job.repeats; rep++) {
        const t0 = performance.now();
        const result = convolve(image, kernel, { ...opts, method });
        samples.push(performance.now() - t0);
        if (method === chosen) output = result.data;
      }
      times[method] = median(samples);
    }
    self.postMessage({ ok: true, chosen, times, output, isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency }, [output.buffer]);
  } catch (e) {
    self.postMessage({ ok: false, error: e.message });
  }
};
