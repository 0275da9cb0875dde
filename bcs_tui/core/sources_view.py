"""The sources view's lines (``P``), one per source whatever the width: the project ID is
shortened to its start when the whole row does not fit, and the row is then cut at the
view's edge with an ellipsis (the last error, last on the line, is what is cut; the header
and the list's own line say it whole)."""

from collections.abc import Sequence

from bcs_tui.base.text_width import cell_width, clip
from bcs_tui.core.header_view import PROJECT_PREFIX
from bcs_tui.core.source_state import SourceState
from bcs_tui.core.source_summary import SOURCE_TITLES, aligned_rows, source_rows

PROJECT = SOURCE_TITLES.index("Project")


def sources_view_lines(
    states: Sequence[SourceState], now: int, width: int, ellipsis: str
) -> list[str]:
    """The title line and a line per source, each at most ``width`` cells."""
    rows = [SOURCE_TITLES, *source_rows(states, now)]
    lines = aligned_rows(rows)
    if any(cell_width(line) > width for line in lines):
        rows = [rows[0], *(_short_project(row, ellipsis) for row in rows[1:])]
        lines = aligned_rows(rows)
    return [clip(line, width, ellipsis) for line in lines]


def _short_project(row: tuple[str, ...], ellipsis: str) -> tuple[str, ...]:
    """As the header shows a project: its start tells projects apart."""
    project = row[PROJECT]
    if len(project) > PROJECT_PREFIX + 1:
        project = project[:PROJECT_PREFIX] + ellipsis
    return (*row[:PROJECT], project, *row[PROJECT + 1 :])
