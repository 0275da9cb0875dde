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
    """How many sources are live; a source that is not is named (a stale or failing one
    with its error), several of a kind are counted first and then named with their errors
    (``3 sources: 3 failing · north: HTTP 401 …``). The header cuts the line to its width:
    the counts come first."""
    by_health: dict[SourceHealth, list[SourceState]] = {health: [] for health in SourceHealth}
    for state in states:
        by_health[state.health].append(state)
    parts = [f"{len(by_health[SourceHealth.LIVE])} live"] if by_health[SourceHealth.LIVE] else []
    errors = []
    for health in (SourceHealth.CONNECTING, SourceHealth.STALE, SourceHealth.FAILING):
        group = by_health[health]
        if len(group) == 1:
            only = group[0]
            error = "" if only.last_error is None else f": {source_error_text(only)}"
            parts.append(f"{safe_text(only.name)} {health.value}{error}")
        elif group:
            parts.append(f"{len(group)} {health.value}")
            if health is not SourceHealth.CONNECTING:
                errors += [
                    f"{safe_text(state.name)}: {source_error_text(state)}" for state in group
                ]
    return f"{len(states)} sources: " + f" {separator} ".join([*parts, *errors])


def fleet_error(states: Sequence[SourceState]) -> str | None:
    """With no source live nor connecting, the first one's error (``north: HTTP 401 …``)
    for the error line, as one source's is; ``None`` while any is live or connecting."""
    healthy = (SourceHealth.LIVE, SourceHealth.CONNECTING)
    if not states or any(state.health in healthy for state in states):
        return None
    return f"{safe_text(states[0].name)}: {source_error_text(states[0])}"


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
