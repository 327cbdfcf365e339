#!/usr/bin/env python3
"""Golden vectors for convnd's nn family: a NumPy implementation of PyTorch's
conv1d/conv2d/conv3d, conv_transpose2d and conv2d's gradients, written from PyTorch's
documented semantics (torch is not installed here).

Inputs are not stored: both sides make them with the same deterministic formula
(`values(n, salt)`), so the file holds only shapes, options and results.

Run: python3 tools/nn-golden.py  ->  test/nn/golden.json
"""
import itertools
import json
import platform
import sys

import numpy as np

SEED = 7  # the salt base of every generated input


def values(n, salt):
    """Deterministic inputs in [-1, 1): the same formula as test/nn/golden.test.ts."""
    i = np.arange(n, dtype=np.int64)
    return (((i * 7919 + salt * 104729 + SEED) % 2003) / 1001.5 - 1.0).astype(np.float64)


def conv_nd(x, w, b, stride, pad_before, pad_after, dilation, groups):
    """PyTorch convNd: x [N, C, *S], w [O, C/groups, *K] (cross-correlation)."""
    r = x.ndim - 2
    pads = [(0, 0), (0, 0)] + list(zip(pad_before, pad_after))
    xp = np.pad(x, pads)
    N, C = x.shape[:2]
    O, I = w.shape[:2]
    K = w.shape[2:]
    out_size = [(xp.shape[2 + a] - dilation[a] * (K[a] - 1) - 1) // stride[a] + 1 for a in range(r)]
    y = np.zeros([N, O] + out_size)
    og = O // groups
    for g in range(groups):
        xs = xp[:, g * I:(g + 1) * I]
        ws = w[g * og:(g + 1) * og]
        for tap in itertools.product(*[range(k) for k in K]):
            sl = tuple(slice(tap[a] * dilation[a], tap[a] * dilation[a] + (out_size[a] - 1) * stride[a] + 1, stride[a]) for a in range(r))
            patch = xs[(slice(None), slice(None)) + sl]           # [N, I, *out]
            wt = ws[(slice(None), slice(None)) + tuple(tap)]      # [og, I]
            y[:, g * og:(g + 1) * og] += np.einsum('ni...,oi->no...', patch, wt)
    if b is not None:
        y += b.reshape([1, O] + [1] * r)
    return y


def conv_transpose_nd(x, w, b, stride, pad_before, pad_after, dilation, groups, output_padding):
    """PyTorch conv_transposeNd: x [N, Cin, *S], w [Cin, Cout/groups, *K] (scatter form)."""
    r = x.ndim - 2
    N, Cin = x.shape[:2]
    cog = w.shape[1]
    K = w.shape[2:]
    S = x.shape[2:]
    full = [(S[a] - 1) * stride[a] + dilation[a] * (K[a] - 1) + 1 + output_padding[a] for a in range(r)]
    yf = np.zeros([N, cog * groups] + full)
    ig = Cin // groups
    for g in range(groups):
        xs = x[:, g * ig:(g + 1) * ig]
        ws = w[g * ig:(g + 1) * ig]
        for tap in itertools.product(*[range(k) for k in K]):
            sl = tuple(slice(tap[a] * dilation[a], tap[a] * dilation[a] + (S[a] - 1) * stride[a] + 1, stride[a]) for a in range(r))
            yf[(slice(None), slice(g * cog, (g + 1) * cog)) + sl] += np.einsum('ni...,io->no...', xs, ws[(slice(None), slice(None)) + tuple(tap)])
    out = [full[a] - pad_before[a] - pad_after[a] for a in range(r)]
    y = yf[(slice(None), slice(None)) + tuple(slice(pad_before[a], pad_before[a] + out[a]) for a in range(r))]
    if b is not None:
        y = y + b.reshape([1, -1] + [1] * r)
    return y


def conv_backward(x, w, gy, stride, pad_before, pad_after, dilation, groups):
    """Gradients of sum(gy * conv(x, w)): input grad by the transposed convolution
    (output_padding recovers x's size), weight grad by correlating x with gy."""
    r = x.ndim - 2
    K = w.shape[2:]
    S = x.shape[2:]
    out = gy.shape[2:]
    # The transposed convolution without trailing padding covers x up to the last input
    # row some output reaches; rows past it (and the trailing padding) get zero gradient.
    gx_full = conv_transpose_nd(gy, w, None, stride, pad_before, [0] * r, dilation, groups, [0] * r)
    gx = np.zeros_like(x)
    avail = [min(S[a], gx_full.shape[2 + a]) for a in range(r)]
    gx[(slice(None), slice(None)) + tuple(slice(0, avail[a]) for a in range(r))] = gx_full[(slice(None), slice(None)) + tuple(slice(0, avail[a]) for a in range(r))]
    pads = [(0, 0), (0, 0)] + list(zip(pad_before, pad_after))
    xp = np.pad(x, pads)
    O, I = w.shape[:2]
    og = O // groups
    gw = np.zeros_like(w)
    for g in range(groups):
        xs = xp[:, g * I:(g + 1) * I]
        for tap in itertools.product(*[range(k) for k in K]):
            sl = tuple(slice(tap[a] * dilation[a], tap[a] * dilation[a] + (out[a] - 1) * stride[a] + 1, stride[a]) for a in range(r))
            patch = xs[(slice(None), slice(None)) + sl]
            gw[(slice(g * og, (g + 1) * og), slice(None)) + tuple(tap)] = np.einsum('nis,nos->oi', patch.reshape(patch.shape[0], I, -1), gy[:, g * og:(g + 1) * og].reshape(gy.shape[0], og, -1))
    gb = gy.sum(axis=tuple([0] + list(range(2, 2 + r))))
    return gx, gw, gb


def same_padding(K, dilation):
    total = [dilation[a] * (K[a] - 1) for a in range(len(K))]
    return [t // 2 for t in total], [t - t // 2 for t in total]


def padding_variants(r):
    """(name as passed to convnd, before, after) or 'same'."""
    return [
        (0, [0] * r, [0] * r),
        (1, [1] * r, [1] * r),
        ('valid', [0] * r, [0] * r),
        ('same', None, None),
        ([v for a in range(r) for v in ((1, 0) if a % 2 == 0 else (0, 2))],
         [1 if a % 2 == 0 else 0 for a in range(r)], [0 if a % 2 == 0 else 2 for a in range(r)]),
    ]


def rounded(a):
    return [float('%.13g' % v) for v in np.asarray(a).ravel()]


def forward_cases():
    cases = []
    shapes = {1: ([2, 4, 9], [3]), 2: ([2, 4, 6, 5], [3, 2]), 3: ([1, 4, 4, 5, 3], [2, 3, 2])}
    salt = 0
    for r, (xs, K) in shapes.items():
        C = xs[1]
        for stride, dil, groups, (pad, pb, pa), bias in itertools.product(
                [1, 2], [1, 2], [1, 2, 4], padding_variants(r), [False, True]):
            if bias and (stride != 1 or dil != 1):
                continue  # the bias is added after the sum: one stride/dilation setting covers it
            if r == 3 and (bias or groups == 2):
                continue  # keep the 3-d set small: its paths are the 2-d ones with one more axis
            st = [stride] * r
            dl = [dil] * r
            if pad == 'same':
                if stride != 1:
                    continue  # PyTorch rejects 'same' with stride > 1 (tested as an error)
                pb, pa = same_padding(K, dl)
            O = 4 if groups != 4 else 8  # groups=4 with 4 channels: depthwise (x2 multiplier when O=8)
            if groups == 4 and stride == 2 and dil == 2:
                O = 4  # plain depthwise too
            w_shape = [O, C // groups] + K
            if any(xs[2 + a] + pb[a] + pa[a] < dl[a] * (K[a] - 1) + 1 for a in range(r)):
                continue
            salt += 1
            x = values(int(np.prod(xs)), salt).reshape(xs)
            w = values(int(np.prod(w_shape)), salt + 1000).reshape(w_shape)
            b = values(O, salt + 2000) if bias else None
            y = conv_nd(x, w, b, st, pb, pa, dl, groups)
            cases.append({'fn': f'conv{r}d', 'salt': salt, 'x': xs, 'w': w_shape, 'bias': bias,
                          'stride': st, 'dilation': dl, 'groups': groups, 'padding': pad,
                          'out': list(y.shape), 'y': rounded(y)})
    return cases


def transpose_cases():
    cases = []
    salt = 5000
    xs = [2, 4, 4, 3]
    for stride, dil, groups, pad, op, bias in itertools.product([1, 2, 3], [1, 2], [1, 2], [0, 1, [1, 0, 0, 2]], [0, 1], [False, True]):
        if op >= stride and op >= dil:
            continue
        if bias and (groups != 2 or dil != 1):
            continue  # the bias is added after the sum: a few settings cover it
        pb = [pad] * 2 if isinstance(pad, int) else [pad[0], pad[2]]
        pa = [pad] * 2 if isinstance(pad, int) else [pad[1], pad[3]]
        K = [3, 2]
        w_shape = [4, 6 // groups] + K
        salt += 1
        x = values(int(np.prod(xs)), salt).reshape(xs)
        w = values(int(np.prod(w_shape)), salt + 1000).reshape(w_shape)
        b = values(6 // groups * groups, salt + 2000) if bias else None
        y = conv_transpose_nd(x, w, b, [stride] * 2, pb, pa, [dil] * 2, groups, [op] * 2)
        if min(y.shape[2:]) < 1:
            continue
        cases.append({'fn': 'convTranspose2d', 'salt': salt, 'x': xs, 'w': w_shape, 'bias': bias,
                      'stride': [stride] * 2, 'dilation': [dil] * 2, 'groups': groups, 'padding': pad,
                      'outputPadding': [op] * 2, 'out': list(y.shape), 'y': rounded(y)})
    return cases


def backward_cases():
    cases = []
    salt = 9000
    xs = [2, 4, 7, 6]
    for stride, dil, groups, (pad, pb, pa) in itertools.product([1, 2], [1, 2], [1, 2, 4], padding_variants(2)):
        K = [3, 2]
        dl = [dil] * 2
        st = [stride] * 2
        if pad == 'same':
            if stride != 1:
                continue
            pb, pa = same_padding(K, dl)
        w_shape = [4, 4 // groups] + K
        salt += 1
        x = values(int(np.prod(xs)), salt).reshape(xs)
        w = values(int(np.prod(w_shape)), salt + 1000).reshape(w_shape)
        y = conv_nd(x, w, None, st, pb, pa, dl, groups)
        gy = values(y.size, salt + 2000).reshape(y.shape)
        gx, gw, gb = conv_backward(x, w, gy, st, pb, pa, dl, groups)
        cases.append({'fn': 'conv2dBackward', 'salt': salt, 'x': xs, 'w': w_shape, 'stride': st,
                      'dilation': dl, 'groups': groups, 'padding': pad, 'out': list(y.shape),
                      'gradInput': rounded(gx), 'gradWeight': rounded(gw), 'gradBias': rounded(gb)})
    return cases


def self_check():
    """The backward formulas against central differences of the forward (float64)."""
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal([1, 2, 5, 4]); w = rng.standard_normal([2, 2, 3, 2])
    args = ([2, 1], [1, 0], [0, 1], [1, 2], 1)
    gy = rng.standard_normal(conv_nd(x, w, None, *args).shape)
    gx, gw, _ = conv_backward(x, w, gy, *args)
    eps = 1e-6
    for arr, grad in ((x, gx), (w, gw)):
        for idx in [(0, 1, 2, 1), (0, 0, 0, 0), (1, 1, 1, 1) if arr is w else (0, 1, 4, 3)]:
            old = arr[idx]
            arr[idx] = old + eps; fp = (gy * conv_nd(x, w, None, *args)).sum()
            arr[idx] = old - eps; fm = (gy * conv_nd(x, w, None, *args)).sum()
            arr[idx] = old
            assert abs((fp - fm) / (2 * eps) - grad[idx]) < 1e-6, 'backward self-check failed'


def main():
    self_check()
    data = {
        'generator': 'tools/nn-golden.py',
        'numpy': np.__version__, 'python': platform.python_version(), 'seed': SEED,
        'inputs': 'values(n, salt)[i] = ((i * 7919 + salt * 104729 + seed) % 2003) / 1001.5 - 1',
        'cases': forward_cases() + transpose_cases() + backward_cases(),
    }
    path = 'test/nn/golden.json'
    with open(path, 'w') as f:
        json.dump(data, f, separators=(',', ':'))
    print(f'wrote {path}: {len(data["cases"])} cases', file=sys.stderr)


if __name__ == '__main__':
    main()
