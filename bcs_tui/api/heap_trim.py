"""Giving a large body's memory back to the system once it is read.

A 10,000-record body passes through the process as 21 MB of network pieces, then 21 MB of
text, and leaves ~1 KB objects behind (each record's compact step tree) that the C
allocator places between the freed pieces. glibc returns freed memory only from the top of
its heap, so those holes stayed resident: 26 MB of the dashboard's memory at rest
(benchmarks/RESULTS.md, row 8). ``malloc_trim`` hands the free pages inside the heap back
too. Elsewhere (another C library, another system) this does nothing.
"""

import sys
from collections.abc import Callable

TRIM_AFTER_BYTES = 1 << 20
"""Smaller bodies leave too little behind to be worth a pass over the heap."""

_trim: Callable[[int], int] | None = None
_loaded = False


def _load() -> Callable[[int], int] | None:
    if sys.platform != "linux":
        return None
    import ctypes  # only here: loading it costs a few ms of a cold start

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


def give_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc; otherwise nothing)."""
    global _trim, _loaded
    if not _loaded:
        _trim, _loaded = _load(), True
    if _trim is not None:
        _trim(0)
