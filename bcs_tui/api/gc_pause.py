"""Parsing a large body allocates millions of objects that all stay alive, which makes
CPython's cyclic collector run full collections over and over while none of them can be
garbage. Pausing it for the parse (then letting it run once as usual) measured 10,000
records at about a third of the time (see benchmarks/RESULTS.md, row 1)."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Suspend automatic cyclic garbage collection inside the block; restore it after
    (unless the caller had already switched it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
