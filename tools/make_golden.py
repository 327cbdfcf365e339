#!/usr/bin/env python3
"""Writes SciPy golden fixtures for convnd's scipy.signal convolution family.

    python3 tools/make_golden.py            # writes test/fixtures/golden/

Output: `manifest.json` (one record per fixture, plus SciPy's and NumPy's versions and
the seed) and `arrays.bin` (every array's raw little-endian bytes, 8-byte aligned;
each record names its arrays by dtype, shape and byte offset).

Every fixture is one call: `kind` (convolve or correlate), in1, in2, mode, axes, and
the convnd functions that must return `expected` for it. How `expected` is made:

* no `axes`, convolve/correlate: scipy.signal.convolve / correlate with
  method='direct' on the inputs cast to float64 (SciPy's sums, no FFT error).
* `axes` given, or fftconvolve/oaconvolve: scipy.signal.fftconvolve's semantics.
  SciPy's own `_init_freq_conv_axes` (which axes are convolved, which broadcast, the
  valid-mode swap) and `_apply_conv_mode` (the mode's window) shape the result; the
  values of each batch item come from scipy.signal.convolve(method='direct'), and the
  whole is asserted equal to scipy.signal.fftconvolve and oaconvolve within FFT error.
  So `expected` has fftconvolve's shape and direct-sum accuracy.
* correlate with `axes` (a convnd extension; SciPy's correlate has no axes): SciPy
  defines correlate(in1, in2) as convolve(in1, reverse(in2)), so in2 is reversed
  along `axes` and the above applies.
* in2 with `axes.length` dims (convnd's lower-ndim kernel extension): SciPy is given
  in2 expanded to in1's ndim, axis i of in2 placed at axes[i], unit length elsewhere.

`bound` is the same computation on |in1| and |in2|: per output element the sum of
|terms|, which the tests scale by a few ulps for the direct method (stored as
float32 rounded up: only its magnitude matters). Float32 inputs
are computed in float64 (exact reference); SciPy's own float32 result is checked to
lie within tolerance of it. Integer inputs are computed in float64 as convnd's
contract says (SciPy keeps integer dtypes and can overflow, e.g. uint8).
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.signal as signal
from scipy.signal._signaltools import _apply_conv_mode, _init_freq_conv_axes

SEED = 20261126
OUT_DIR = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "golden"
MODES = ("full", "same", "valid")


# ---------------------------------------------------------------------------
# Expected values
# ---------------------------------------------------------------------------

def freq_rules_direct(in1: np.ndarray, in2: np.ndarray, mode: str, axes) -> np.ndarray:
    """scipy.signal.fftconvolve's result, with each batch item summed directly."""
    a, b, conv_axes = _init_freq_conv_axes(in1, in2, mode, axes, sorted_axes=True)
    s1, s2 = a.shape, b.shape
    ndim = a.ndim
    batch_axes = [i for i in range(ndim) if i not in conv_axes]
    full_shape = [s1[i] + s2[i] - 1 if i in conv_axes else max(s1[i], s2[i]) for i in range(ndim)]
    ret = np.zeros(full_shape, dtype=np.float64)
    for index in np.ndindex(*[full_shape[i] for i in batch_axes]):
        i1 = [slice(None)] * ndim
        i2 = [slice(None)] * ndim
        io = [slice(None)] * ndim
        for axis, j in zip(batch_axes, index):
            i1[axis] = 0 if s1[axis] == 1 else j  # length 1 broadcasts
            i2[axis] = 0 if s2[axis] == 1 else j
            io[axis] = j
        x, y = a[tuple(i1)], b[tuple(i2)]
        ret[tuple(io)] = x * y if x.ndim == 0 else signal.convolve(x, y, mode="full", method="direct")
    return _apply_conv_mode(ret, s1, s2, mode, conv_axes, xp=np)


def expand_kernel(in2: np.ndarray, axes: list[int], ndim: int) -> np.ndarray:
    """convnd's lower-ndim kernel: axis i of in2 becomes axis axes[i] of an ndim array."""
    norm = [a % ndim for a in axes]
    order = sorted(range(len(norm)), key=lambda i: norm[i])
    moved = np.transpose(in2, order)  # in2's axes in ascending target order
    shape = [1] * ndim
    for i in order:
        shape[norm[i]] = in2.shape[i]
    return moved.reshape(shape)


def reverse_axes(x: np.ndarray, axes: list[int]) -> np.ndarray:
    return np.flip(x, axis=tuple(axes)) if axes else x


def contract_dtype(d1: np.dtype, d2: np.dtype) -> str:
    """convnd's rule: float32 only when every input is float32, otherwise float64."""
    return "float32" if d1 == np.float32 and d2 == np.float32 else "float64"


def fft_tolerance(in1: np.ndarray, in2: np.ndarray, dtype: str) -> float:
    scale = np.abs(in1.astype(np.float64)).sum() * np.abs(in2.astype(np.float64)).max(initial=0)
    return (1e-10 if dtype == "float64" else 1e-4) * scale


def direct_tolerance(bound: np.ndarray, dtype: str, ulps: float) -> np.ndarray:
    eps = np.finfo(np.float32 if dtype == "float32" else np.float64).eps
    return ulps * eps * bound + np.finfo(np.float64).tiny


def assert_close(name: str, what: str, got, want: np.ndarray, tol) -> None:
    got = np.asarray(got)
    if got.shape != want.shape:
        raise AssertionError(f"{name}: {what} has shape {got.shape}, expected {want.shape}")
    err = np.abs(got.astype(np.float64) - want)
    if np.any(err > tol):
        raise AssertionError(f"{name}: {what} differs by {err.max():.3g} (tolerance {np.min(tol):.3g}..)")


# ---------------------------------------------------------------------------
# Fixture records and the array blob
# ---------------------------------------------------------------------------

class Blob:
    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, x: np.ndarray) -> dict:
        x = np.ascontiguousarray(x)
        data = x.astype(x.dtype.newbyteorder("<"), copy=False).tobytes()
        ref = {"dtype": x.dtype.name, "shape": list(x.shape), "offset": self.size}
        pad = (-len(data)) % 8
        self.parts.append(data + b"\0" * pad)
        self.size += len(data) + pad
        return ref

    def bytes(self) -> bytes:
        return b"".join(self.parts)


class Fixtures:
    def __init__(self) -> None:
        self.records: list[dict] = []
        self.blob = Blob()
        self.names: set[str] = set()
        self.last_arrays: dict[str, np.ndarray] = {}

    def add(self, record: dict, arrays: dict[str, np.ndarray]) -> None:
        if record["name"] in self.names:
            raise AssertionError(f"duplicate fixture name {record['name']}")
        self.names.add(record["name"])
        self.last_arrays = arrays
        for key, value in arrays.items():
            if key == "bound":
                # Only its magnitude matters (it scales a tolerance): float32, rounded up.
                value = np.nextafter(value.astype(np.float32), np.float32(np.inf))
            record[key] = self.blob.add(value)
        self.records.append(record)


rng = np.random.default_rng(SEED)


def make_input(shape, dtype: str) -> np.ndarray:
    shape = tuple(shape)
    if dtype in ("float64", "float32"):
        return rng.standard_normal(shape).astype(dtype)
    if dtype == "uint8":
        return rng.integers(0, 256, shape, dtype=np.uint8)
    if dtype == "uint16":
        return rng.integers(0, 65536, shape, dtype=np.uint16)
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -1000), min(info.max, 1000) + 1, shape, dtype=dtype)


def scipy_call_text(fn: str, mode: str, axes) -> str:
    ax = "" if axes is None else f", axes={axes}"
    return f"scipy.signal.{fn}(in1, in2, mode='{mode}'{ax})"


def add_case(fx: Fixtures, name: str, kind: str, in1: np.ndarray, in2: np.ndarray, mode: str,
             axes=None, note: str | None = None) -> None:
    """Adds the fixtures for one call of convnd's `kind` (convolve or correlate).

    Without axes this is SciPy's convolve/correlate; when kind is convolve, fftconvolve
    and oaconvolve are also checked: in the same fixture when SciPy gives them the same
    outcome, in a second fixture (`<name>/freq`) when their shape rules differ.
    """
    dtype = contract_dtype(in1.dtype, in2.dtype)
    base = {"kind": kind, "mode": mode, "axes": axes, "dtype": dtype}
    if note:
        base["note"] = note
    inputs = {"in1": in1, "in2": in2}
    if axes is not None:
        functions = [kind, "fftconvolve", "oaconvolve"] if kind == "convolve" else [kind]
        outcome, arrays = freq_outcome(name, kind, in1, in2, mode, axes)
        fx.add({"name": name, **base, "functions": functions, **outcome}, {**inputs, **arrays})
        return
    outcome, arrays = direct_outcome(name, kind, in1, in2, mode)
    functions = [kind]
    if kind == "convolve":
        freq, freq_arrays = freq_outcome(name, kind, in1, in2, mode, None)
        if same_outcome(arrays, freq_arrays):
            functions += ["fftconvolve", "oaconvolve"]
        else:
            fx.add({"name": f"{name}/freq", **base, "functions": ["fftconvolve", "oaconvolve"], **freq},
                   {**inputs, **freq_arrays})
    fx.add({"name": name, **base, "functions": functions, **outcome}, {**inputs, **arrays})


def same_outcome(a: dict, b: dict) -> bool:
    """Both calls raise, or both give the same shape and (within 8 ulps) values."""
    if not a or not b:
        return not a and not b
    if a["expected"].shape != b["expected"].shape:
        return False
    assert_close("same_outcome", "fftconvolve semantics", b["expected"], a["expected"],
                 direct_tolerance(a["bound"], "float64", 8))
    return True


def direct_outcome(name: str, kind: str, in1: np.ndarray, in2: np.ndarray, mode: str):
    """scipy.signal.convolve/correlate(method='direct') on float64 casts of the inputs."""
    fn = getattr(signal, kind)
    a, b = in1.astype(np.float64), in2.astype(np.float64)
    call = f"scipy.signal.{kind}(in1, in2, mode='{mode}', method='direct')"
    try:
        expected = fn(a, b, mode=mode, method="direct")
    except ValueError as e:
        return {"error": str(e), "scipy": {"call": call}}, {}
    bound = fn(np.abs(a), np.abs(b), mode=mode, method="direct")
    dtype = contract_dtype(in1.dtype, in2.dtype)
    native = np.asarray(fn(in1, in2, mode=mode, method="direct"))
    if in1.dtype.kind == "f" and in2.dtype.kind == "f":
        # SciPy on the caller's own float dtypes agrees with the float64 reference.
        assert_close(name, f"SciPy on {in1.dtype}/{in2.dtype}", native, expected, direct_tolerance(bound, dtype, 64))
    # SciPy's FFT path agrees with its direct path.
    assert_close(name, f"scipy.signal.{kind}(method='fft')", fn(a, b, mode=mode, method="fft"),
                 expected, fft_tolerance(a, b, "float64"))
    return ({"error": None, "scipy": {"call": call, "native_dtype": native.dtype.name}},
            {"expected": expected, "bound": bound})


def freq_outcome(name: str, kind: str, in1: np.ndarray, in2: np.ndarray, mode: str, axes):
    """scipy.signal.fftconvolve's semantics (see the module docstring)."""
    a, b = in1.astype(np.float64), in2.astype(np.float64)
    native2 = in2
    call = scipy_call_text("fftconvolve", mode, axes)
    if axes is not None and in2.ndim != in1.ndim:
        b = expand_kernel(b, axes, in1.ndim)
        native2 = expand_kernel(in2, axes, in1.ndim)
        call += " with in2 expanded to in1's ndim (axis i at axes[i])"
    if kind == "correlate":
        assert axes is not None, "correlate without axes follows scipy.signal.correlate (direct_outcome)"
        b = reverse_axes(b, axes)
        native2 = reverse_axes(native2, axes)
        call += f" with in2 reversed along axes {axes}"
    try:
        expected = freq_rules_direct(a, b, mode, axes)
    except ValueError as e:
        return {"error": str(e), "scipy": {"call": call}}, {}
    bound = freq_rules_direct(np.abs(a), np.abs(b), mode, axes)
    tol = fft_tolerance(a, b, "float64")
    assert_close(name, "scipy.signal.fftconvolve", signal.fftconvolve(a, b, mode=mode, axes=axes), expected, tol)
    assert_close(name, "scipy.signal.oaconvolve", signal.oaconvolve(a, b, mode=mode, axes=axes), expected, tol)
    native = signal.fftconvolve(in1, native2, mode=mode, axes=axes)
    dtype = contract_dtype(in1.dtype, in2.dtype)
    if in1.dtype.kind == "f" and in2.dtype.kind == "f":
        # SciPy transforms a float32 input in float32 even when the other is float64
        # (result dtype float64, float32 accuracy), so check at the weaker precision.
        weak = "float32" if np.float32 in (in1.dtype, in2.dtype) else dtype
        assert_close(name, f"SciPy fftconvolve on {in1.dtype}/{in2.dtype}", native, expected,
                     fft_tolerance(a, b, weak) + direct_tolerance(bound, weak, 64))
    return ({"error": None, "scipy": {"call": call, "native_dtype": np.asarray(native).dtype.name}},
            {"expected": expected, "bound": bound})


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

def shape_pairs(ndim: int) -> dict[str, tuple[list[int], list[int]]]:
    """Shapes per ndim: odd and even kernels, kernels longer than the input, size-1
    axes, and a pair where neither input dominates (an error in 'valid')."""
    big = {1: 11, 2: 7, 3: 5, 4: 4}[ndim]
    lengths = lambda base: [base + (i % 2) for i in range(ndim)]
    pairs = {
        "odd-kernel": (lengths(big), [3 if i % 2 == 0 else 1 for i in range(ndim)] if ndim > 1 else [3]),
        "even-kernel": (lengths(big), [2 + 2 * (i % 2) for i in range(ndim)] if ndim < 4 else [2, 4, 2, 2]),
        "longer-kernel": ([2 + i % 2 for i in range(ndim)], lengths(big - 1)),
        "mixed-lengths": ([big] + [2] * (ndim - 1), [3] + [4] * (ndim - 1)) if ndim > 1 else ([4], [6]),
    }
    if ndim > 1:
        pairs["size-1-axes"] = ([1] + lengths(big)[1:], [1] + [3 if i % 2 else 2 for i in range(1, ndim)])
        pairs["size-1-kernel-axis"] = (lengths(big), [2] + [1] * (ndim - 1))
    else:
        pairs["size-1-kernel"] = ([big], [1])
        pairs["size-1-input"] = ([1], [5])
    return pairs


def add_sweep(fx: Fixtures) -> None:
    for ndim in (1, 2, 3, 4):
        for label, (s1, s2) in shape_pairs(ndim).items():
            for mode in MODES:
                for kind in ("convolve", "correlate"):
                    in1 = make_input(s1, "float64")
                    in2 = make_input(s2, "float64")
                    add_case(fx, f"{kind}/{ndim}d/{label}/{mode}", kind, in1, in2, mode)


def add_dtypes(fx: Fixtures) -> None:
    combos = [("float32", "float32"), ("float32", "float64"), ("float64", "float32"),
              ("int32", "int32"), ("uint8", "float64"), ("uint8", "float32"), ("int16", "int8"),
              ("uint16", "int32"), ("float32", "uint8"), ("uint32", "float64"), ("int8", "int8")]
    shapes = [([13], [4]), ([6, 5], [3, 2]), ([3, 4, 3], [2, 3, 2])]
    for d1, d2 in combos:
        for s1, s2 in shapes:
            for mode in MODES:
                kind = "correlate" if mode == "same" else "convolve"
                in1, in2 = make_input(s1, d1), make_input(s2, d2)
                add_case(fx, f"dtype/{d1}-{d2}/{len(s1)}d/{kind}/{mode}", kind, in1, in2, mode)
    # Kernel longer than the input (valid swap) in float32 and integers.
    for d1, d2 in [("float32", "float32"), ("int32", "uint8")]:
        for kind in ("convolve", "correlate"):
            in1, in2 = make_input([3, 2], d1), make_input([5, 4], d2)
            add_case(fx, f"dtype/{d1}-{d2}/2d/{kind}/valid-swap", kind, in1, in2, "valid")


def add_larger(fx: Fixtures) -> None:
    """Sizes past the SIMD widths and unroll factors of the kernels, in both float dtypes."""
    cases = [("1d", [700], [31]), ("2d", [40, 33], [7, 6]), ("3d", [10, 9, 8], [3, 4, 5])]
    for label, s1, s2 in cases:
        for dtype in ("float64", "float32"):
            for mode in MODES:
                for kind in ("convolve", "correlate"):
                    in1, in2 = make_input(s1, dtype), make_input(s2, dtype)
                    add_case(fx, f"larger/{label}/{dtype}/{kind}/{mode}", kind, in1, in2, mode)
    X, Y = make_input([32, 32, 4], "float32"), make_input([5, 5], "float32")
    add_case(fx, "larger/stackoverflow-S32-K5-N4/float32/convolve/valid", "convolve", X, Y, "valid", [0, 1])


def add_axes(fx: Fixtures) -> None:
    cases = [
        # name, in1 shape, in2 shape, axes, note
        ("batch-broadcast", [3, 1, 9], [1, 4, 4], [2], "batch axes of length 1 broadcast both ways"),
        ("batch-equal", [2, 3, 8], [2, 3, 3], [2], "batch axes of equal length pair up"),
        ("batch-first", [6, 7, 3], [3, 2, 3], [0, 1], "conv axes first, batch axis last"),
        ("dropped-conv-axis", [5, 1, 6], [3, 4, 2], [0, 1, 2], "a conv axis where in1 has length 1 broadcasts"),
        ("dropped-conv-axis-in2", [5, 4, 6], [3, 1, 2], [0, 1, 2], "a conv axis where in2 has length 1 broadcasts"),
        ("negative-unsorted", [4, 3, 7], [2, 3, 3], [-1, 0], "negative and unsorted axes"),
        ("4d-middle", [2, 5, 3, 6], [2, 2, 1, 3], [1, 3], "4-D with conv axes 1 and 3"),
        ("4d-broadcast", [1, 5, 3, 6], [2, 3, 1, 2], [1, 3], "4-D with broadcast batch axes"),
        ("longer-kernel", [4, 3, 2], [4, 6, 5], [1, 2], "in2 larger on every conv axis (valid swaps)"),
        ("longer-kernel-broadcast", [1, 3, 2], [4, 6, 5], [1, 2], "swap plus a broadcast batch axis"),
        ("1d-of-2d", [4, 10], [1, 4], [1], "row filter"),
        ("all-axes", [5, 6], [2, 3], [0, 1], "axes listing every axis"),
    ]
    for label, s1, s2, axes, note in cases:
        for mode in MODES:
            for kind in ("convolve", "correlate"):
                in1, in2 = make_input(s1, "float64"), make_input(s2, "float64")
                add_case(fx, f"axes/{label}/{kind}/{mode}", kind, in1, in2, mode, axes, note)
    # 'same' crops batch axes to in1's length too (SciPy's _centered on in1's shape).
    in1, in2 = make_input([2, 1, 8], "float64"), make_input([1, 3, 3], "float64")
    add_case(fx, "axes/same-crops-batch/convolve/same", "convolve", in1, in2, "same", [-1],
             "output takes in1's shape on batch axes: the middle of in2's 3 batch items")
    # float32 and integer inputs with axes.
    for d1, d2 in [("float32", "float32"), ("int32", "float32"), ("uint8", "int16")]:
        for mode in MODES:
            in1, in2 = make_input([3, 7, 2], d1), make_input([1, 3, 2], d2)
            add_case(fx, f"axes/dtype/{d1}-{d2}/convolve/{mode}", "convolve", in1, in2, mode, [1])


def add_lowdim_kernel(fx: Fixtures) -> None:
    cases = [
        ("2d-kernel-first-axes", [5, 6, 3], [2, 3], [0, 1]),
        ("2d-kernel-unsorted", [3, 4, 5], [2, 3], [2, 0]),
        ("1d-kernel-last", [3, 9], [4], [-1]),
        ("1d-kernel-first", [7, 2, 2], [3], [0]),
        ("3d-kernel-of-4d", [2, 5, 4, 6], [3, 2, 3], [1, 2, 3]),
        ("kernel-longer", [4, 3, 2], [6, 5], [0, 1]),
    ]
    for label, s1, s2, axes in cases:
        for mode in MODES:
            for kind in ("convolve", "correlate"):
                in1, in2 = make_input(s1, "float64"), make_input(s2, "float64")
                add_case(fx, f"lowdim/{label}/{kind}/{mode}", kind, in1, in2, mode, axes,
                         "in2 has axes.length dims (convnd extension)")
    in1, in2 = make_input([6, 5, 2], "float32"), make_input([3, 2], "float32")
    add_case(fx, "lowdim/float32/convolve/same", "convolve", in1, in2, "same", [0, 1])


def add_stackoverflow(fx: Fixtures) -> None:
    """X (S, S, N) images, Y (K, K) filter: convolve(X, Y, valid, axes [0, 1]) must equal
    scipy.signal.convolve(X, Y[..., None], 'valid')."""
    for (S, K, N, dtype) in [(8, 3, 3, "float64"), (9, 4, 2, "float64"), (7, 3, 4, "float32")]:
        X, Y = make_input([S, S, N], dtype), make_input([K, K], dtype)
        name = f"stackoverflow/S{S}-K{K}-N{N}-{dtype}"
        add_case(fx, name, "convolve", X, Y, "valid", [0, 1],
                 "StackOverflow: minibatch of images (S,S,N) with one (K,K) filter")
        want = signal.convolve(X.astype(np.float64), Y.astype(np.float64)[..., None], "valid", method="direct")
        assert_close(name, "scipy.signal.convolve(X, Y[..., None], 'valid')", fx.last_arrays["expected"], want,
                     direct_tolerance(fx.last_arrays["bound"], "float64", 8))
        fx.records[-1]["scipy"]["also_equals"] = "scipy.signal.convolve(X, Y[..., None], 'valid', method='direct')"


def add_freq_only(fx: Fixtures) -> None:
    """fftconvolve/oaconvolve without axes: their own shape rules."""
    cases = [
        ("valid-length-1-broadcast", [5, 1], [3, 4], "valid",
         "convolve rejects this in 'valid'; fftconvolve drops length-1 axes and broadcasts"),
        ("valid-length-1-broadcast-3d", [1, 6, 3], [2, 3, 1], "valid",
         "convolve rejects this in 'valid'; fftconvolve drops length-1 axes and broadcasts"),
        ("same-longer-kernel", [3, 4], [5, 6], "same", "'same' keeps in1's shape"),
        ("valid-swap-3d", [2, 3, 2], [4, 5, 3], "valid", "valid swaps the inputs"),
        ("oa-long-signal", [300], [17], "full", "long enough for oaconvolve's block path"),
        ("oa-long-signal-same", [257], [40], "same", "long enough for oaconvolve's block path"),
        ("oa-long-2d", [40, 30], [6, 5], "valid", "long enough for oaconvolve's block path"),
    ]
    for label, s1, s2, mode, note in cases:
        in1, in2 = make_input(s1, "float64"), make_input(s2, "float64")
        add_case(fx, f"freq/{label}/{mode}", "convolve", in1, in2, mode, None, note)
    # Empty inputs: SciPy returns an empty 1-D array (before looking at axes).
    empties = [([0], [3], None), ([3], [0], None), ([2, 0, 3], [1, 1, 1], None), ([0, 3], [2, 2], [1])]
    for s1, s2, axes in empties:
        for dtype in ("float64", "float32"):
            in1, in2 = make_input(s1, dtype), make_input(s2, dtype)
            got = signal.fftconvolve(in1, in2, axes=axes)
            assert got.shape == (0,), got.shape
            assert signal.oaconvolve(in1, in2, axes=axes).shape == (0,)
            fx.add({"name": f"freq/empty/{'x'.join(map(str, s1))}-{'x'.join(map(str, s2))}/{dtype}",
                    "kind": "convolve", "mode": "full", "axes": axes, "dtype": contract_dtype(in1.dtype, in2.dtype),
                    "functions": ["fftconvolve", "oaconvolve"], "error": None,
                    "note": "SciPy returns an empty 1-D float64 array; convnd follows its dtype rule",
                    "scipy": {"call": scipy_call_text("fftconvolve", "full", axes), "native_dtype": got.dtype.name}},
                   {"in1": in1, "in2": in2, "expected": np.zeros(0), "bound": np.zeros(0)})


def add_scalars(fx: Fixtures) -> None:
    for kind in ("convolve", "correlate"):
        in1, in2 = np.array(1.5), np.array(-2.25)
        add_case(fx, f"scalar/{kind}", kind, in1, in2, "full", note="0-d inputs: their product")


def main() -> None:
    fx = Fixtures()
    add_sweep(fx)
    add_dtypes(fx)
    add_larger(fx)
    add_axes(fx)
    add_lowdim_kernel(fx)
    add_stackoverflow(fx)
    add_freq_only(fx)
    add_scalars(fx)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "arrays.bin").write_bytes(fx.blob.bytes())
    manifest = {
        "generator": "tools/make_golden.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "seed": SEED,
        "arrays": "arrays.bin",
        "layout": "each array ref is {dtype, shape, offset}: C-order little-endian bytes at offset in arrays.bin",
        "fixtures": fx.records,
    }
    # One fixture per line keeps the file small and its diffs readable.
    head = json.dumps({k: v for k, v in manifest.items() if k != "fixtures"}, indent=1)[:-2]
    lines = ",\n".join(json.dumps(r, separators=(",", ":")) for r in fx.records)
    (OUT_DIR / "manifest.json").write_text(f'{head},\n "fixtures": [\n{lines}\n]}}\n')
    errors = sum(1 for r in fx.records if r["error"])
    print(f"wrote {len(fx.records)} fixtures ({errors} expecting errors), "
          f"{fx.blob.size} bytes of arrays, to {OUT_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
