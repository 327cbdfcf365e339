"""End-to-end cases for the convnd command line, on files NumPy writes and reads.

  python3 numpy_cases.py generate DIR   writes the inputs (np.save) and prints the cases
                                        (id, command-line arguments) as JSON
  python3 numpy_cases.py check DIR      loads every output with np.load, compares it with
                                        SciPy and prints {id: {ok, shape, dtype, err, tol}}
"""
import json
import os
import sys

import numpy as np
from scipy import ndimage, signal

RNG = np.random.default_rng(20260)


def arr(shape, dtype=np.float64):
    if np.issubdtype(dtype, np.integer):
        return RNG.integers(-100, 100, size=shape).astype(dtype)
    return RNG.standard_normal(shape).astype(dtype)


def cases():
    """(id, inputs {name: array}, cli args with {name} placeholders, expected(inputs) -> array)."""
    out = []
    f64, f32 = np.float64, np.float32

    def conv(cid, a, b, mode='full', axes=None, method=None, corr=False, extra=()):
        args = ['correlate' if corr else 'convolve', '{a}', '{b}', '-o', '{out}', '--mode', mode]
        if axes is not None:
            args += ['--axes=' + ','.join(map(str, axes))]
        if method:
            args += ['--method', method]
        args += list(extra)

        def expected(i):
            x, y = i['a'].astype(np.float64), i['b'].astype(np.float64)
            if axes is not None:
                if y.ndim != x.ndim:  # convnd's extension: kernel with len(axes) dims
                    shape = [1] * x.ndim
                    for k, ax in enumerate(axes):
                        shape[ax] = y.shape[k]
                    y = y.reshape(shape)
                if corr:
                    y = np.flip(y, axis=tuple(axes))
                return signal.fftconvolve(x, y, mode=mode, axes=axes)
            fn = signal.correlate if corr else signal.convolve
            return fn(x, y, mode=mode, method='direct')
        out.append((cid, {'a': a, 'b': b}, args, expected))

    conv('convolve 1-d full f64', arr(50), arr(7))
    conv('convolve 2-d same f32', arr((31, 40), f32), arr((5, 6), f32), mode='same')
    conv('convolve 2-d valid fft f64', arr((30, 33)), arr((8, 9)), mode='valid', method='fft')
    conv('convolve 3-d valid swapped f64', arr((4, 5, 3)), arr((9, 8, 6)), mode='valid')
    conv('convolve batch (S,S,N)*(K,K) axes 0,1 valid f32', arr((40, 40, 6), f32), arr((5, 5), f32), mode='valid', axes=[0, 1])
    conv('convolve batch (N,S,S) axes -2,-1 same int16 input', arr((6, 20, 25), np.int16), arr((3, 3)), mode='same', axes=[-2, -1])
    conv('convolve fortran-order big-endian input', np.asfortranarray(arr((12, 10))).astype('>f8'), arr((3, 4)), mode='full')
    conv('correlate 2-d full f64', arr((20, 17)), arr((4, 3)), corr=True)
    conv('correlate 1-d valid swapped f32', arr(6, f32), arr(40, f32), mode='valid', corr=True)
    conv('correlate batch axes 1 threads 2', arr((5, 200)), arr((1, 15)), mode='same', axes=[1], corr=True, extra=['--threads', '2'])
    conv('convolve with progress bar (sliced batch)', arr((40, 80, 80), f32), arr((11, 11), f32), mode='same', axes=[1, 2], extra=['--progress', '--method', 'direct'])
    conv('convolve one large image with progress bar, same', arr((600, 500)), arr((9, 9)), mode='same', extra=['--progress', '--method', 'direct'])
    conv('correlate one large image with progress bar, full, auto', arr((700, 520), f32), arr((10, 7), f32), mode='full', corr=True, extra=['--progress'])
    conv('convolve 3-d volume with progress bar, valid', arr((60, 70, 80)), arr((5, 4, 3)), mode='valid', extra=['--progress', '--method', 'direct'])

    def gauss(cid, a, sigma, mode=None, cval=None, truncate=None, axes=None):
        args = ['gaussian', '{a}', '--sigma', ','.join(map(str, np.atleast_1d(sigma))), '-o', '{out}']
        kw = {}
        if mode:
            args += ['--mode', mode]
            kw['mode'] = mode
        if cval is not None:
            args += ['--cval', str(cval)]
            kw['cval'] = cval
        if truncate is not None:
            args += ['--truncate', str(truncate)]
            kw['truncate'] = truncate
        if axes is not None:
            args += ['--axes=' + ','.join(map(str, axes))]
            kw['axes'] = axes

        def expected(i):
            x = i['a'] if i['a'].dtype == np.float32 else i['a'].astype(np.float64)
            return ndimage.gaussian_filter(x, sigma, **kw)
        out.append((cid, {'a': a}, args, expected))

    gauss('gaussian 2-d sigma 2 reflect f64', arr((40, 50)), 2)
    gauss('gaussian 2-d sigma 2 f32', arr((40, 50), f32), 2)
    for mode in ['reflect', 'constant', 'nearest', 'mirror', 'wrap']:
        gauss(f'gaussian mode {mode} radius past the edge', arr((7, 9)), [3.0, 1.5], mode=mode, cval=0.5 if mode == 'constant' else None)
    gauss('gaussian 3-d axes 0,2 truncate 2.5', arr((10, 6, 12)), [1.2, 0.7], truncate=2.5, axes=[0, 2])
    gauss('gaussian sigma 0 on one axis, int32 input', arr((15, 16), np.int32), [0, 2])
    gauss('gaussian 1-d length 1', arr(1), 3)
    return out


def main():
    command, folder = sys.argv[1], sys.argv[2]
    all_cases = cases()
    if command == 'generate':
        listing = []
        for n, (cid, inputs, args, _) in enumerate(all_cases):
            paths = {}
            for name, a in inputs.items():
                paths[name] = os.path.join(folder, f'case{n}-{name}.npy')
                np.save(paths[name], a)
            paths['out'] = os.path.join(folder, f'case{n}-out.npy')
            listing.append({'id': cid, 'args': [a.format(**paths) for a in args]})
        print(json.dumps(listing))
    elif command == 'check':
        report = {}
        for n, (cid, inputs, _, expected) in enumerate(all_cases):
            loaded = {name: np.load(os.path.join(folder, f'case{n}-{name}.npy')) for name in inputs}
            path = os.path.join(folder, f'case{n}-out.npy')
            if not os.path.exists(path):
                report[cid] = {'ok': False, 'why': 'no output file'}
                continue
            got = np.load(path)
            want = np.asarray(expected(loaded))
            want_dtype = 'float32' if all(a.dtype == np.float32 for a in loaded.values()) else 'float64'
            scale = float(np.abs(want).max()) if want.size else 1.0
            err = float(np.abs(got.astype(np.float64) - want).max()) if got.shape == want.shape and want.size else 0.0
            tol = (2e-5 if want_dtype == 'float32' else 1e-12) * max(scale, 1.0)
            ok = got.shape == want.shape and str(got.dtype) == want_dtype and err <= tol
            report[cid] = {'ok': bool(ok), 'shape': list(got.shape), 'want_shape': list(want.shape),
                           'dtype': str(got.dtype), 'want_dtype': want_dtype, 'err': err, 'tol': tol}
        print(json.dumps(report))


if __name__ == '__main__':
    main()
