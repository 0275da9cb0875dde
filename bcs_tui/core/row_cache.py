"""Row views remembered per record, so a clock tick or an unchanged poll does not rebuild
every row of a long list.

Records are immutable and a poll that did not change a record hands back the very same
object, so a record's identity says its row texts (all but the two that depend on "now")
are still right. The two time texts (duration, age) are recomputed only once "now" has
reached the moment they can next read differently; until then the very same ``RowView``
is returned. Profile (benchmarks/RESULTS.md): at 10,000 records ``row_view`` for every row
was most of a refresh and of every once-a-second tick.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
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
from bcs_tui.core.record_view import RowView, row_view
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.core.timeline import Span, record_span

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


class RowViewCache:
    def __init__(self, glyphs: GlyphSet) -> None:
        self._glyphs = glyphs
        self._entries: dict[tuple[str, int], _Entry] = {}
        self.valid_until = NEVER
        """The rows last returned are right until this moment (for the same records)."""

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
        until = NEVER
        for key, record in keyed:
            slot = (key, id(record))
            entry = self._entries.get(slot)
            if entry is None or entry.record is not record:
                span = record_span(record)
                built = row_view(key, record, now, self._glyphs)
                entry = _Entry(record, span, built, now, self._changes_at(record, span, now))
            elif not entry.computed_at <= now < entry.changes_at:
                entry.row = self._retimed(entry, now)
                entry.computed_at = now
                entry.changes_at = self._changes_at(record, entry.span, now)
            kept[slot] = entry
            out.append(entry.row)
            until = min(until, entry.changes_at)
        self._entries = kept
        self.valid_until = until
        return out

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

    @staticmethod
    def _changes_at(record: OperationRecord, span: Span, now: int) -> int:
        return min(age_changes_at(record.record_time, now), duration_changes_at(span, now))

    def _retimed(self, entry: _Entry, now: int) -> RowView:
        row = entry.row
        duration = format_duration(entry.span.duration(now))
        updated = format_age(entry.record.record_time, now)
        if row.cells["duration"] == duration and row.cells["updated"] == updated:
            return row
        cells = dict(row.cells)
        cells["duration"] = duration
        cells["updated"] = updated
        return RowView(key=row.key, style=row.style, cells=cells)
