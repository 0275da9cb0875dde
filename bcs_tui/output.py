"""Plain-text output of the command line (the dashboard has its own widgets)."""

from collections.abc import Sequence
from typing import TextIO

from bcs_tui.api.models import OperationRecord, RecordList
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import cell_width, clip, pad_right
from bcs_tui.base.timefmt import format_age, format_timestamp, system_clock
from bcs_tui.core.record_view import (
    blockchain_cell,
    duration_cell,
    operation_cell,
    record_status_word,
    resource_cell,
)
from bcs_tui.core.timeline import record_progress

TABLE_COLUMNS = (
    "STATUS",
    "TYPE",
    "RESOURCE",
    "BLOCKCHAIN",
    "PROGRESS",
    "DURATION",
    "UPDATED",
    "OPERATION ID",
)
MAX_CELL = 40
"""Terminal cells, as every width here: a CJK character takes two."""


def record_row(record: OperationRecord, *, now: int, utc: bool) -> tuple[str, ...]:
    """The cells of one table row; the dashboard's cell texts, with words and no glyphs."""
    status = record_status_word(record) if record.is_valid else "invalid"
    updated = format_timestamp(record.record_time, utc=utc)
    cells = (
        status,
        operation_cell(record),
        resource_cell(record),
        blockchain_cell(record),
        record_progress(record).text(),
        duration_cell(record, now),
        f"{updated} ({format_age(record.record_time, now)})" if record.record_time else "-",
    )
    # The operation ID is never clipped: it is what a user copies into `watch`.
    return (*(clip(cell, MAX_CELL) for cell in cells), safe_text(record.operation_id or ""))


def print_records_table(
    result: RecordList, *, utc: bool, stream: TextIO, now: int | None = None
) -> None:
    """One row per record, then invalid records' reasons, then the count."""
    current = system_clock() if now is None else now
    rows = [record_row(record, now=current, utc=utc) for record in result.records]
    write_table(TABLE_COLUMNS, rows, stream)
    for record in result.records:
        if not record.is_valid:
            name = safe_text(record.operation_id or "(no ID)")
            stream.write(f"invalid record {name}: {safe_text(record.invalid_reason)}\n")
    shown = len(result.records)
    stream.write(f"{shown} record{'s' if shown != 1 else ''} (count reported: {result.count})\n")


def write_table(titles: tuple[str, ...], rows: Sequence[tuple[str, ...]], stream: TextIO) -> None:
    """Titles, then one line per row; each column as wide as its widest cell."""
    widths = [cell_width(title) for title in titles]
    for row in rows:
        widths = [max(width, cell_width(cell)) for width, cell in zip(widths, row, strict=True)]
    for row in [titles, *rows]:
        cells = (pad_right(cell, width) for cell, width in zip(row, widths, strict=True))
        stream.write("  ".join(cells).rstrip() + "\n")


def plural(count: int, noun: str) -> str:
    """``1 record``, ``2 records``."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def from_sources(answered: int, total: int) -> str:
    """``from 3 sources``, or ``from 2 of 3 sources`` when some failed: a count must never
    read as if every source had answered."""
    return f"from {answered} of {total} sources" if answered < total else f"from {total} sources"
