"""The header's words for several sources: how many are live, and each one that is not,
with its error (``3 sources: 2 live · sg stale: connection refused``)."""

from collections.abc import Sequence

from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import cell_width, pad_right
from bcs_tui.base.timefmt import format_age
from bcs_tui.core.header_view import describe_error
from bcs_tui.core.source_state import SourceHealth, SourceState
from bcs_tui.core.where import one_line_message


def source_error_text(state: SourceState) -> str:
    """A source's last error on one line, safe to show ("" when it has none)."""
    if state.last_error is None:
        return ""
    return one_line_message([describe_error(state.last_error)])


def fleet_summary(states: Sequence[SourceState], separator: str) -> str:
    """Live and connecting sources are counted; a stale or failing one is named with its
    error (the header cuts the line to its width: the counts come first)."""
    counts = {health: 0 for health in SourceHealth}
    for state in states:
        counts[state.health] += 1
    parts = [
        f"{counts[health]} {health.value}"
        for health in (SourceHealth.LIVE, SourceHealth.CONNECTING)
        if counts[health]
    ]
    for state in states:
        if state.health in (SourceHealth.STALE, SourceHealth.FAILING):
            parts.append(
                f"{safe_text(state.name)} {state.health.value}: {source_error_text(state)}"
            )
    return f"{len(states)} sources: " + f" {separator} ".join(parts)


SOURCE_TITLES = ("Source", "Region", "Project", "State", "Last OK", "Records", "Last error")
"""Short titles: at 80 columns a source is one line (core/sources_view.py)."""


def source_rows(states: Sequence[SourceState], now: int) -> list[tuple[str, ...]]:
    """The sources view's rows (``SOURCE_TITLES``), each cell safe to show."""
    return [
        (
            safe_text(state.name),
            safe_text(state.source.region or "-"),
            safe_text(state.source.project_id),
            state.health.value,
            format_age(state.updated_ns, now, missing="never"),
            str(len(state.records)),
            source_error_text(state) or "-",
        )
        for state in states
    ]


def aligned_rows(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows (the first the titles) with each column as wide as its widest cell; the last
    column is not padded (the view cuts a line to its width)."""
    widths = [max(cell_width(row[index]) for row in rows) for index in range(len(rows[0]))]
    return [
        "  ".join(
            [
                *(pad_right(cell, width) for cell, width in zip(row[:-1], widths, strict=False)),
                row[-1],
            ]
        )
        for row in rows
    ]
