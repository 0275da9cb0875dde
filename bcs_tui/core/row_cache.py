"""Row views remembered per record, so a clock tick or an unchanged poll does not rebuild
every row of a long list.

Records are immutable and a poll that did not change a record hands back the very same
object, so a record's identity says its row texts (all but the two that depend on "now")
are still right. The two time texts (duration, age) are recomputed only once "now" has
reached the moment they can next read differently; until then the very same ``RowView``
is returned. Profile (benchmarks/RESULTS.md): at 10,000 records ``row_view`` for every row
was most of a refresh and of every once-a-second tick.
"""

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.text_width import cell_width
from bcs_tui.base.timefmt import (
    NS_PER_DAY,
    NS_PER_HOUR,
    NS_PER_MIN,
    NS_PER_MS,
    NS_PER_S,
    format_age,
    format_duration,
    is_set,
)
from bcs_tui.core.expectations import KindExpectation
from bcs_tui.core.expected_view import slow_after
from bcs_tui.core.history_rows import history_row
from bcs_tui.core.record_view import RowView, ShorterText, row_view
from bcs_tui.core.slow_where import SlowWatch, slow_watch
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.core.timeline import Span, record_span

SourceOf = Callable[[str], str | None]
"""The name of the source of a row key (``Fleet.source_of``)."""
Expected = Callable[[str, OperationRecord], KindExpectation | None]
"""What the record of a row key is expected to take (``DashboardState.expectation_of``)."""
HeldAt = Callable[[str], int | None]
"""The moment a row key's source became stale (``Fleet.held_at``; ``None``: it is live)."""

NEVER = 1 << 80
"""Later than any timestamp: the text never changes."""


def age_changes_at(ns: int | None, now: int) -> int:
    """The earliest time after ``now`` at which ``format_age(ns, t)`` may read differently
    (never later than the real change; it may be earlier)."""
    if ns is None or not is_set(ns):
        return NEVER
    delta = now - ns
    if delta < 0:
        # In the future (clock skew): every whole second of the distance may matter.
        return now + (-delta) % NS_PER_S + 1
    unit = NS_PER_S
    for limit, size in (
        (NS_PER_MIN, NS_PER_S),
        (NS_PER_HOUR, NS_PER_MIN),
        (NS_PER_DAY, NS_PER_HOUR),
    ):
        if delta < limit:
            unit = size
            break
    else:
        unit = NS_PER_DAY
    return ns + (delta // unit + 1) * unit


def duration_changes_at(span: Span, now: int) -> int:
    """The earliest time after ``now`` at which ``format_duration(span.duration(t))`` may
    read differently."""
    start, end = span.start, span.end
    if start is None or not is_set(start) or (end is not None and is_set(end)):
        return NEVER
    if now < start:
        return start + 1
    elapsed = now - start
    step = NS_PER_HOUR
    for limit, size in (
        (NS_PER_S, NS_PER_MS),
        (NS_PER_MIN, NS_PER_S // 10),
        (NS_PER_HOUR, NS_PER_S),
        (NS_PER_DAY, NS_PER_MIN),
    ):
        if elapsed < limit:
            step = size
            break
    return start + (elapsed // step + 1) * step


@dataclass
class _Entry:
    record: OperationRecord
    """Held so ``id(record)`` cannot be reused by another object while cached."""
    span: Span
    row: RowView
    computed_at: int
    changes_at: int
    """The row is right for any "now" in ``[computed_at, changes_at)``."""
    held: int | None = None
    """The moment its times are held at (its source is stale), or ``None``."""
    watch: SlowWatch | None = None
    """Its "Where" gains a slow mark at some moment (core/slow_where.py), or ``None``."""


@dataclass
class _Schedule:
    """When each row of the rows last returned next reads differently, so moving the clock
    on rebuilds only the rows due, not every row."""

    keyed: Iterable[tuple[str, OperationRecord]]
    """Compared by identity only."""
    rows: list[RowView]
    entries: list[_Entry]
    since: int
    due: list[tuple[int, int]] | None
    """A heap of (changes_at, row index); built on the first ``advance``, so a list rebuilt
    and never advanced (a poll that moved a record, a search) does not pay for it."""

    def heap(self) -> list[tuple[int, int]]:
        if self.due is None:
            if len(set(map(id, self.entries))) != len(self.entries):
                self.entries = _one_entry_per_row(self.entries)
            self.due = [(entry.changes_at, index) for index, entry in enumerate(self.entries)]
            heapq.heapify(self.due)
        return self.due


def _one_entry_per_row(entries: list[_Entry]) -> list[_Entry]:
    """A record listed twice under one key shares its entry: the schedule retimes each row
    on its own, so each row gets its own copy."""
    seen: set[int] = set()
    out = []
    for entry in entries:
        if id(entry) in seen:
            entry = replace(entry)
        seen.add(id(entry))
        out.append(entry)
    return out


@dataclass(frozen=True)
class Advanced:
    """``RowViewCache.advance``: the rows at the new "now" and which of them changed."""

    rows: list[RowView]
    changed: list[int]
    """Indices (ascending) of the rows that are other ``RowView`` objects than before."""


class RowViewCache:
    def __init__(
        self,
        glyphs: GlyphSet,
        source_of: SourceOf | None = None,
        held_at: HeldAt | None = None,
    ) -> None:
        self._glyphs = glyphs
        self._source_of = source_of
        """The name of a row key's source, with several sources (``None``: one source)."""
        self._held_at = held_at
        """With several sources: when a row's source became stale. Its rows are built once
        at that moment (and never retimed while it stays stale); the owner calls ``rows``
        (not ``advance``) when a source's staleness changes."""
        self._history_seen: HeldAt | None = None
        """When a history row's operation was last seen (``None``: a live row)."""
        self._entries: dict[tuple[str, int], _Entry] = {}
        self._schedule: _Schedule | None = None
        self._expected: Expected | None = None
        self.valid_until = NEVER
        """The rows last returned are right until this moment (for the same records)."""

    def set_expectations(self, expected: Expected | None) -> None:
        """What records are expected to take (``None``: nothing): the rows of running
        records are built again (only they can be marked slow); call ``rows`` next."""
        self._expected = expected
        self._entries = {
            slot: entry
            for slot, entry in self._entries.items()
            if not entry.record.operation_status.is_running
        }
        self._schedule = None

    def rows(
        self,
        keyed: Iterable[tuple[str, OperationRecord]],
        now: int,
        *,
        forget_unlisted: bool = True,
    ) -> list[RowView]:
        """``row_view(key, record, now, glyphs)`` for each item; entries of records not
        in ``keyed`` are dropped unless ``forget_unlisted`` is false (``keyed`` is then a
        subset, e.g. the matches of a search; ``retain`` drops records gone)."""
        kept: dict[tuple[str, int], _Entry] = {} if forget_unlisted else self._entries
        out: list[RowView] = []
        entries: list[_Entry] = []
        until = NEVER
        held_at = self._held_at
        for key, record in keyed:
            slot = (key, id(record))
            entry = self._entries.get(slot)
            held = None if held_at is None else held_at(key)
            if entry is None or entry.record is not record:
                entry = self._entry(key, record, now, held)
            elif entry.held != held:
                entry = self._reheld(entry, now, held)
            elif not entry.computed_at <= now < entry.changes_at:
                entry.row = self._retimed(entry, now)
                entry.computed_at = now
                entry.changes_at = self._changes_at(record, entry.span, now, entry.watch)
            kept[slot] = entry
            out.append(entry.row)
            entries.append(entry)
            until = min(until, entry.changes_at)
        self._entries = kept
        self.valid_until = until
        self._schedule = _Schedule(keyed, out, entries, now, None)
        return out

    def advance(
        self,
        keyed: Sequence[tuple[str, OperationRecord]],
        rows: list[RowView],
        now: int,
        *,
        replacing: tuple[Sequence[tuple[str, OperationRecord]], Iterable[int]] | None = None,
    ) -> Advanced | None:
        """``rows(keyed, now)`` at the cost of the rows due by ``now`` (and of the rows
        replaced), when ``rows`` is what this cache last returned, at an earlier "now", for
        this very ``keyed`` or, with ``replacing=(previous, indices)``, for ``previous``,
        which ``keyed`` equals but at ``indices``; ``None`` otherwise (then call ``rows``).
        ``rows`` itself is left as it is."""
        schedule = self._schedule
        previous, replaced = (keyed, ()) if replacing is None else replacing
        if (
            schedule is None
            or schedule.keyed is not previous
            or schedule.rows is not rows
            or now < schedule.since
        ):
            return None
        due = schedule.heap()
        entries = schedule.entries
        out = list(rows) if replacing is not None else rows
        changed: list[int] = []
        # A replaced place holds a new record, or one moved there from another replaced
        # place (``VisibleList.replace``): that one keeps its entry (and its row).
        gone = {(entries[index].row.key, id(entries[index].record)) for index in replaced}
        for index in replaced:
            key, record = keyed[index]
            slot = (key, id(record))
            entry = self._entries.get(slot)
            held = None if self._held_at is None else self._held_at(key)
            if entry is None or entry.record is not record:
                entry = self._entry(key, record, now, held)
                self._entries[slot] = entry
            elif entry.held != held:
                entry = self._reheld(entry, now, held)
                self._entries[slot] = entry
            gone.discard(slot)
            entries[index] = entry
            heapq.heappush(due, (entry.changes_at, index))
            if out[index] is not entry.row:
                out[index] = entry.row
                changed.append(index)
        for slot in gone:
            self._entries.pop(slot, None)
        while due and due[0][0] <= now:
            changes_at, index = heapq.heappop(due)
            entry = entries[index]
            if changes_at != entry.changes_at:
                continue  # left by a replaced row: its entry has its own
            row = self._retimed(entry, now)
            entry.computed_at = now
            entry.changes_at = self._changes_at(entry.record, entry.span, now, entry.watch)
            heapq.heappush(due, (entry.changes_at, index))
            entry.row = row
            if out[index] is not row:
                if out is rows:
                    out = list(rows)  # a new list: views handed out keep what they showed
                out[index] = row
                changed.append(index)
        changed = sorted(set(changed))
        schedule.keyed, schedule.rows, schedule.since = keyed, out, now
        self.valid_until = due[0][0] if due else NEVER
        return Advanced(out, changed)

    def set_history_seen(self, history_seen: HeldAt) -> None:
        """Tell history rows (``core/history_rows.py``) by their key: each is built once,
        as at its last sighting, and never retimed (it never runs again)."""
        self._history_seen = history_seen

    def _entry(self, key: str, record: OperationRecord, now: int, held: int | None) -> _Entry:
        span = record_span(record)
        seen = None if self._history_seen is None else self._history_seen(key)
        if seen is not None:
            # Built once, as at its last sighting: it never runs again (no slow mark).
            row = history_row(self._row_view(key, record, min(now, seen)))
            return _Entry(record, span, row, now, NEVER, held)
        expected = None if self._expected is None else self._expected(key, record)
        watch = slow_watch(record, expected, self._glyphs)
        # Shown as at the moment its source became stale, until it answers again.
        shown_at = now if held is None else min(now, held)
        row = self._row_view(key, record, shown_at)
        if watch is not None:
            row = _with_where(row, *watch.texts(shown_at))
        if held is None:
            changes_at = self._changes_at(record, span, now, watch)
            return _Entry(record, span, row, now, changes_at, None, watch)
        return _Entry(record, span, replace(row, held=True), now, NEVER, held, watch)

    def _reheld(self, entry: _Entry, now: int, held: int | None) -> _Entry:
        """``_entry`` for a record whose row is built: its source became stale or live
        again, so only its times and its dimming change (no row is built anew)."""
        record, span = entry.record, entry.span
        row = self._retimed(entry, now if held is None else min(now, held))
        row = RowView(
            key=row.key,
            style=row.style,
            cells=row.cells,
            shorter=row.shorter,
            held=held is not None,
        )
        watch = entry.watch
        changes_at = NEVER if held is not None else self._changes_at(record, span, now, watch)
        return _Entry(record, span, row, now, changes_at, held, watch)

    def _row_view(self, key: str, record: OperationRecord, now: int) -> RowView:
        if self._source_of is None:
            return row_view(key, record, now, self._glyphs)
        return row_view(key, record, now, self._glyphs, self._source_of(key) or "")

    def prepare(self, keyed: Iterable[tuple[str, OperationRecord]], now: int) -> None:
        """Build the entries of these rows ahead of ``rows`` (which then finds them),
        leaving the rows last returned as they are."""
        held_at = self._held_at
        for key, record in keyed:
            slot = (key, id(record))
            entry = self._entries.get(slot)
            if entry is None or entry.record is not record:
                held = None if held_at is None else held_at(key)
                entry = self._entries[slot] = self._entry(key, record, now, held)
                entry.row.cell_widths  # noqa: B018 (measured now, not when listed)

    def retain(self, keyed: Iterable[tuple[str, OperationRecord]]) -> None:
        """Drop the entries of every record not in ``keyed``."""
        entries = self._entries
        kept: dict[tuple[str, int], _Entry] = {}
        for key, record in keyed:
            slot = (key, id(record))
            entry = entries.get(slot)
            if entry is not None and entry.record is record:
                kept[slot] = entry
        self._entries = kept

    def forget(self, keyed: Iterable[tuple[str, OperationRecord]]) -> None:
        """Drop the entries of these records (no longer listed)."""
        for key, record in keyed:
            self._entries.pop((key, id(record)), None)

    @staticmethod
    def _changes_at(
        record: OperationRecord, span: Span, now: int, watch: SlowWatch | None = None
    ) -> int:
        due = min(age_changes_at(record.record_time, now), duration_changes_at(span, now))
        if watch is None:
            return due
        for start, usual in watch.watched:
            # The moment a watched part turns slow; once slow, as its duration's text moves.
            slow_from = slow_after(start, usual)
            if slow_from is not None and now < slow_from:
                due = min(due, slow_from)
            else:
                due = min(due, duration_changes_at(Span(start, None), now))
        return due

    def _retimed(self, entry: _Entry, now: int) -> RowView:
        row = entry.row
        duration = format_duration(entry.span.duration(now))
        updated = format_age(entry.record.record_time, now)
        watch = entry.watch
        if watch is not None and entry.held is None:
            where, short = watch.texts(now)
            if row.cells["where"] != where:
                row = _with_where(row, where, short)
        if row.cells["duration"] == duration and row.cells["updated"] == updated:
            return row
        cells = dict(row.cells)
        cells["duration"] = duration
        cells["updated"] = updated
        return RowView(key=row.key, style=row.style, cells=cells, shorter=row.shorter)


def _with_where(row: RowView, where: str, short: str | None) -> RowView:
    """``row`` with another "Where" text (and shorter form)."""
    if row.cells["where"] == where:
        return row
    cells = dict(row.cells)
    cells["where"] = where
    shorter = dict(row.shorter or {})
    if short is None:
        shorter.pop("where", None)
    else:
        shorter["where"] = ShorterText(cell_width(where), short)
    return RowView(
        key=row.key, style=row.style, cells=cells, shorter=shorter or None, held=row.held
    )
