"""Golden data for convnd's FFT engine tests, computed with SciPy.

Writes test/golden/fft-golden.json:
- fast_len_real / fast_len_complex: the distinct values scipy.fft.next_fast_len returns
  for n = 1 .. 10^6. The script checks that next_fast_len(n) is the smallest listed
  value >= n for every such n, so the list determines the function on that range.
- oa_lens: scipy.signal._signaltools._calc_oa_lens on a grid of (s1, s2).
- conv: scipy.signal.fftconvolve results on seeded inputs in every mode.
Run: python3 tools/golden-fft.py
"""
import bisect
import json
import math
import os

import numpy as np
import scipy
import scipy.fft
import scipy.signal
from scipy.signal import _signaltools

SEED = 20261126
LIMIT = 10**6


def distinct_fast_lens(real):
    values = []
    last = None
    out = [scipy.fft.next_fast_len(n, real=real) for n in range(1, LIMIT + 1)]
    for v in out:
        if v != last:
            values.append(v)
            last = v
    for n, v in enumerate(out, start=1):
        assert values[bisect.bisect_left(values, n)] == v, (n, v)
    return values


def oa_grid():
    sizes = sorted({1, 2, 3, 4, 5, 7, 10, 11, 16, 31, 50, 64, 100, 101, 255, 256, 1000,
                    1001, 4096, 10001, 65536, 10**6})
    rows = []
    for s1 in sizes:
        for s2 in sizes:
            block, overlap, step1, step2 = _signaltools._calc_oa_lens(s1, s2)
            rows.append([s1, s2, int(block), None if overlap is None else int(overlap), int(step1), int(step2)])
    for s2 in range(2, 3000, 7):
        block, overlap, step1, step2 = _signaltools._calc_oa_lens(10**7, s2)
        rows.append([10**7, s2, int(block), None if overlap is None else int(overlap), int(step1), int(step2)])
    return rows


def conv_cases():
    rng = np.random.default_rng(SEED)
    specs = [
        ((40,), (7,), None),
        ((7,), (40,), None),
        ((300,), (41,), None),
        ((13, 17), (5, 4), None),
        ((3, 20, 24), (1, 5, 6), [1, 2]),
        ((2, 1, 30), (1, 3, 9), [2]),
        ((6, 10, 11), (4, 3, 5), None),
    ]
    cases = []
    for s1, s2, axes in specs:
        a = rng.standard_normal(s1)
        b = rng.standard_normal(s2)
        outs = {}
        for mode in ('full', 'same', 'valid'):
            try:
                r = scipy.signal.fftconvolve(a, b, mode=mode, axes=axes)
            except ValueError:
                continue
            outs[mode] = {'shape': list(r.shape), 'data': r.ravel().tolist()}
        cases.append({'axes': axes,
                      'in1': {'shape': list(s1), 'data': a.ravel().tolist()},
                      'in2': {'shape': list(s2), 'data': b.ravel().tolist()},
                      'out': outs})
    return cases


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    out = {
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'seed': SEED,
        'fast_len_limit': LIMIT,
        'fast_len_real': distinct_fast_lens(True),
        'fast_len_complex': distinct_fast_lens(False),
        'oa_lens': oa_grid(),
        'conv': conv_cases(),
    }
    path = os.path.join(root, 'test', 'golden', 'fft-golden.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print('wrote', path)


if __name__ == '__main__':
    main()
