#!/usr/bin/env python3
"""Writes the .npy fixtures that test/npy.test.ts reads, with a manifest of what each holds.

Every file is written by NumPy itself (numpy.lib.format.write_array), covering each dtype
convnd reads (float16/32/64, int8..64, uint8..64, bool) in both byte orders and both
memory orders, plus 0-d, empty, 1-d, 3-d and 4-d arrays, format versions 1.0, 2.0 and 3.0,
and dtypes convnd must refuse. Values are fixed (no randomness) and chosen to hit edge
cases: extremes of each integer type, 64-bit integers that do not fit a double exactly,
float subnormals, infinities, NaN and -0.0.

Run from the repository root:  python3 tools/make_npy_fixtures.py
"""
import json
import math
import platform
import sys
from pathlib import Path

import numpy as np
from numpy.lib import format as npformat

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "npy"

# Interesting values per dtype character code; shapes take a prefix (cycled if longer).
VALUES = {
    "f2": [0.1, -2.5, 65504.0, 6e-08, float("inf"), float("nan"), -0.0, 1 / 3, -65504.0, 1e-4, 2049.0, -0.75],
    "f4": [0.1, -1e30, 1.4e-45, float("inf"), float("-inf"), float("nan"), -0.0, 3.4028234e38, 1 / 3, 16777217.0, -7.25, 2.0],
    "f8": [0.1, -1e300, 5e-324, float("nan"), float("inf"), math.pi, -0.0, 1.7976931348623157e308, -1 / 3, 2.0**53 + 1, -2.5, 1e-310],
    "i1": [-128, 127, 0, -1, 5, 100, -7, 64, 1, -100, 33, 2],
    "i2": [-32768, 32767, 0, -1, 1000, -1234, 7, 255, 256, -256, 12345, 3],
    "i4": [-(2**31), 2**31 - 1, 0, -1, 65536, -70000, 123456789, 5, -5, 2**24 + 1, 42, -42],
    "i8": [-(2**63), 2**63 - 1, 2**53 + 1, -(2**53 + 1), 12345678901234567, 0, -1, 2**40, 7, -(2**62), 99, 2**53 + 3],
    "u1": [0, 255, 1, 128, 127, 200, 3, 64, 250, 9, 17, 100],
    "u2": [0, 65535, 1, 32768, 1000, 40000, 7, 255, 256, 60000, 12, 9],
    "u4": [0, 2**32 - 1, 1, 2**31, 123456789, 3000000000, 7, 2**24 + 1, 65536, 11, 13, 2**30],
    "u8": [0, 2**64 - 1, 2**53 + 1, 2**63, 12345678901234567, 1, 2**63 + 2**11, 7, 2**40, 2**53 + 3, 99, 18446744073709549568],
    "b1": [True, False, True, True, False, False, False, True, True, False, True, False],
}


def values_for(code, shape):
    n = int(np.prod(shape, dtype=np.int64))
    base = VALUES[code]
    if n <= len(base):
        return base[:n]
    # Longer arrays: the interesting values, then a distinct ramp that fits every dtype.
    ramp = [(i % 100) + 1 for i in range(n - len(base))]
    return base + ([bool(r % 2) for r in ramp] if code == "b1" else ramp)


def make(code, byteorder, shape):
    dtype = np.dtype(byteorder + code if code not in ("i1", "u1", "b1") else code)
    values = values_for(code, shape)
    # Build exactly (object array first), then cast, so big integers keep every bit.
    if code[0] in "iu":
        arr = np.array(values, dtype=np.dtype(code).newbyteorder("=")).astype(dtype)
    else:
        arr = np.array(values, dtype=dtype)
    return arr.reshape(shape)


def encode(x):
    """JSON has no NaN/Infinity: spell them as strings; everything else is a float repr."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def expected_of(arr):
    out_dtype = np.float32 if arr.dtype.kind == "f" and arr.dtype.itemsize <= 4 else np.float64
    flat = arr.astype(out_dtype).astype(np.float64).ravel(order="C")
    return ("float32" if out_dtype == np.float32 else "float64"), [encode(v) for v in flat]


def write(name, arr, fortran, version=None):
    # copy(order=...) rather than ascontiguousarray, which turns 0-d arrays into 1-d.
    arr = arr.copy(order="F" if fortran else "C")
    path = OUT / name
    with open(path, "wb") as f:
        npformat.write_array(f, arr, version=version, allow_pickle=False)
    # Read back with NumPy to record what the header really says.
    with open(path, "rb") as f:
        ver = npformat.read_magic(f)
        # Version 3.0 differs from 2.0 only in the header's text encoding (UTF-8).
        read_header = npformat.read_array_header_1_0 if ver == (1, 0) else npformat.read_array_header_2_0
        shape, fortran_order, dtype = read_header(f)
    out_dtype, values = expected_of(arr)
    return {
        "file": name,
        "version": f"{ver[0]}.{ver[1]}",
        "descr": dtype.str,
        "fortran_order": bool(fortran_order),
        "shape": list(shape),
        "dtype": out_dtype,
        "values": values,
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.npy"):
        old.unlink()
    fixtures = []
    # Every dtype x byte order x memory order, as a 2x3 array.
    for code in VALUES:
        orders = ["|"] if code in ("i1", "u1", "b1") else ["<", ">"]
        for bo in orders:
            tag = {"<": "le", ">": "be", "|": "na"}[bo]
            for fortran in (False, True):
                name = f"{code}-{tag}-{'f' if fortran else 'c'}-2x3.npy"
                fixtures.append(write(name, make(code, bo, (2, 3)), fortran))
    # Shapes: 0-d, 1-d, empty, 3-d, 4-d, in assorted dtypes, orders and byte orders.
    extra = [
        ("f8-le-c-0d.npy", "f8", "<", (), False),
        ("i4-be-c-0d.npy", "i4", ">", (), False),
        ("f2-le-c-0d.npy", "f2", "<", (), False),
        ("f4-le-c-1d.npy", "f4", "<", (7,), False),
        ("u2-be-c-1d.npy", "u2", ">", (5,), False),
        ("f8-le-c-empty-0.npy", "f8", "<", (0,), False),
        ("f4-le-c-empty-0x3.npy", "f4", "<", (0, 3), False),
        ("i2-be-f-empty-2x0.npy", "i2", ">", (2, 0), True),
        ("f8-le-c-2x3x4.npy", "f8", "<", (2, 3, 4), False),
        ("f8-be-f-2x3x4.npy", "f8", ">", (2, 3, 4), True),
        ("f4-le-f-2x3x4.npy", "f4", "<", (2, 3, 4), True),
        ("i8-be-f-2x3x4.npy", "i8", ">", (2, 3, 4), True),
        ("f2-be-f-2x3x4.npy", "f2", ">", (2, 3, 4), True),
        ("u1-na-f-3x1x2x2.npy", "u1", "|", (3, 1, 2, 2), True),
        ("b1-na-f-2x2x3.npy", "b1", "|", (2, 2, 3), True),
    ]
    for name, code, bo, shape, fortran in extra:
        fixtures.append(write(name, make(code, bo, shape), fortran))
    # Format versions 2.0 and 3.0 (NumPy only picks them for huge or non-Latin-1 headers).
    fixtures.append(write("f4-le-c-2x3-v2.npy", make("f4", "<", (2, 3)), False, version=(2, 0)))
    fixtures.append(write("i2-be-f-2x3-v3.npy", make("i2", ">", (2, 3)), True, version=(3, 0)))
    fixtures.append(write("f8-be-c-2x3x4-v2.npy", make("f8", ">", (2, 3, 4)), False, version=(2, 0)))

    # Dtypes convnd refuses: the test expects an error naming the dtype kind.
    unsupported = []
    bad = [
        ("bad-complex128.npy", np.array([1 + 2j, 3 - 4j], dtype="<c16"), "complex"),
        ("bad-complex64-be.npy", np.array([1 + 2j], dtype=">c8"), "complex"),
        ("bad-structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i2")]), "structured"),
        ("bad-unicode.npy", np.array(["ab", "c"], dtype="<U2"), "unicode"),
        ("bad-bytes.npy", np.array([b"ab"], dtype="|S2"), "byte string"),
        ("bad-datetime.npy", np.array(["2020-01-01"], dtype="<M8[D]"), "datetime"),
    ]
    if np.dtype(np.longdouble).itemsize > 8:
        bad.append(("bad-longdouble.npy", np.array([1.5], dtype=np.longdouble), "extended-precision"))
    for name, arr, kind in bad:
        with open(OUT / name, "wb") as f:
            npformat.write_array(f, arr, allow_pickle=False)
        unsupported.append({"file": name, "descr": str(npformat.dtype_to_descr(arr.dtype)), "kind": kind})
    # Object arrays are pickled: allow_pickle only to produce the refusal case.
    with open(OUT / "bad-object.npy", "wb") as f:
        npformat.write_array(f, np.array([1, "a"], dtype=object), allow_pickle=True)
    unsupported.append({"file": "bad-object.npy", "descr": "|O", "kind": "object"})

    manifest = {
        "generator": "tools/make_npy_fixtures.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "byteorder_of_generating_machine": sys.byteorder,
        "fixtures": fixtures,
        "unsupported": unsupported,
    }
    with open(OUT / "manifest.json", "w") as f:
        json.dump(manifest, f, indent=1, allow_nan=False)
        f.write("\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(fixtures)} fixtures + {len(unsupported)} refusal cases to {OUT} ({total} bytes), numpy {np.__version__}")


if __name__ == "__main__":
    main()
