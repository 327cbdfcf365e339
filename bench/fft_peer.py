"""Peer timings for bench/fft.ts: numpy.fft, scipy.fft, scipy.signal.fftconvolve and
oaconvolve, one worker. Reads one JSON request per line on stdin, answers one JSON line:
  {"op": "setup", "cases": {...}}  -> {"ok": true, "versions": {...}}
  {"op": "time", "case": name, "peer": peer, "iters": k}  -> {"seconds": [...], "cpu": [...]}
Both wall-clock and process CPU time (time.process_time) are reported per call.
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.fft
import scipy.signal

rng = np.random.default_rng(1)
arrays = {}


def make(case):
    dtype = np.float32 if case.get('dtype') == 'float32' else np.float64
    a = rng.standard_normal(case['s1']).astype(dtype)
    b = rng.standard_normal(case['s2']).astype(dtype) if 's2' in case else None
    return a, b


def runner(case, peer):
    a, b = arrays[case['name']]
    kind = case['kind']
    if kind == 'rfft':
        axes = tuple(range(-len(case['s1']), 0))
        if peer == 'numpy.fft':
            return lambda: np.fft.rfftn(a, axes=axes)
        return lambda: scipy.fft.rfftn(a, axes=axes, workers=1)
    mode = case.get('mode', 'same')
    axes = case.get('axes')
    fn = scipy.signal.fftconvolve if peer == 'scipy.fftconvolve' else scipy.signal.oaconvolve
    return lambda: fn(a, b, mode=mode, axes=axes)


def main():
    cases = {}
    for line in sys.stdin:
        req = json.loads(line)
        if req['op'] == 'setup':
            cases = req['cases']
            for name, case in cases.items():
                case['name'] = name
                arrays[name] = make(case)
            out = {'ok': True, 'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__}}
        else:
            case = cases[req['case']]
            fn = runner(case, req['peer'])
            seconds, cpu = [], []
            with scipy.fft.set_workers(1):
                fn()  # untimed warm-up call, as on the convnd side
                for _ in range(req['iters']):
                    c0 = time.process_time()
                    t0 = time.perf_counter()
                    fn()
                    seconds.append(time.perf_counter() - t0)
                    cpu.append(time.process_time() - c0)
            out = {'seconds': seconds, 'cpu': cpu}
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
