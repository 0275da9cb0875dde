"""The one clock double of the tests, for everything that takes a ``Clock`` (the client's
signing and token expiry, the simulator, the dashboard): integer nanoseconds since the epoch.

Made with a start time, it moves only when a test says so. Made with ``following_real_time``,
it is the real time plus what a test added: the simulator's tokens can then expire on demand
while everything else (timeouts, polling) keeps running in real time.
"""

import time
from collections.abc import Callable


def _no_time() -> int:
    return 0


class ManualClock:
    def __init__(self, start_ns: int) -> None:
        self._added_ns = start_ns
        self._base: Callable[[], int] = _no_time

    @classmethod
    def following_real_time(cls) -> "ManualClock":
        clock = cls(0)
        clock._base = time.time_ns
        return clock

    def __call__(self) -> int:
        return self._base() + self._added_ns

    def advance(self, ns: int) -> None:
        """Move the clock on by ``ns`` (back, if negative)."""
        self._added_ns += ns
