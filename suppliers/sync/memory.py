"""Freed photo memory goes back to the system instead of staying in per-thread heaps.

glibc gives each thread its own heap (arena) and, once a large block has been
freed, serves later large blocks from those heaps too; what a photo thread frees
after a 3200x3200 picture then stays resident in that thread's heap while the
next thread decodes in its own. Peak memory grows with the thread count, not
with what is really in use (docs/benchmarks.md, photo case). A fixed mmap
threshold makes every block over it a mapping of its own, returned when freed.
Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # from glibc's malloc.h
THRESHOLD = 1024 * 1024  # bytes: image rows come in blocks far larger; Python objects far smaller

_applied = False


def return_large_blocks() -> bool:
    """Set the threshold once per process; whether it was set."""
    global _applied
    if not _applied:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _applied = bool(getattr(libc, "mallopt", None) and libc.mallopt(M_MMAP_THRESHOLD, THRESHOLD))
        except OSError:
            _applied = False
    return _applied
