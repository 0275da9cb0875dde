"""When to fetch next: the configured interval, faster while anything runs, exponential
backoff with a cap while the service fails, back to normal on the first success.

Intervals are seconds (user settings); timestamps elsewhere stay integer nanoseconds.
"""

from dataclasses import dataclass, replace

MIN_INTERVAL_S = 1.0
"""The shortest interval a user may ask for: shorter ones flood the service with requests
(``--interval 0.01`` once sent about 60 a second) and no operation moves that fast."""
INTERVAL_RULE = (
    f"must be at least {MIN_INTERVAL_S:g} second (a shorter one floods the service with requests)"
)
"""What is said of any interval below ``MIN_INTERVAL_S`` (0, 0.5 or -1 alike), wherever it
is set: ``--interval`` of the dashboard and ``watch``, or ``interval`` in a profile."""
MAX_POLLED_OPERATIONS = 20
"""More running than this: one whole list costs less than a request for each."""
MAX_PARALLEL_POLLS = 4
"""A round of polls of running operations has at most this many requests in flight."""
INTERVAL_STEPS_S: tuple[float, ...] = (1, 2, 3, 5, 10, 15, 30, 60, 120, 300, 600)


@dataclass(frozen=True)
class RefreshPolicy:
    interval_s: float = 5.0
    active_interval_s: float = 2.0
    max_backoff_s: float = 60.0
    failures: int = 0
    active: bool = False
    """Whether the last good data had a record waiting or processing."""

    def base_delay_s(self) -> float:
        if self.active:
            return min(self.interval_s, self.active_interval_s)
        return self.interval_s

    def next_delay_s(self) -> float:
        """Until the next poll: of the running operations alone while any run."""
        return self._backed_off(self.base_delay_s())

    def list_delay_s(self) -> float:
        """Until the next whole list: the configured interval, running or not."""
        return self._backed_off(self.interval_s)

    def _backed_off(self, base: float) -> float:
        if self.failures == 0:
            return base
        # Doubling from the base; the cap never makes a retry sooner than the base itself.
        backoff = base * (1 << min(self.failures, 16))
        return max(base, min(self.max_backoff_s, backoff))

    def after_success(self, any_running: bool) -> "RefreshPolicy":
        return replace(self, failures=0, active=any_running)

    def after_failure(self) -> "RefreshPolicy":
        return replace(self, failures=self.failures + 1)

    def longer(self) -> "RefreshPolicy":
        """The next bigger step of the interval (``+``)."""
        bigger = [step for step in INTERVAL_STEPS_S if step > self.interval_s]
        return replace(self, interval_s=bigger[0] if bigger else self.interval_s)

    def shorter(self) -> "RefreshPolicy":
        """The next smaller step of the interval (``-``)."""
        smaller = [step for step in INTERVAL_STEPS_S if step < self.interval_s]
        return replace(self, interval_s=smaller[-1] if smaller else self.interval_s)


def format_interval(seconds: float) -> str:
    """``5s``, ``2m``, ``1.5s``: how the header shows an interval."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)}m"
    if seconds == int(seconds):
        return f"{int(seconds)}s"
    return f"{seconds:g}s"
