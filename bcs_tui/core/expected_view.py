"""What the expectations (core/expectations.py) say about one operation, as text: when a
running one should end (ETA), what a pending step usually takes, which step or sub-step runs
slow, and how a finished one compared. Integer nanoseconds throughout; a ratio is computed
in tenths from integers.

The ETA is the running steps' expected ends (each one's start + its median) and then the
medians of the steps not started, added up: an operation that lost time in one step is not
assumed to lose it again in the next (start + the median total would say "3 minutes left"
of one stuck halfway for an hour). When no step left has a median of its own (steps named
otherwise than before), it falls back to start + the median total.
"""

from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import format_duration
from bcs_tui.core.expectations import KindExpectation, Spread
from bcs_tui.core.timeline import record_span, step_span

EXPECTED_PREFIX = "~"
"""Before a pending step's usual duration (``~1m05s``); ASCII, so the same with --ascii."""


@dataclass(frozen=True)
class Eta:
    at: int
    """When it should end (never before "now")."""
    overdue_ns: int
    """How far past its expected end it is (0 when it is not)."""


def estimated_end(record: OperationRecord, expected: KindExpectation, now: int) -> Eta | None:
    """When a running operation should end; ``None`` for one that ended."""
    if record.operation_status.is_ended:
        return None
    due: int | None = None  # the latest expected end of a running step
    waiting = 0  # the medians of the steps not started
    known = False
    for name, step in record.ordered_steps():
        spread = expected.step(name)
        if step.status is Status.FINISHED or spread is None:
            continue
        span = step_span(step)
        if span.start is None:
            waiting += spread.median_ns
            known = True
        elif span.end is None:
            end = span.start + spread.median_ns
            due = end if due is None else max(due, end)
            known = True
    if not known:
        start = record_span(record).start
        due = (now if start is None else start) + expected.total.median_ns
    if due is None:
        return Eta(now + waiting, 0)
    if due >= now:
        return Eta(due + waiting, 0)
    return Eta(now + waiting, 0 if waiting else now - due)


def expected_duration(spread: Spread) -> str:
    """``~1m05s``: what a step not started usually takes."""
    return f"{EXPECTED_PREFIX}{format_duration(spread.median_ns)}"


def slow_text(elapsed_ns: int | None, spread: Spread | None) -> str | None:
    """``slow: 3m12s, usually 1m05s`` for something running longer than its kind's p90."""
    if elapsed_ns is None or spread is None or elapsed_ns <= spread.p90_ns:
        return None
    return f"slow: {format_duration(elapsed_ns)}, usually {format_duration(spread.median_ns)}"


def slow_after(start_ns: int | None, spread: Spread | None) -> int | None:
    """The moment something started at ``start_ns`` becomes slow (``slow_text`` says so
    from then on); ``None`` when it never does."""
    if start_ns is None or spread is None:
        return None
    return start_ns + spread.p90_ns + 1


def ratio_text(duration_ns: int, usual_ns: int) -> str | None:
    """``1.8x``: ``duration_ns`` over ``usual_ns``, rounded to tenths, in integers."""
    if usual_ns <= 0:
        return None
    tenths = (duration_ns * 10 + usual_ns // 2) // usual_ns
    return f"{tenths // 10}.{tenths % 10}x"


def compared_text(record: OperationRecord, expected: KindExpectation) -> str | None:
    """``1.8x the usual (4m05s)``: how long a finished operation took against its kind's
    median; ``None`` for one not finished or with no duration."""
    if record.operation_status is not Status.FINISHED:
        return None
    span = record_span(record)
    if span.start is None or span.end is None:
        return None
    ratio = ratio_text(max(0, span.end - span.start), expected.total.median_ns)
    if ratio is None:
        return None
    return f"{ratio} the usual ({format_duration(expected.total.median_ns)})"
