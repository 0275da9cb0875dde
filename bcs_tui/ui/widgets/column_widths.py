"""The record list's column widths, kept up to date at the cost of the rows that changed.

Each column is as wide as its widest text or its title. Each row's cell widths are measured
once per ``RowView`` (the row cache hands back the very same view while a row's texts stay
the same), and each column keeps a count of its cells per width, so a wider cell widens it
and the last cell of the widest width going narrower narrows it, without a pass over the
column. A sync that keeps the order (the clock tick, an unchanged poll) or moves a few rows
(a polled record that moved) finds the places that differ by identity, at C speed, and
measures only the views not seen there before.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import is_, is_not
from typing import cast

from bcs_tui.base.text_width import cell_width
from bcs_tui.core.record_view import COLUMNS, RowView

Widths = tuple[int, ...]
KEYS = tuple(column.key for column in COLUMNS)
HIDDEN_WHEN_EMPTY = frozenset({"source"})
"""Columns whose natural width is 0 (``lay_out_columns`` leaves them out) while every cell is
empty: the source's name, empty with one source."""


def measure(row: RowView) -> Widths:
    return row.cell_widths


class ColumnWidths:
    def __init__(self) -> None:
        self._titles = tuple(cell_width(column.title) for column in COLUMNS)
        self.titles: Widths = tuple(
            0 if key in HIDDEN_WHEN_EMPTY else title
            for key, title in zip(KEYS, self._titles, strict=True)
        )
        """Each column's width with no rows (0 for a column hidden while empty)."""
        self.widths: Widths = self.titles
        self._keys: Sequence[str] = ()
        self._views: Sequence[RowView] = ()
        self._rows: list[Widths] = []
        self._counts: list[Counter[int]] = [Counter() for _ in COLUMNS]
        """Views synced before (held, so no new view can share their ids) and measures."""

    def update(self, keys: Sequence[str], views: Sequence[RowView]) -> bool:
        """Fit the columns to ``views`` (whose keys are ``keys``, in order); whether any
        column changed width."""
        if keys == self._keys:
            for index in compress(range(len(views)), map(is_not, self._views, views)):
                self._replace(index, measure(views[index]))
        elif len(keys) != len(self._keys) or not self._rearrange(views):
            self._measure_all(views)
        self._keys, self._views = keys, views
        return self._fit()

    def update_places(self, views: Sequence[RowView], places: Iterable[int]) -> bool:
        """``update`` when the keys are those of the last call, in the same order, and only
        the views at ``places`` are other objects (the caller found them)."""
        for index in places:
            self._replace(index, measure(views[index]))
        self._views = views
        return self._fit()

    def _fit(self) -> bool:
        widest = [max(counts, default=0) for counts in self._counts]
        widths = tuple(
            max(title, cells) if cells or key not in HIDDEN_WHEN_EMPTY else 0
            for key, title, cells in zip(KEYS, self._titles, widest, strict=True)
        )
        changed = widths != self.widths
        self.widths = widths
        return changed

    def _replace(self, index: int, new: Widths) -> None:
        old = self._rows[index]
        self._rows[index] = new
        for counts, before, after in zip(self._counts, old, new, strict=True):
            if before != after:
                counts[before] -= 1
                if not counts[before]:
                    del counts[before]
                counts[after] += 1

    def _rearrange(self, views: Sequence[RowView]) -> bool:
        """As many rows as before, most of them the same views in the same places (rows
        moved, a few replaced): only the places that differ are looked at, and a view that
        was at one of them keeps its measure. False (nothing done) when too many differ."""
        places = list(compress(range(len(views)), map(is_not, self._views, views)))
        if len(places) > max(64, len(views) // 8):
            return False
        seen = {id(self._views[index]): self._rows[index] for index in places}
        for index in places:
            view = views[index]
            widths = seen.get(id(view))
            self._replace(index, measure(view) if widths is None else widths)
        return True

    def _measure_all(self, views: Sequence[RowView]) -> None:
        """Rows added, removed or moved: measure the views not seen before."""
        # By identity, at C speed: the old views are all alive (held in ``_views``), so no
        # new view can have the id of one of them.
        known = dict(zip(map(id, self._views), self._rows, strict=True))
        rows: list[Widths | None] = list(map(known.get, map(id, views)))
        for index in compress(range(len(rows)), map(is_, rows, repeat(None))):
            rows[index] = measure(views[index])
        self._rows = cast(list[Widths], rows)  # no None is left
        columns = zip(*rows, strict=True) if rows else ((),) * len(COLUMNS)
        self._counts = [Counter(column) for column in columns]
