"""SciPy peer for bench/ndimage.ts: a line-oriented server on stdin/stdout.

Requests (one JSON object per line):
  {"op": "load", "name": ..., "path": ..., "shape": [...]}   raw little-endian float64
  {"op": "time", "case": ...}   runs the case once, replies {"ms": ...}
  {"op": "check", "case": ..., "path": ...}   compares convnd's raw float64 output,
                                              replies {"maxAbs": ..., "scale": ...}
"""
import json
import sys
import time
import numpy as np
import scipy
from scipy import ndimage, signal

arrays = {}


outputs = {}


def run(case):
    a = arrays
    if case.endswith('+out'):
        # the same call writing into a preallocated output= array
        base = case[:-4]
        shape = run_shape(base)
        if base not in outputs:
            outputs[base] = np.zeros(shape)
        return run_into(base, outputs[base])
    return run_into(case, None)


def run_shape(case):
    return {'convolve-stack-random': (100, 100, 50), 'convolve-stack-gaussian': (100, 100, 50),
            'convolve-1000-5x5-random': (1000, 1000), 'convolve-1000-5x5-binomial': (1000, 1000),
            'gaussian-2000-sigma3': (2000, 2000), 'uniform-2000-size31': (2000, 2000)}[case]


def run_into(case, output):
    a = arrays
    if case == 'convolve-stack-random':
        return ndimage.convolve(a['stack'], a['k11random'], output=output)
    if case == 'convolve-stack-gaussian':
        return ndimage.convolve(a['stack'], a['k11gauss'], output=output)
    if case == 'convolve-1000-5x5-random':
        return ndimage.convolve(a['img1000'], a['k5random'], output=output)
    if case == 'convolve-1000-5x5-binomial':
        return ndimage.convolve(a['img1000'], a['k5binomial'], output=output)
    if case == 'gaussian-2000-sigma3':
        return ndimage.gaussian_filter(a['img2000'], 3, output=output)
    if case == 'uniform-2000-size31':
        return ndimage.uniform_filter(a['img2000'], 31, output=output)
    if case == 'convolve2d-500-7x7-symm':
        return signal.convolve2d(a['img500'], a['k7random'], mode='same', boundary='symm')
    if case == 'laplace-1000':
        return ndimage.laplace(a['img1000'])
    if case == 'gaussian-laplace-1000-sigma2':
        return ndimage.gaussian_laplace(a['img1000'], 2)
    if case == 'gaussian-gradient-magnitude-1000-sigma2':
        return ndimage.gaussian_gradient_magnitude(a['img1000'], 2)
    raise ValueError(case)


print(json.dumps({'scipy': scipy.__version__, 'numpy': np.__version__}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    if req['op'] == 'load':
        arrays[req['name']] = np.fromfile(req['path'], dtype='<f8').reshape(req['shape'])
        reply = {}
    elif req['op'] == 'time':
        t0 = time.perf_counter()
        run(req['case'])
        reply = {'ms': (time.perf_counter() - t0) * 1e3}
    elif req['op'] == 'check':
        want = run(req['case'])
        got = np.fromfile(req['path'], dtype='<f8').reshape(want.shape)
        reply = {'maxAbs': float(np.max(np.abs(got - want))), 'scale': float(np.max(np.abs(want)))}
    print(json.dumps(reply), flush=True)
