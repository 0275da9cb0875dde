"""``bcs-tui history stats``: what the finished operations in the history say each kind of
operation usually takes, as JSON or a table.

The JSON keeps the kinds' codes and the step names as received (a sub-step under its step's
name, the separator and its own: ``core/expectations.sub_step_key``) and exact integer
nanoseconds; the table shows names made safe and durations as the dashboard writes them."""

import json
from typing import Any, TextIO

from bcs_tui.api.models import operation_type_name, resource_type_name
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.timefmt import format_duration
from bcs_tui.core.expectations import (
    MIN_FINISHED,
    SUB_STEP_SEPARATOR,
    Expectations,
    KindExpectation,
    Spread,
)
from bcs_tui.core.status_view import UNICODE_GLYPHS, GlyphSet
from bcs_tui.output import plural, write_table

STATS_COLUMNS = ("KIND / STEP", "COUNT", "MEDIAN", "P90")


def _spread_json(spread: Spread) -> dict[str, int]:
    return {"count": spread.count, "median_ns": spread.median_ns, "p90_ns": spread.p90_ns}


def kind_json(kind: KindExpectation) -> dict[str, Any]:
    return {
        "resource_type": kind.resource_type,
        "operation_type": kind.operation_type,
        **_spread_json(kind.total),
        # By name: a step's sub-steps follow it (their names start with the step's).
        "steps": [{"name": name, **_spread_json(kind.steps[name])} for name in sorted(kind.steps)],
    }


def stats_json(expectations: Expectations) -> dict[str, Any]:
    """``{"kinds": [{"resource_type", "operation_type", "count", "median_ns", "p90_ns",
    "steps": [{"name", "count", "median_ns", "p90_ns"}]}]}``, kinds in order of resource
    then operation type."""
    return {"kinds": [kind_json(kind) for kind in expectations.kinds]}


def write_stats_json(expectations: Expectations, stream: TextIO) -> None:
    json.dump(stats_json(expectations), stream, indent=2)
    stream.write("\n")


def _row(name: str, spread: Spread) -> tuple[str, ...]:
    return (
        name,
        str(spread.count),
        format_duration(spread.median_ns),
        format_duration(spread.p90_ns),
    )


def write_stats_table(
    expectations: Expectations, stream: TextIO, glyphs: GlyphSet = UNICODE_GLYPHS
) -> None:
    """A row per kind (its total), then a row per step, each followed by its sub-steps,
    indented (``glyphs``: ``ASCII_GLYPHS`` with --ascii, for the separator)."""
    if not expectations.kinds:
        stream.write("No finished operations in the history yet.\n")
        return
    rows: list[tuple[str, ...]] = []
    for kind in expectations.kinds:
        operation = safe_text(operation_type_name(kind.operation_type) or "-")
        resource = safe_text(resource_type_name(kind.resource_type) or "-")
        title = f"{operation} {glyphs.separator} {resource}"
        if kind.total.count < MIN_FINISHED:
            title += f" (under {MIN_FINISHED}: no ETA yet)"
        rows.append(_row(title, kind.total))
        for name in sorted(kind.steps):
            step, separator, sub_step = name.partition(SUB_STEP_SEPARATOR)
            shown = f"    {safe_text(sub_step)}" if separator else f"  {safe_text(step)}"
            rows.append(_row(shown, kind.steps[name]))
    write_table(STATS_COLUMNS, rows, stream)
    count = sum(kind.total.count for kind in expectations.kinds)
    stream.write(
        f"{plural(len(expectations.kinds), 'kind')} of operation, "
        f"from {plural(count, 'finished operation')}\n"
    )
