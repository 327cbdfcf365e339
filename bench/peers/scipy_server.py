"""SciPy side of convnd's benchmarks: a line-oriented JSON server on stdin/stdout.

Each request names input files (raw little-endian float64) and a case; the reply gives
the median time of each SciPy option and where its output was written, so the
TypeScript side can check that the results agree. Keeping one process alive lets the
benchmark interleave convnd and SciPy measurements in the same run.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import ndimage, signal


def time_it(fn, min_reps=3, max_reps=25, budget_s=1.5):
    out = fn()  # warm-up, also the result we check
    samples = []
    start = time.perf_counter()
    while len(samples) < min_reps or (len(samples) < max_reps and time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(samples)), float(np.min(samples)), out


def estimate_direct_seconds(x, y_full, axes):
    """SciPy's direct method on one batch item, scaled by the batch size."""
    batch_axis = next(a for a in range(x.ndim) if a not in axes)
    one = np.take(x, [0], axis=batch_axis)
    t0 = time.perf_counter()
    signal.convolve(one, y_full, mode="valid", method="direct")
    return (time.perf_counter() - t0) * x.shape[batch_axis]


def seed_case(req):
    x = np.fromfile(req["x"], dtype="<f8").reshape(req["xshape"])
    y = np.fromfile(req["y"], dtype="<f8").reshape(req["yshape"])
    axes = tuple(req["axes"])
    # The kernel with size-1 batch axes, as the StackOverflow answer does.
    y_full = y.reshape([y.shape[axes.index(a)] if a in axes else 1 for a in range(x.ndim)])
    k = y.shape[0]
    crop = tuple(slice(k // 2, x.shape[a] - k // 2) if a in axes else slice(None) for a in range(x.ndim))
    options = {
        "signal.fftconvolve": lambda: signal.fftconvolve(x, y_full, mode="valid", axes=axes),
        "signal.oaconvolve": lambda: signal.oaconvolve(x, y_full, mode="valid", axes=axes),
        # ndimage returns the input's shape; its centre crop is the valid convolution (odd K).
        "ndimage.convolve": lambda: ndimage.convolve(x, y_full)[crop],
    }
    direct = lambda: signal.convolve(x, y_full, mode="valid", method="direct")
    if estimate_direct_seconds(x, y_full, axes) <= req.get("direct_limit_s", 30):
        options["signal.convolve(direct)"] = direct
    times, min_times, outputs = {}, {}, {}
    for name, fn in options.items():
        budget = req.get("budget_s", 1.5)
        ms, fastest, out = time_it(fn, min_reps=1 if name.endswith("(direct)") else 3, budget_s=budget)
        path = f"{req['out_prefix']}-{name.replace('(', '_').replace(')', '')}.bin"
        np.ascontiguousarray(out, dtype="<f8").tofile(path)
        times[name] = ms
        min_times[name] = fastest
        outputs[name] = path
    return {"times": times, "minTimes": min_times, "outputs": outputs}


def ndimage_once(req):
    """One timed scipy.ndimage.convolve (valid part, as in seed_case) on float64 or float32 files."""
    dtype = "<f4" if req.get("dtype") == "float32" else "<f8"
    x = np.fromfile(req["x"], dtype=dtype).reshape(req["xshape"])
    y = np.fromfile(req["y"], dtype=dtype).reshape(req["yshape"])
    axes = tuple(req["axes"])
    y_full = y.reshape([y.shape[axes.index(a)] if a in axes else 1 for a in range(x.ndim)])
    k = y.shape[0]
    crop = tuple(slice(k // 2, x.shape[a] - k // 2) if a in axes else slice(None) for a in range(x.ndim))
    t0 = time.perf_counter()
    out = ndimage.convolve(x, y_full)[crop]
    ms = (time.perf_counter() - t0) * 1e3
    probe = [float(out.flat[i]) for i in req.get("probe", [])]
    del out
    return {"ms": ms, "probe": probe}


def main():
    handlers = {"seed": seed_case, "ndimage_once": ndimage_once}
    print(json.dumps({"ready": True, "scipy": scipy.__version__, "numpy": np.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            reply = handlers[req["op"]](req)
        except Exception as exc:  # report, keep serving
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
