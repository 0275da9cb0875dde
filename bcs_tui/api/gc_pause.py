"""Parsing a large body allocates millions of objects that all stay alive, which makes
CPython's cyclic collector run full collections over and over while none of them can be
garbage. Pausing it for the parse (then letting it run once as usual) measured 10,000
records at about a third of the time (see benchmarks/RESULTS.md, row 1). Once loaded, the
records stay out of its way for good (``spare_survivors``)."""

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


def spare_survivors() -> None:
    """Move every object alive now out of the cyclic collector's sight (``gc.freeze``),
    e.g. once the first whole list is loaded and drawn: every later full collection
    would otherwise walk all 10,000 records again (200-350 ms each, several a minute
    while operations run: benchmarks/RESULTS.md, row 12). They are still freed by
    reference counting when replaced or gone (records hold no reference cycles)."""
    gc.freeze()
