"""``bcs-tui watch``: follow one operation, printing each step / sub-step change until it ends."""

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from bcs_tui.api.errors import (
    ApiError,
    AuthError,
    BadResponseError,
    ConfigError,
    NetworkError,
)
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import (
    OperationRecord,
    RecordList,
    Step,
    SubStep,
    operation_type_name,
    resource_type_name,
)
from bcs_tui.base.safe_text import safe_lines, safe_text
from bcs_tui.base.status import Status
from bcs_tui.base.text_width import cell_width
from bcs_tui.base.timefmt import Clock, format_clock_time, format_duration, system_clock
from bcs_tui.core.record_source import RecordSource
from bcs_tui.core.record_view import record_status_word
from bcs_tui.core.status_view import status_word
from bcs_tui.core.timeline import Span, record_span, step_span, sub_step_span
from bcs_tui.exit_codes import ExitCode
from bcs_tui.terminal_colour import colour_wanted, coloured

MAX_CONSECUTIVE_FAILURES = 5


class OperationNotFoundError(ConfigError):
    """The watched operation ID is not among the records the service returns: the user
    can fix the ID (exit code ``USAGE``)."""


@dataclass(frozen=True)
class WatchPlace:
    """Where the watched operation lives, for the header and the messages."""

    project_id: str
    source_name: str | None = None
    """Set when the profile has several sources (one source is never named)."""

    def describe(self) -> str:
        if self.source_name is None:
            return f"project {self.project_id}"
        return f"source {self.source_name} (project {self.project_id})"


@dataclass(frozen=True)
class _State:
    status: Status
    word: str
    start: int | None
    end: int | None


def _state(item: Step | SubStep, span: Span) -> _State:
    return _State(item.status, status_word(item.status, item.status_text), span.start, span.end)


@dataclass(frozen=True)
class _Line:
    key: tuple[str, ...]
    label: str
    state: _State
    messages: tuple[str, ...]


def _lines_of(record: OperationRecord) -> list[_Line]:
    """Every step and sub-step of a record, in display order, with its current state."""
    out: list[_Line] = []
    for step_name, step in record.ordered_steps():
        out.append(_Line((step_name,), step_name, _state(step, step_span(step)), ()))
        for sub_name, sub in step.ordered_sub_steps():
            out.append(
                _Line(
                    (step_name, sub_name),
                    f"{step_name} / {sub_name}",
                    _state(sub, sub_step_span(sub)),
                    tuple(sub.message),
                )
            )
    return out


def _depth(line: _Line) -> int:
    """0 for a step, 1 for a sub-step."""
    return len(line.key) - 1


def _direction(line: _Line) -> int:
    """1 for a line that started (outer first), -1 for one that ended (inner first)."""
    return -1 if line.state.end is not None else 1


Part = str | tuple[str, Status]
"""Text, or a status word with its status (coloured on a terminal)."""


class _Printer:
    def __init__(
        self,
        stream: TextIO,
        utc: bool,
        clock: Clock,
        *,
        colour: bool | None = None,
        source_name: str | None = None,
    ) -> None:
        self.stream = stream
        self.source_name = source_name
        """Named in the header when the profile has several sources."""
        self.utc = utc
        self.clock = clock
        self.colour = colour_wanted(stream) if colour is None else colour
        self.seen: dict[tuple[str, ...], _State] = {}

    def header(self, record: OperationRecord) -> None:
        kind = operation_type_name(record.operation_type)
        resource = resource_type_name(record.resource_type)
        name = record.blockchain_name or record.blockchain_id or "?"
        source = f" of source {self.source_name}" if self.source_name is not None else ""
        self.write(
            f"Watching {record.operation_id} ({kind}, {resource}) on blockchain {name}{source}: ",
            (record_status_word(record), record.operation_status),
        )

    def changes(self, record: OperationRecord) -> None:
        changed: list[tuple[int, _Line]] = []
        for line in _lines_of(record):
            if self.seen.get(line.key) == line.state:
                continue
            self.seen[line.key] = line.state
            if line.state.status is Status.PENDING:
                continue  # not started yet: nothing to report
            at = line.state.end or line.state.start or record.record_time or 0
            changed.append((at, line))
        # In time order, as a log reads; at one moment a step starts before its sub-steps
        # and ends after them. Python's sort is stable: otherwise display order holds.
        changed.sort(key=lambda item: (item[0], _depth(item[1]) * _direction(item[1])))
        for at, line in changed:
            self._print(at, line)

    def _print(self, at: int, line: _Line) -> None:
        took = ""
        if line.state.start is not None and line.state.end is not None:
            took = f" ({format_duration(line.state.end - line.state.start)})"
        indent = "  " if _depth(line) else ""
        word = safe_text(line.state.word)
        self.write(
            f"{format_clock_time(at, utc=self.utc)}  ",
            (word, line.state.status),
            f"{' ' * (10 - cell_width(word))} {indent}{line.label}{took}",
        )
        if line.state.status is Status.FAILED:
            for message in safe_lines(list(line.messages)):
                self.write(f"            {indent}  {message}")

    def summary(self, record: OperationRecord) -> None:
        span = record_span(record)
        took = format_duration(span.duration(self.clock()))
        self.write(
            f"Operation {record.operation_id} ",
            (record_status_word(record), record.operation_status),
            f" after {took}",
        )
        for message in safe_lines(record.message):
            self.write(f"  {message}")

    def write(self, *parts: Part) -> None:
        """One line; every part made safe, status words coloured when wanted."""
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(safe_text(part))
            else:
                word, status = part
                out.append(coloured(safe_text(word), status) if self.colour else safe_text(word))
        self.stream.write("".join(out) + "\n")
        self.stream.flush()


async def fetch_with_retries(
    client: RecordSource,
    filters: RecordFilters,
    *,
    interval_s: float,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    where: str = "",
) -> RecordList:
    """One answer of ``client``; a transient error is reported on stderr and asked again
    after ``interval_s``, up to ``MAX_CONSECUTIVE_FAILURES`` in a row (then it is raised).
    A refused login is raised at once: asking again cannot help. ``where`` names the
    source in the warning (``"source sg: "``)."""
    failures = 0
    while True:
        try:
            return await client.list_records(filters)
        except AuthError:
            raise
        except (NetworkError, ApiError, BadResponseError) as error:
            failures += 1
            if failures >= MAX_CONSECUTIVE_FAILURES:
                raise
            print(
                f"bcs-tui: warning: {safe_text(where + str(error))}; "
                f"trying again in {interval_s:g}s",
                file=sys.stderr,
            )
            await sleep(interval_s)


def find_record(records: list[OperationRecord], operation_id: str) -> OperationRecord | None:
    wanted = operation_id.strip()
    for record in records:
        if (record.operation_id or "").strip() == wanted:
            return record
    return None


async def watch_operation(
    client: RecordSource,
    *,
    place: WatchPlace,
    operation_id: str,
    interval_s: float,
    exit_status: bool,
    utc: bool,
    stream: TextIO,
    clock: Clock = system_clock,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    on_seen: Callable[[OperationRecord], None] | None = None,
    on_ending: Callable[[OperationRecord], None] | None = None,
) -> int:
    """Poll ``client`` until the operation ends; the exit code follows ``--exit-status``.
    ``on_seen``: called with the operation's record at each poll (the local history);
    ``on_ending`` is told of the ended record (the notify command)."""
    printer = _Printer(stream, utc, clock, source_name=place.source_name)
    filters = RecordFilters(operation_id=operation_id)
    first = True
    while True:
        result = await fetch_with_retries(client, filters, interval_s=interval_s, sleep=sleep)
        record = find_record(result.records, operation_id)
        if record is None:
            where = "is not among" if first else "disappeared from"
            raise OperationNotFoundError(
                f"operation {operation_id!r} {where} the records of {place.describe()}"
            )
        if on_seen is not None:
            on_seen(record)
        if first:
            printer.header(record)
            first = False
        printer.changes(record)
        if record.operation_status.is_ended:
            printer.summary(record)
            if on_ending is not None:
                on_ending(record)
            if exit_status and record.operation_status is not Status.FINISHED:
                return ExitCode.OPERATION_FAILED
            return ExitCode.OK
        await sleep(interval_s)
