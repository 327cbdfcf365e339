#!/usr/bin/env python3
"""Checks .npy files written by convnd's toNpy with NumPy itself (used by test/npy.test.ts).

Usage: python3 tools/check_npy_readback.py DIR
DIR holds the files and expected.json: [{"file", "shape", "dtype", "values"}], values in
C order with NaN/Infinity spelled as strings. For every file, NumPy must load it with the
expected shape, dtype and values (NaN == NaN, -0.0 != 0.0), and numpy.save of the loaded
array must give exactly the same bytes (so convnd writes what NumPy writes).
Prints one JSON object: {"numpy": version, "results": [{"file", "ok", "problems"}]}.
"""
import io
import json
import sys
from pathlib import Path

import numpy as np


def decode(v):
    return float(v) if isinstance(v, str) else v


def check(path, exp):
    problems = []
    arr = np.load(path, allow_pickle=False)
    want_dtype = np.dtype("<f4" if exp["dtype"] == "float32" else "<f8")
    if arr.dtype != want_dtype:
        problems.append(f"dtype {arr.dtype.str}, expected {want_dtype.str}")
    if list(arr.shape) != exp["shape"]:
        problems.append(f"shape {arr.shape}, expected {exp['shape']}")
    if not arr.flags.c_contiguous:
        problems.append("not C-contiguous")
    if not problems:
        want = np.array([decode(v) for v in exp["values"]], dtype=want_dtype).reshape(exp["shape"])
        # Equal values, NaN matching NaN, and the same sign on zeros.
        same = np.array_equal(arr, want, equal_nan=True) and np.array_equal(
            np.signbit(arr) | np.isnan(arr), np.signbit(want) | np.isnan(want))
        if not same:
            problems.append(f"values differ: got {arr.ravel().tolist()}, expected {want.ravel().tolist()}")
        buf = io.BytesIO()
        np.save(buf, arr)
        if buf.getvalue() != path.read_bytes():
            problems.append("bytes differ from numpy.save of the same array")
    return {"file": exp["file"], "ok": not problems, "problems": problems}


def main():
    folder = Path(sys.argv[1])
    expected = json.loads((folder / "expected.json").read_text())
    results = [check(folder / e["file"], e) for e in expected]
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
