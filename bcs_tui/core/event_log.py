"""Every transition the dashboard has seen since it started (operations that appeared,
changed status or ended), newest first, for the events log (``L``): a notification that went
by, or was never shown (``--no-toasts``), is still there. Bounded: the oldest go first."""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.timefmt import format_clock_time
from bcs_tui.core.diffing import Transition
from bcs_tui.core.record_view import record_status_word
from bcs_tui.core.where import failure_lines, one_line_message

EVENT_LOG_LIMIT = 1000
MESSAGE_LIMIT = 300
"""Characters of a message kept: a log line shows its start, the detail has it all."""
MESSAGE_LINES = 5


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    at_ns: int
    key: str
    """The row key of the operation, to select it in the list."""
    operation: str
    before: str
    """The status word before, ``new`` for an operation that appeared."""
    after: str
    message: str


class EventLog:
    def __init__(self, limit: int = EVENT_LOG_LIMIT) -> None:
        self._events: deque[LoggedEvent] = deque(maxlen=limit)

    def __len__(self) -> int:
        return len(self._events)

    def add(self, found: Iterable[Transition], now: int) -> None:
        for transition in found:
            self._events.append(logged_event(transition, now))

    def newest_first(self) -> list[LoggedEvent]:
        return list(reversed(self._events))


def logged_event(transition: Transition, now: int) -> LoggedEvent:
    record, before = transition.record, transition.before
    return LoggedEvent(
        at_ns=now,
        key=transition.key,
        operation=transition.text(),
        before="new" if before is None else record_status_word(before),
        after=record_status_word(record),
        message=failure_message(record),
    )


def failure_message(record: OperationRecord) -> str:
    """Why it failed or stopped (``failure_lines``) on one line, made safe; its start only
    (cut before it is made safe: a huge message costs nothing)."""
    return one_line_message(failure_lines(record)[:MESSAGE_LINES])[:MESSAGE_LIMIT]


@dataclass(frozen=True, slots=True)
class EventLine:
    """A logged event as the log shows it: its parts as text (time formatted here, in core)."""

    time: str
    operation: str
    change: str
    """``processing -> failed`` (with the glyph set's arrow)."""
    message: str


def event_line(event: LoggedEvent, arrow: str, *, utc: bool) -> EventLine:
    return EventLine(
        format_clock_time(event.at_ns, utc=utc),
        event.operation,
        f"{event.before} {arrow} {event.after}",
        event.message,
    )
