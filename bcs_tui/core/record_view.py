"""The text of one record-list row, cell by cell, computed from a record and "now".

Widgets show these strings as literal text; every server string has already been through
``safe_text`` here, so the table never sees raw server data.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from bcs_tui.api.models import OperationRecord, operation_type_name, resource_type_name
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import cell_width, clip, clip_middle
from bcs_tui.base.timefmt import format_age, format_duration
from bcs_tui.core.status_view import (
    INVALID_STYLE,
    GlyphSet,
    status_label,
    status_style,
    status_word,
)
from bcs_tui.core.timeline import record_progress, record_span
from bcs_tui.core.where import where_texts


@dataclass(frozen=True)
class Column:
    key: str
    title: str


# Most telling first; the list lays them out to fit its width (``core/column_layout.py``):
# resource type and "Updated" give way first, "Where" takes the width left. "Source" shows
# only with several sources (its cells are empty with one), first (``lay_out_columns``); it is
# last here so the other columns keep their places with one source.
COLUMNS: tuple[Column, ...] = (
    Column("status", "Status"),
    Column("operation", "Operation"),
    Column("blockchain", "Blockchain"),
    Column("progress", "Steps"),
    Column("duration", "Duration"),
    Column("updated", "Updated"),
    Column("resource", "Resource"),
    Column("operation_id", "Operation ID"),
    Column("where", "Where"),
    Column("source", "Source"),
)


@dataclass(frozen=True)
class ShorterText:
    """A cell's shorter form, for a column narrower than the whole text: computed once with
    the row, chosen at render by comparing widths alone."""

    whole_width: int
    """Cells of the whole text: the shorter form is shown when the column has fewer."""
    text: str


@dataclass(frozen=True)
class RowView:
    """One table row: its key (see ``listing.keyed_records``), style and cell texts."""

    key: str
    style: str
    """The status style class of the whole row (``status-failed``, ``status-invalid``)."""
    cells: Mapping[str, str]
    shorter: Mapping[str, ShorterText] | None = None
    """Shorter forms of some cells (the "Where" without its step), by column."""
    held: bool = False
    """Its source is stale (with several sources): drawn dimmed, its times held at the
    moment the source became stale."""
    history: bool = False
    """A stored operation the service no longer returns (``H``): drawn muted."""

    def cell(self, column: str) -> str:
        return self.cells[column]

    @cached_property
    def cell_widths(self) -> tuple[int, ...]:
        """Each cell's width in terminal cells, in the order of ``COLUMNS`` (0 for a cell
        the row lacks): measured once per view, as the list's columns are fitted."""
        # ``get``: a row built without the source's cell (one source) has none to measure.
        return tuple(cell_width(self.cells.get(column.key, "")) for column in COLUMNS)

    def fitting(self, column: str, width: int) -> str:
        """The cell's text for a column ``width`` cells wide: its shorter form if it has
        one and the whole text is wider (the shorter may still need cutting)."""
        shorter = None if self.shorter is None else self.shorter.get(column)
        if shorter is None or shorter.whole_width <= width:
            return self.cells[column]
        return shorter.text


def record_style(record: OperationRecord) -> str:
    if not record.is_valid:
        return INVALID_STYLE
    return status_style(record.operation_status)


def record_status_word(record: OperationRecord) -> str:
    return status_word(record.operation_status, record.operation_status_text)


def status_cell(record: OperationRecord, glyphs: GlyphSet) -> str:
    if not record.is_valid:
        return f"{glyphs.invalid} invalid"
    return status_label(record.operation_status, record.operation_status_text, glyphs)


def operation_cell(record: OperationRecord) -> str:
    return safe_text(operation_type_name(record.operation_type))


def resource_cell(record: OperationRecord) -> str:
    return safe_text(resource_type_name(record.resource_type))


def blockchain_cell(record: OperationRecord) -> str:
    return safe_text(record.blockchain_name or record.blockchain_id or "")


def duration_cell(record: OperationRecord, now: int) -> str:
    """Elapsed while running, total once ended; ``-`` before anything started."""
    return format_duration(record_span(record).duration(now))


MAX_CELL_WIDTH = 32
"""A table cell never grows wider than this (the detail pane shows the whole text), so one
long name cannot push every other column off screen."""
MAX_ID_WIDTH = 48


def row_view(
    key: str, record: OperationRecord, now: int, glyphs: GlyphSet, source: str = ""
) -> RowView:
    """``source``: the name of the record's source, with several sources ("" with one)."""

    def short(text: str, width: int = MAX_CELL_WIDTH) -> str:
        return clip(text, width, glyphs.ellipsis)

    where, where_short = where_texts(record, glyphs)
    cells = {
        "status": short(status_cell(record, glyphs)),
        "operation": short(operation_cell(record)),
        "blockchain": short(blockchain_cell(record)),
        "progress": record_progress(record).text(),
        "duration": duration_cell(record, now),
        "updated": format_age(record.record_time, now),
        "resource": short(resource_cell(record)),
        # Cut in the middle: an ID's end tells it apart from its neighbours.
        "operation_id": clip_middle(
            safe_text(record.operation_id or ""), MAX_ID_WIDTH, glyphs.ellipsis
        ),
        "where": where,
        "source": short(safe_text(source)) if source else "",
    }
    shorter = (
        None if where_short is None else {"where": ShorterText(cell_width(where), where_short)}
    )
    return RowView(key=key, style=record_style(record), cells=cells, shorter=shorter)
