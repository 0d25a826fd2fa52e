"""Training time with glibc's memory thresholds at their defaults and as xorutils sets them, side by side.

    .venv/bin/python benchmarks/memory_reuse.py          # 1,000 epochs, about half a minute
    .venv/bin/python benchmarks/memory_reuse.py --quick  # 50 epochs, to check the script works

The lab's largest case (issue 10): 64 + 64 tanh units, Adam, the 1,000-point noisy cloud (700
points to train on, 300 held out), NumPy back end. Importing xorutils raises glibc's mmap and
trim thresholds (xorutils/_memory.py) so that NumPy's freed temporaries are reused instead of
returned to the system and faulted in again each epoch. Here the thresholds are switched back
and forth in one process, and each setting's median of three runs is printed. Linux with glibc only.
"""

import ctypes
import statistics
import sys
import time

import numpy as np

import xorutils
from xorutils import _memory

DEFAULT_THRESHOLD = 128 * 1024  # glibc's default for both (malloc.h: DEFAULT_MMAP_THRESHOLD_MIN, M_TRIM_THRESHOLD)


def set_thresholds(mmap, trim):
    libc = ctypes.CDLL(None)
    libc.mallopt(_memory.M_MMAP_THRESHOLD, mmap)
    libc.mallopt(_memory.M_TRIM_THRESHOLD, trim)


def main(quick):
    if not _memory.keep_freed_memory():
        sys.exit("glibc's thresholds exist only on Linux with glibc: nothing to compare here")
    epochs = 50 if quick else 1000
    X, y, X_test, y_test = xorutils.noisy_xor(points=1000, noise=0.2, seed=0)
    settings = dict(hidden_units=(64, 64), activation="tanh", learning_rate=0.05, epochs=epochs, seed=0)
    cases = {
        "glibc's defaults (128 KB)": (DEFAULT_THRESHOLD, DEFAULT_THRESHOLD),
        "xorutils' (32 MB mmap, 64 MB trim)": (_memory.MMAP_THRESHOLD, _memory.TRIM_THRESHOLD),
    }
    times, losses = {name: [] for name in cases}, {}
    for _ in range(3):
        for name, thresholds in cases.items():
            set_thresholds(*thresholds)
            began = time.perf_counter()
            result = xorutils.train(X=X, y=y, X_test=X_test, y_test=y_test, **settings)
            times[name].append(time.perf_counter() - began)
            losses[name] = result.loss
    set_thresholds(_memory.MMAP_THRESHOLD, _memory.TRIM_THRESHOLD)
    same = np.array_equal(*losses.values())
    print(f"64 + 64 tanh units, Adam, 700 + 300 points, {epochs} epochs, NumPy back end; median of 3 runs")
    for name, values in times.items():
        print(f"  {name:36} {statistics.median(values):6.2f} s")
    print(f"  same loss curve to the last bit: {same}")


if __name__ == "__main__":
    main("--quick" in sys.argv)
