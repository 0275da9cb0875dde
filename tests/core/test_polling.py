import pytest

from bcs_tui.core.polling import RefreshPolicy, format_interval


def test_configured_interval_when_idle() -> None:
    assert RefreshPolicy(interval_s=5).next_delay_s() == 5


def test_faster_while_anything_runs_and_back_when_idle() -> None:
    policy = RefreshPolicy(interval_s=5, active_interval_s=2).after_success(any_running=True)
    assert policy.next_delay_s() == 2
    assert policy.after_success(any_running=False).next_delay_s() == 5


def test_active_interval_never_slows_a_short_interval() -> None:
    policy = RefreshPolicy(interval_s=1, active_interval_s=2, active=True)
    assert policy.next_delay_s() == 1


def test_backoff_doubles_up_to_the_cap_and_resets_on_success() -> None:
    policy = RefreshPolicy(interval_s=5, max_backoff_s=60)
    delays = []
    for _ in range(6):
        policy = policy.after_failure()
        delays.append(policy.next_delay_s())
    assert delays == [10, 20, 40, 60, 60, 60]
    assert policy.after_success(any_running=False).next_delay_s() == 5


def test_cap_below_interval_does_not_retry_faster_than_the_interval() -> None:
    policy = RefreshPolicy(interval_s=120, max_backoff_s=60).after_failure()
    assert policy.next_delay_s() == 120


def test_many_failures_do_not_overflow() -> None:
    policy = RefreshPolicy(interval_s=5, max_backoff_s=60)
    for _ in range(500):
        policy = policy.after_failure()
    assert policy.next_delay_s() == 60


def test_longer_and_shorter_step_through_the_interval_ladder() -> None:
    policy = RefreshPolicy(interval_s=5)
    assert policy.longer().interval_s == 10
    assert policy.shorter().interval_s == 3
    assert RefreshPolicy(interval_s=1).shorter().interval_s == 1
    assert RefreshPolicy(interval_s=7).longer().interval_s == 10


@pytest.mark.parametrize(("seconds", "text"), [(5, "5s"), (1.5, "1.5s"), (120, "2m"), (90, "90s")])
def test_format_interval(seconds: float, text: str) -> None:
    assert format_interval(seconds) == text
