"""Backoff maths: exponential caps, full jitter, Retry-After in both forms, clamping."""

import random
from datetime import UTC, datetime

import pytest

from bcs_tui.api.retry import RetryPolicy, is_retryable_status, retry_after_s
from bcs_tui.base.timefmt import NS_PER_S
from tests.clock import ManualClock

NOW_S = int(datetime(2026, 11, 28, 8, 0, 0, tzinfo=UTC).timestamp())
CLOCK = ManualClock(NOW_S * NS_PER_S)


class Ceiling:
    """A "random" source that always picks the top of the range, to expose the cap."""

    def uniform(self, a: float, b: float) -> float:
        return b


def test_caps_double_then_stop_at_the_maximum() -> None:
    policy = RetryPolicy(base_delay_s=0.5, max_delay_s=3.0)
    assert [policy.delay_s(n, None, Ceiling()) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_huge_attempt_numbers_do_not_overflow() -> None:
    assert RetryPolicy().backoff_cap_s(10_000) == 10.0


def test_full_jitter_stays_within_the_cap_and_is_seeded() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0)
    first = [policy.delay_s(n, None, random.Random(3)) for n in range(1, 5)]
    again = [policy.delay_s(n, None, random.Random(3)) for n in range(1, 5)]
    assert first == again
    for attempt, delay in enumerate(first, start=1):
        assert 0.0 <= delay <= policy.backoff_cap_s(attempt)
    rng = random.Random(11)
    spread = {round(policy.delay_s(3, None, rng), 6) for _ in range(50)}
    assert len(spread) > 40  # jitter really varies


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("7", 7.0),
        (" 2 ", 2.0),
        ("120", 30.0),  # clamped to max_retry_after_s
        ("0", 0.0),
        ("Sat, 28 Nov 2026 08:00:05 GMT", 5.0),
        ("Sat, 28 Nov 2026 07:59:00 GMT", 0.0),  # in the past: go now
        ("Sun, 29 Nov 2026 08:00:00 GMT", 30.0),  # a day away: clamped
    ],
)
def test_retry_after_is_honoured_and_clamped(header: str, expected: float) -> None:
    assert RetryPolicy().delay_s(1, header, Ceiling(), now=CLOCK) == expected


@pytest.mark.parametrize("header", ["soon", "-5", "1.5e9", ""])
def test_unreadable_retry_after_falls_back_to_backoff(header: str) -> None:
    assert retry_after_s(header, CLOCK) is None
    assert RetryPolicy(base_delay_s=0.25).delay_s(1, header, Ceiling(), now=CLOCK) == 0.25


def test_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay_s=-1)


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (599, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (200, False),
    ],
)
def test_which_statuses_are_retried(status: int, retryable: bool) -> None:
    assert is_retryable_status(status) is retryable
