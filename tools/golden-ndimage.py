"""Golden vectors for convnd's ndimage family and convolve2d/correlate2d, from SciPy.

Run: python3 tools/golden-ndimage.py  (writes test/golden/ndimage.json)
Records NumPy/SciPy versions and the seed. Inputs are stored with the outputs so the
tests need no random generator of their own; float32 cases store float32 values.
"""
import json
import sys
import numpy as np
import scipy
from scipy import ndimage, signal

SEED = 20260126
rng = np.random.default_rng(SEED)
MODES = ['reflect', 'constant', 'nearest', 'mirror', 'wrap', 'grid-wrap', 'grid-constant', 'grid-mirror']
SHAPES = {1: (7,), 2: (5, 6), 3: (3, 4, 5)}
cases = []
arrays = []  # inputs, stored once and referenced by index
_seen = {}


def arr(x):
    x = np.asarray(x)
    key = (id(x), x.shape, str(x.dtype))
    if key not in _seen:
        _seen[key] = len(arrays)
        arrays.append({'shape': list(x.shape), 'dtype': str(x.dtype), 'data': values(x)})
        _keep.append(x)
    return {'ref': _seen[key]}


_keep = []  # keeps ids unique while the script runs


def values(x):
    # float32 values are written as their shortest float32 repr (read back with Math.fround).
    if x.dtype == np.float32:
        return [float(str(v)) for v in x.ravel()]
    return [float(v) for v in x.ravel()]


def result(x):
    x = np.asarray(x)
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': values(x)}


def data(shape, dtype):
    return (rng.integers(-40, 41, size=shape) / 8.0 + rng.random(shape) * 0.01).astype(dtype)


def add(fn, args, kwargs, out, **extra):
    cases.append({'fn': fn, 'args': args, 'kwargs': kwargs, 'out': result(out), **extra})


# ndimage.correlate / convolve: every mode x origin x dtype x ndim, plus long kernels
# and size-1 axes.
for ndim, shape in SHAPES.items():
    for dtype in ['float64', 'float32']:
        for mode in MODES:
            x = data(shape, dtype)
            kshape = tuple([3, 4, 2][:ndim])
            w = rng.integers(-3, 4, size=kshape) / 2.0
            origins = [0, [(-(k // 2)) for k in kshape], [((k - 1) // 2) for k in kshape]]
            for origin in origins:
                for fn in ['correlate', 'convolve']:
                    o = origin
                    f = getattr(ndimage, fn)
                    try:
                        out = f(x, w, mode=mode, cval=1.5, origin=o)
                    except ValueError:
                        continue  # convolve's origin shift puts it out of range
                    add(fn, [arr(x), arr(w)], {'mode': mode, 'cval': 1.5, 'origin': o}, out)
            # kernel longer than the input along every axis
            wl = rng.random(tuple(s * 2 + 1 for s in shape)[:ndim]) - 0.5
            if wl.size <= 2000:
                for fn in ['correlate', 'convolve']:
                    add(fn, [arr(x), arr(wl)], {'mode': mode, 'cval': -0.5}, getattr(ndimage, fn)(x, wl, mode=mode, cval=-0.5))
# size-1 axes, axes argument, rank-1 kernels (separable path), tiny weights dropped
for dtype in ['float64', 'float32']:
    x = data((1, 6, 1), dtype)
    w = rng.random((3, 3, 2))
    for mode in MODES:
        add('correlate', [arr(x), arr(w)], {'mode': mode, 'cval': 2.0}, ndimage.correlate(x, w, mode=mode, cval=2.0))
    x = data((6, 5, 4), dtype)
    w2 = rng.random((3, 2)) - 0.5
    add('correlate', [arr(x), arr(w2)], {'axes': [0, 2], 'origin': [1, 0]}, ndimage.correlate(x, w2, axes=(0, 2), origin=[1, 0]))
    add('convolve', [arr(x), arr(w2)], {'axes': [-1, 1], 'mode': 'wrap'}, ndimage.convolve(x, w2, axes=(-1, 1), mode='wrap'))
    for mode in MODES:
        u = rng.random(7) - 0.3; v = rng.random(6) - 0.3; z = rng.random(5)
        k2 = np.outer(u, v)
        x2 = data((9, 8), dtype)
        add('convolve', [arr(x2), arr(k2)], {'mode': mode, 'cval': 0.75, 'origin': [1, -2]},
            ndimage.convolve(x2, k2, mode=mode, cval=0.75, origin=[1, -2]), separable=True)
        k3 = np.einsum('i,j,k->ijk', u, v, z)
        x3 = data((8, 7, 6), dtype)
        add('correlate', [arr(x3), arr(k3)], {'mode': mode, 'cval': -1.25}, ndimage.correlate(x3, k3, mode=mode, cval=-1.25), separable=True)
        k11 = np.outer(u, u)[:, :, None]
        add('correlate', [arr(x3), arr(k11)], {'mode': mode, 'cval': 0.5}, ndimage.correlate(x3, k11, mode=mode, cval=0.5), separable=True)

# correlate1d / convolve1d: axes incl. negative, modes, origins, long kernels
for dtype in ['float64', 'float32']:
    x = data((3, 4, 5), dtype)
    for mode in MODES:
        for axis, w in [(0, [1.0, -2.0, 0.5]), (-1, [0.25, 1.0]), (1, [1.0, 2.0, 1.0]), (-2, [-1.0, 0.0, 1.0]),
                        (2, list(rng.random(13) - 0.5)), (0, list(rng.random(4) - 0.5))]:
                for origin in sorted({0, -(len(w) // 2), (len(w) - 1) // 2}):
                    for fn in ['correlate1d', 'convolve1d']:
                        try:
                            out = getattr(ndimage, fn)(x, w, axis=axis, mode=mode, cval=0.5, origin=origin)
                        except ValueError:
                            continue
                        add(fn, [arr(x), w], {'axis': axis, 'mode': mode, 'cval': 0.5, 'origin': origin}, out)

# gaussian filters
for dtype in ['float64', 'float32']:
    x = data((9, 10), dtype)
    for mode in MODES:
        for order in [0, 1, 2, 3]:
            add('gaussianFilter1d', [arr(x), 1.5], {'axis': 0, 'order': order, 'mode': mode, 'cval': 0.25},
                ndimage.gaussian_filter1d(x, 1.5, axis=0, order=order, mode=mode, cval=0.25))
        add('gaussianFilter', [arr(x), [0.8, 3.5]], {'mode': mode, 'order': [1, 0]}, ndimage.gaussian_filter(x, [0.8, 3.5], mode=mode, order=[1, 0]))
        add('gaussianFilter', [arr(x), 2.0], {'mode': mode, 'truncate': 2.0}, ndimage.gaussian_filter(x, 2.0, mode=mode, truncate=2.0))
        add('gaussianFilter', [arr(x), 1.0], {'mode': mode, 'radius': [1, 6], 'cval': 1.0}, ndimage.gaussian_filter(x, 1.0, mode=mode, radius=[1, 6], cval=1.0))
    add('gaussianFilter', [arr(x), 1.2], {'axes': [1], 'mode': ['mirror']}, ndimage.gaussian_filter(x, 1.2, axes=(1,), mode=['mirror']))
    add('gaussianFilter', [arr(x), [0, 1.0]], {'mode': ['constant', 'wrap']}, ndimage.gaussian_filter(x, [0, 1.0], mode=['constant', 'wrap']))
    x3 = data((4, 5, 6), dtype)
    add('gaussianFilter', [arr(x3), [1.0, 2.0, 0.5]], {'order': [0, 2, 1]}, ndimage.gaussian_filter(x3, [1.0, 2.0, 0.5], order=[0, 2, 1]))
    xl = data((40,), dtype)
    add('gaussianFilter1d', [arr(xl), 9.0], {}, ndimage.gaussian_filter1d(xl, 9.0))  # kernel longer than input
    for mode in MODES:
        add('gaussianLaplace', [arr(x), 1.3], {'mode': mode}, ndimage.gaussian_laplace(x, 1.3, mode=mode))
        add('gaussianGradientMagnitude', [arr(x), [1.1, 0.7]], {'mode': mode}, ndimage.gaussian_gradient_magnitude(x, [1.1, 0.7], mode=mode))
        add('laplace', [arr(x3)], {'mode': mode, 'cval': 3.0}, ndimage.laplace(x3, mode=mode, cval=3.0))
        for axis in [0, -1]:
            add('sobel', [arr(x3)], {'axis': axis, 'mode': mode, 'cval': 1.0}, ndimage.sobel(x3, axis=axis, mode=mode, cval=1.0))
            add('prewitt', [arr(x3)], {'axis': axis, 'mode': mode}, ndimage.prewitt(x3, axis=axis, mode=mode))
    add('gaussianLaplace', [arr(x3), [1.0, 0.6]], {'axes': [0, 2]}, ndimage.gaussian_laplace(x3, [1.0, 0.6], axes=(0, 2)))
    add('laplace', [arr(x3)], {'axes': [1], 'mode': ['wrap']}, ndimage.laplace(x3, axes=(1,), mode=['wrap']))

# uniform filters
for dtype in ['float64', 'float32']:
    x = data((6, 7), dtype)
    for mode in MODES:
        for size in [1, 2, 3, 7, 20]:
            for origin in sorted({0, -(size // 2), (size - 1) // 2}):
                add('uniformFilter1d', [arr(x), size], {'axis': -1, 'mode': mode, 'cval': 2.0, 'origin': origin},
                    ndimage.uniform_filter1d(x, size, axis=-1, mode=mode, cval=2.0, origin=origin))
                add('uniformFilter1d', [arr(x), size], {'axis': 0, 'mode': mode, 'origin': origin},
                    ndimage.uniform_filter1d(x, size, axis=0, mode=mode, origin=origin))
        add('uniformFilter', [arr(x), [3, 5]], {'mode': mode, 'origin': [1, -2]}, ndimage.uniform_filter(x, [3, 5], mode=mode, origin=[1, -2]))
    x3 = data((3, 270, 2), dtype)  # wider than one 256-column chunk of the slab pass
    add('uniformFilter', [arr(x3), 4], {}, ndimage.uniform_filter(x3, 4))
    add('uniformFilter', [arr(x3), [3, 31]], {'axes': [0, 1], 'mode': 'nearest'}, ndimage.uniform_filter(x3, [3, 31], axes=(0, 1), mode='nearest'))

# convolve2d / correlate2d
for dtype in ['float64', 'float32']:
    for boundary in ['fill', 'wrap', 'symm']:
        for mode in ['full', 'same', 'valid']:
            for (s1, s2) in [((6, 7), (3, 2)), ((5, 5), (4, 4)), ((3, 4), (7, 9)), ((4, 6), (1, 1)), ((2, 3), (5, 2))]:
                a = data(s1, dtype); b = data(s2, dtype)
                for fn in ['convolve2d', 'correlate2d']:
                    try:
                        out = getattr(signal, fn)(a, b, mode=mode, boundary=boundary, fillvalue=0.75)
                    except ValueError:
                        continue
                    add(fn, [arr(a), arr(b)], {'mode': mode, 'boundary': boundary, 'fillvalue': 0.75}, out)

meta = {'numpy': np.__version__, 'scipy': scipy.__version__, 'python': sys.version.split()[0], 'seed': SEED,
        'generator': 'tools/golden-ndimage.py'}
with open('test/golden/ndimage.json', 'w') as f:
    json.dump({'meta': meta, 'arrays': arrays, 'cases': cases}, f, separators=(',', ':'))
print(f'{len(cases)} cases written to test/golden/ndimage.json')
