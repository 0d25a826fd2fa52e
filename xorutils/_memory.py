"""Keep NumPy's large temporaries in the heap (Linux with glibc): training spends less time in the kernel.

Each epoch allocates and frees arrays of a few hundred kilobytes (a 700 x 64 float32 activation is
179 KB). glibc serves blocks above 128 KB with a fresh mmap and gives them back to the system when
freed, and trims the heap's free top, so every epoch page-faults the same memory in again. For
64 + 64 units on the lab's 1,000-point cloud that was more than half the training time (4.0 s
against 1.7 s for 1,000 epochs on 2 cores: benchmarks/memory_reuse.py). Raising both thresholds
keeps up to 64 MB of freed memory for reuse. Nothing changes in what is computed (the benchmark
checks the loss curve to the last bit), only where memory comes from.
"""

import ctypes
import platform

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt's parameter numbers, from glibc's malloc.h
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's largest allowed: only blocks above 32 MB get their own mmap
TRIM_THRESHOLD = 64 * 1024 * 1024  # free memory at the heap's top kept up to this before returning it


def keep_freed_memory():
    """Set glibc's thresholds; True if set, False where the C library is not glibc (macOS, Windows, musl)."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    libc = ctypes.CDLL(None)
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
