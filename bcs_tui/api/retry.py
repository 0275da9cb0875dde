"""When to try again: exponential backoff with full jitter, and the server's Retry-After."""

from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol

from bcs_tui.base.timefmt import NS_PER_S, Clock, system_clock

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses worth another try; every other 4xx would fail the same way again."""


class UniformSource(Protocol):
    """What jitter needs from a random generator (``random.Random`` fits)."""

    def uniform(self, a: float, b: float) -> float: ...


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def retry_after_s(value: str | None, now: Clock = system_clock) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP date);
    ``None`` when absent or unreadable. A date in the past means "now" (0)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    seconds_then = int(moment.timestamp())
    return float(max(0, seconds_then - now() // NS_PER_S))


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` counts the first try: 4 means at most 3 retries."""

    attempts: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 10.0
    max_retry_after_s: float = 30.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if min(self.base_delay_s, self.max_delay_s, self.max_retry_after_s) < 0:
            raise ValueError("delays must not be negative")

    def backoff_cap_s(self, attempt: int) -> float:
        """The largest backoff before retry number ``attempt`` (1-based), before jitter."""
        exponent = min(max(attempt, 1) - 1, 62)  # bounded so the power never overflows
        return float(min(self.max_delay_s, self.base_delay_s * (2**exponent)))

    def delay_s(
        self,
        attempt: int,
        retry_after: str | None,
        rng: UniformSource,
        *,
        now: Clock = system_clock,
    ) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based).

        Full jitter (uniform between 0 and the exponential cap) keeps many clients from
        retrying in lock-step. A server's Retry-After wins when present, clamped to
        ``max_retry_after_s`` so a hostile or confused server cannot park us for hours."""
        asked = retry_after_s(retry_after, now)
        if asked is not None:
            return min(asked, self.max_retry_after_s)
        return rng.uniform(0.0, self.backoff_cap_s(attempt))
