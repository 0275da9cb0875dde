"""Row views remembered per record, so a clock tick or an unchanged poll does not rebuild
every row of a long list.

Records are immutable and a poll whose body did not change hands back the very same
objects, so a record's identity says its row texts (all but the two that depend on "now")
are still right. Per row and tick only the duration and age texts are recomputed, from a
cached span; a row whose texts did not move is returned as the same ``RowView`` object.
Profile (benchmarks/RESULTS.md): at 10,000 records ``row_view`` for every row was ~90%
of a refresh and of every once-a-second tick.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.record_view import RowView, row_view
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.core.timefmt import format_age, format_duration
from bcs_tui.core.timeline import Span, record_span

TIME_COLUMNS = ("duration", "updated")
"""The only cells whose text depends on "now" (see ``record_view.row_view``)."""


@dataclass
class _Entry:
    record: OperationRecord
    """Held so ``id(record)`` cannot be reused by another object while cached."""
    span: Span
    row: RowView


class RowViewCache:
    def __init__(self, glyphs: GlyphSet) -> None:
        self._glyphs = glyphs
        self._entries: dict[tuple[str, int], _Entry] = {}

    def rows(self, keyed: Iterable[tuple[str, OperationRecord]], now: int) -> list[RowView]:
        """``row_view(key, record, now, glyphs)`` for each item; entries of records no
        longer listed are dropped."""
        kept: dict[tuple[str, int], _Entry] = {}
        out: list[RowView] = []
        for key, record in keyed:
            slot = (key, id(record))
            entry = self._entries.get(slot)
            if entry is None or entry.record is not record:
                entry = _Entry(
                    record, record_span(record), row_view(key, record, now, self._glyphs)
                )
            else:
                entry.row = self._retimed(entry, now)
            kept[slot] = entry
            out.append(entry.row)
        self._entries = kept
        return out

    def _retimed(self, entry: _Entry, now: int) -> RowView:
        row = entry.row
        duration = format_duration(entry.span.duration(now))
        updated = format_age(entry.record.record_time, now)
        if row.cells["duration"] == duration and row.cells["updated"] == updated:
            return row
        cells = dict(row.cells)
        cells["duration"] = duration
        cells["updated"] = updated
        return RowView(key=row.key, kind=row.kind, cells=cells)
