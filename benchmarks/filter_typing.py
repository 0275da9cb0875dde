"""Typing a 19-character text filter at 10,000 records, core side (issue #10, point 3): the
cost per keystroke of the search + sort + row views, the way the App asked for them before
``DashboardState`` and the way ``DashboardState`` does it, in the same run on the same
simulator records. The list widget's own drawing is not in these numbers.

python -m benchmarks.filter_typing [--records N] [--runs R]
"""

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList, parse_record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.listing import SortColumn, filter_records, keyed_records
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.record_view import RowView
from bcs_tui.core.row_cache import RowViewCache
from bcs_tui.core.sort_cache import SortKeyCache
from bcs_tui.core.status_view import glyph_set
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from bcs_tui.sim.engine import Simulation

NOW = 1_767_225_600 * NS_PER_S
QUERY = "bcs-audit-k5n7 fail"
"""19 characters: a blockchain of the simulator, then a status word."""


def simulator_records(count: int) -> RecordList:
    simulation = Simulation(seed=1, origin_ns=NOW, history=count, project_id=DEFAULT_PROJECT_ID)
    return parse_record_list(json.loads(simulation.body(NOW, {})))


def keystrokes(query: str) -> list[str]:
    """The search text after each key: typed in full, then deleted back to nothing."""
    typed = [query[:end] for end in range(1, len(query) + 1)]
    return typed + typed[-2::-1] + [""]


Keystroke = Callable[[str], list[RowView]]


def before(result: RecordList) -> Keystroke:
    """What the App did per keystroke before: filter (``searchable_text`` per record),
    sort, row views, and the header's count filtered again."""
    glyphs = glyph_set(False)
    records = keyed_records(result.records)
    sort_cache, row_cache = SortKeyCache(), RowViewCache(glyphs)
    row_cache.rows(records, NOW)

    def keystroke(text: str) -> list[RowView]:
        shown = filter_records(records, text)
        ordered = sort_cache.sorted(shown, SortColumn.DEFAULT, reverse=False, now=NOW)
        rows = row_cache.rows(ordered, NOW)
        filter_records(records, text)  # the header's "shown/total"
        return rows

    return keystroke


def after(result: RecordList) -> Keystroke:
    """The same through ``DashboardState``: what the App calls per keystroke."""
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(), server_filters=RecordFilters()
    )
    state.accept(result, RecordFilters(), NOW)
    state.take_changes(NOW)

    def keystroke(text: str) -> list[RowView]:
        state.set_search(text, NOW)
        state.take_changes(NOW)
        state.header_view(NOW)
        return state.rows(NOW)

    return keystroke


def time_keys(keystroke: Keystroke, texts: Sequence[str]) -> list[float]:
    """Milliseconds per keystroke."""
    times = []
    for text in texts:
        started = time.perf_counter_ns()
        keystroke(text)
        times.append((time.perf_counter_ns() - started) / 1e6)
    return times


def summary(name: str, runs: list[list[float]], typed: int) -> str:
    per_key = [value for run in runs for value in run]
    typing = [sum(run[:typed]) for run in runs]
    deleting = [sum(run[typed:]) for run in runs]
    return (
        f"{name:<7} per keystroke median {statistics.median(per_key):8.2f} ms, "
        f"max {max(per_key):8.2f} ms; typing all {typed} keys "
        f"{statistics.median(typing):9.1f} ms; deleting them {statistics.median(deleting):9.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = simulator_records(args.records)
    texts = keystrokes(QUERY)
    old, new = before(result), after(result)
    if [[row.key for row in old(text)] for text in texts] != [
        [row.key for row in new(text)] for text in texts
    ]:
        raise SystemExit("before and after disagree on what matches")
    runs: dict[str, list[list[float]]] = {"before": [], "after": []}
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        runs["before"].append(time_keys(old, texts))
        runs["after"].append(time_keys(new, texts))
    print(
        f"{len(result.records)} simulator records, query {QUERY!r} ({len(QUERY)} characters) "
        f"typed then deleted, {args.runs} runs"
    )
    for name, times in runs.items():
        print(summary(name, times, len(QUERY)))


if __name__ == "__main__":
    main()
