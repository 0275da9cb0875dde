"""The cyclic garbage collector during start-up.

Start-up allocates what lives for the whole run (modules, classes, settings, widgets, the
first records): the collector would scan it over and over while none of it can be garbage
(about 15 % of the import time alone, benchmarks/RESULTS.md rows 3 and 11). So the command
line pauses it first thing, and start-up ends once the first records are painted (or
the command runs): what start-up allocated is then moved out of every later collection
(``gc.freeze``) and the collector runs again, as usual.
"""

import gc

_paused = False


def pause_collector() -> None:
    """Start-up begins: no automatic collection until ``start_up_done`` (unless the caller
    had already switched the collector off, which is then left as it is)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def start_up_done() -> None:
    """Start-up is over: freeze what it allocated and let the collector run again. Only the
    first call after ``pause_collector`` does anything."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
