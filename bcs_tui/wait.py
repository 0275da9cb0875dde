"""``bcs-tui wait``: wait until every chosen operation has ended, printing each ending.

The operations are chosen once, when the wait starts: the IDs given, or else every operation
matching the filters that is waiting or processing at that moment. One that appears later is
not waited for (the CI use, "wait for what is running on this chain, then go on", must end
even while new operations keep coming).
"""

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, operation_type_name
from bcs_tui.base.safe_text import safe_lines, safe_text
from bcs_tui.base.status import Status
from bcs_tui.base.text_width import clip
from bcs_tui.base.timefmt import Clock, format_clock_time, system_clock
from bcs_tui.core.record_source import RecordSource
from bcs_tui.core.record_view import record_status_word
from bcs_tui.core.timeline import record_span
from bcs_tui.exit_codes import ExitCode
from bcs_tui.terminal_colour import colour_wanted, coloured
from bcs_tui.watch import OperationNotFoundError, WatchPlace, fetch_with_retries, find_record

MESSAGE_WIDTH = 80
"""A failure message is clipped to this many cells: the line stays one line in a CI log."""

IDS_SHOWN = 10
"""How many operation IDs the first line and the deadline message name before "...". """

EndingListener = Callable[[str | None, OperationRecord], None]
"""Told of each ending as it is printed: (source name or ``None``, record)."""


@dataclass(frozen=True)
class WaitSource:
    """One source to ask, with where it is for messages."""

    place: WatchPlace
    client: RecordSource


@dataclass(frozen=True)
class WaitQuery:
    """One request of each poll and the operations whose state it brings.

    ``operation_ids`` empty: choose, from its answer, every running operation (filter mode,
    first poll only)."""

    source: WaitSource
    filters: RecordFilters
    operation_ids: frozenset[str] = frozenset()


@dataclass
class Waiter:
    """The operations still waited for, and how those that ended, ended."""

    queries: Sequence[WaitQuery]
    statuses: frozenset[Status]
    """Filter mode: which running statuses count (empty: waiting and processing)."""
    stream: TextIO
    interval_s: float
    utc: bool = False
    clock: Clock = system_clock
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    on_ending: EndingListener | None = None
    colour: bool | None = None
    pending: dict[tuple[WaitSource, str], WaitQuery] = field(default_factory=dict)
    """(source, operation ID) -> the query that asks for it."""
    failed: int = 0
    finished: int = 0

    async def run(self) -> int:
        """Poll until nothing is pending: 0 when all finished, 1 when any failed or stopped."""
        if self.colour is None:
            self.colour = colour_wanted(self.stream)
        await self._choose()
        if not self.pending and self.finished + self.failed == 0:
            print("bcs-tui: no running operation matches: nothing to wait for", file=sys.stderr)
            return ExitCode.OK
        if self.pending:
            self._write(f"Waiting for {self._count_pending()}: {self._pending_ids()}")
        while self.pending:
            await self.sleep(self.interval_s)
            await self._poll(first=False)
        return ExitCode.OPERATION_FAILED if self.failed else ExitCode.OK

    def describe_pending(self) -> str:
        """For the deadline's message: how many are still running, and which."""
        return f"{self._count_pending()} had not ended ({self._pending_ids()})"

    async def _choose(self) -> None:
        for query in self.queries:
            for operation_id in query.operation_ids:
                self.pending[(query.source, operation_id)] = query
        await self._poll(first=True)

    async def _poll(self, *, first: bool) -> None:
        asked = [q for q in self.queries if self._asks_for(q, first)]
        answers = await asyncio.gather(*(self._fetch(query) for query in asked))
        endings: list[tuple[int, WaitSource, OperationRecord]] = []
        for query, records in zip(asked, answers, strict=True):
            if first and not query.operation_ids:
                for record in records:
                    if self._counts(record) and record.operation_id:
                        self.pending[(query.source, record.operation_id)] = query
            for (where, operation_id), wanted_by in list(self.pending.items()):
                if wanted_by is not query:
                    continue
                found = find_record(records, operation_id)
                if found is None:
                    place = query.source.place.describe()
                    how = "is not among" if first else "disappeared from"
                    raise OperationNotFoundError(
                        f"operation {operation_id!r} {how} the records of {place}"
                    )
                if found.operation_status.is_ended:
                    del self.pending[(where, operation_id)]
                    endings.append((self._ended_at(found), query.source, found))
        # Printed in the order they ended, whichever source or query saw them.
        for _, source, record in sorted(endings, key=lambda ending: ending[0]):
            self._ended(source, record)

    def _asks_for(self, query: WaitQuery, first: bool) -> bool:
        if first:
            return True
        return any(wanted_by is query for wanted_by in self.pending.values())

    async def _fetch(self, query: WaitQuery) -> list[OperationRecord]:
        name = query.source.place.source_name
        where = f"source {name}: " if name is not None else ""
        result = await fetch_with_retries(
            query.source.client,
            query.filters,
            interval_s=self.interval_s,
            sleep=self.sleep,
            where=where,
        )
        return result.records

    def _counts(self, record: OperationRecord) -> bool:
        status = record.operation_status
        return status in self.statuses if self.statuses else status.is_running

    def _ended_at(self, record: OperationRecord) -> int:
        return record_span(record).end or record.record_time or self.clock()

    def _ended(self, source: WaitSource, record: OperationRecord) -> None:
        status = record.operation_status
        if status is Status.FINISHED:
            self.finished += 1
        else:
            self.failed += 1
        at = self._ended_at(record)
        word = safe_text(record_status_word(record))
        shown = coloured(word, status) if self.colour else word
        parts = [format_clock_time(at, utc=self.utc)]
        if source.place.source_name is not None:
            parts.append(safe_text(source.place.source_name))
        parts += [
            safe_text(record.operation_id),
            safe_text(operation_type_name(record.operation_type) or "?"),
            safe_text(record.blockchain_name or record.blockchain_id or "?"),
            shown,
        ]
        message = " / ".join(line for line in safe_lines(record.message) if line.strip())
        if message and status is not Status.FINISHED:
            parts.append(clip(message, MESSAGE_WIDTH))
        self._write("  ".join(parts))
        if self.on_ending is not None:
            self.on_ending(source.place.source_name, record)

    def _count_pending(self) -> str:
        count = len(self.pending)
        return f"{count} operation{'s' if count != 1 else ''}"

    def _pending_ids(self) -> str:
        names = [
            f"{query.source.place.source_name}:{operation_id}"
            if query.source.place.source_name is not None
            else operation_id
            for (_, operation_id), query in self.pending.items()
        ]
        more = len(names) - IDS_SHOWN
        shown = ", ".join(safe_text(name) for name in names[:IDS_SHOWN])
        return shown + (f" and {more} more" if more > 0 else "")

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()
