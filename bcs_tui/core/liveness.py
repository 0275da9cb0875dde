"""How live the header says the data is: the refresh interval in effect (shorter while
anything runs), the back-off while the service fails, and a countdown to the next fetch or
retry that moves with the clock's once-a-second tick.

Timestamps are integer nanoseconds; intervals are seconds (user settings).
"""

import math
from dataclasses import dataclass

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.polling import RefreshPolicy, format_interval


@dataclass(frozen=True)
class Liveness:
    running_s: float
    """The interval while any operation runs (only those are polled then)."""
    idle_s: float
    """The interval of the whole list, and of everything while nothing runs."""
    backoff_s: float | None
    """While fetches fail: the wait before each retry (it doubles up to a cap)."""
    due_ns: int | None
    """When the next fetch or retry starts; ``None`` when none is planned (paused)."""


def liveness_of(policy: RefreshPolicy, due_ns: int | None, *, failing: bool) -> Liveness:
    return Liveness(
        running_s=min(policy.interval_s, policy.active_interval_s),
        idle_s=policy.interval_s,
        backoff_s=policy.next_delay_s() if failing else None,
        due_ns=due_ns,
    )


def seconds_left(due_ns: int, now: int) -> int:
    """Whole seconds until ``due_ns``, rounded up (0 once it is due)."""
    return max(0, -((now - due_ns) // NS_PER_S))


def format_countdown(seconds: int) -> str:
    """``7s``, ``4m05s``: short enough for the header, exact to the second."""
    if seconds < 60:
        return f"{seconds}s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}m{rest:02d}s"


def countdown_text(live: Liveness, now: int, *, retry: bool) -> str | None:
    """``next in 7s`` / ``retry in 32s``, ``None`` without a planned fetch."""
    if live.due_ns is None:
        return None
    left = seconds_left(live.due_ns, now)
    word = "retry" if retry else "next"
    return f"{word} now" if left == 0 else f"{word} in {format_countdown(left)}"


def widest_countdown(live: Liveness, *, retry: bool) -> str:
    """The widest text ``countdown_text`` can show before the next plan: a fetch or retry
    is planned at most the longest interval (or the back-off) ahead, and the countdown's
    width only grows with the seconds. What the header fits by, so that a part does not
    come and go as the countdown goes from ``10s`` to ``9s``."""
    longest = max(live.running_s, live.idle_s, live.backoff_s or 0.0)
    word = "retry" if retry else "next"
    return f"{word} in {format_countdown(math.ceil(longest))}"


def interval_texts(live: Liveness, separator: str) -> tuple[str, ...]:
    """What the interval in effect reads as, longest first: the header takes the longest
    that fits its width."""
    if live.backoff_s is not None:
        backoff = format_interval(round(live.backoff_s, 1))
        return (f"backing off {backoff}", f"back-off {backoff}")
    idle = format_interval(live.idle_s)
    if live.running_s >= live.idle_s:
        return (f"every {idle}",)
    running = format_interval(live.running_s)
    return (f"{running} while running {separator} {idle} idle", f"every {running} ({idle} idle)")


def changes_at(live: Liveness | None, now: int) -> int | None:
    """When the countdown next reads differently (``None``: never, with none shown)."""
    if live is None or live.due_ns is None or now >= live.due_ns:
        return None
    left = seconds_left(live.due_ns, now)
    return live.due_ns - (left - 1) * NS_PER_S


def interval_notice(before: RefreshPolicy, after: RefreshPolicy) -> str:
    """What ``+`` / ``-`` did, in one line (the header may be too narrow to show it)."""
    idle = format_interval(after.interval_s)
    if after.interval_s == before.interval_s:
        end = "longest" if after.longer() == after else "shortest"
        return f"The refresh interval is already the {end}: {idle}"
    running = min(after.interval_s, after.active_interval_s)
    if running < after.interval_s:
        return f"Refreshing every {idle}, {format_interval(running)} while anything runs"
    return f"Refreshing every {idle}"
