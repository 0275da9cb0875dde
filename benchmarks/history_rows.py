"""Issue 13: ``H`` with a long history. The dashboard (headless, 160x48) lists N live
records from a scripted source and loads M stored operations the service no longer returns;
times, on the app's thread, toggling ``H`` on and off and typing a search with them listed
(each key: the state's change and the render it asks for, as ``set_search`` does).

    .venv/bin/python -m benchmarks.history_rows --live 10000 --history 100000
"""

import argparse
import asyncio
import copy
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList, parse_record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.expectations import EMPTY_EXPECTATIONS, Expectations
from bcs_tui.core.history_rows import HISTORY_ROWS_AT_MOST
from bcs_tui.core.listing import SortColumn
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.options import DashboardOptions

REFERENCE = Path(__file__).parents[1] / "tests" / "fixtures" / "list-op-record-200.json"
NOW = 1_767_225_600 * NS_PER_S
PROJECT = "bench-project"
STATUSES = ("finished", "finished", "finished", "failed", "stop", "processing")


def _records(prefix: str, count: int) -> RecordList:
    template = json.loads(REFERENCE.read_text())["operation_records"][0]
    raws = []
    for index in range(count):
        raw = copy.deepcopy(template)
        raw.update(
            operation_id=f"{prefix}-{index:07d}",
            operation_status=STATUSES[index % len(STATUSES)],
            record_time=NOW - (index + 1) * 60 * NS_PER_S,
            blockchain_name=f"chain-{index % 7}",
        )
        raws.append(raw)
    return parse_record_list({"count": count, "operation_records": raws})


class Source:
    def __init__(self, result: RecordList) -> None:
        self.result = result

    async def list_records(self, filters: RecordFilters) -> RecordList:
        return self.result


class History:
    def __init__(self, operations: list[StoredOperation]) -> None:
        self.operations = operations

    def submit(self, source: str, project_id: str, records: Any, seen_at_ns: int) -> None:
        pass

    def load(self, live: frozenset[tuple[str, str | None]] = frozenset()) -> list[StoredOperation]:
        # As the real one: at most HISTORY_ROWS_AT_MOST, none of them live.
        fresh = [op for op in self.operations if (op.project_id, op.operation_id) not in live]
        return fresh[:HISTORY_ROWS_AT_MOST]

    def expectations(self) -> Expectations:
        return EMPTY_EXPECTATIONS

    def warnings_to(self, handler: Callable[[str], None]) -> None:
        pass

    def close(self) -> None:
        pass


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples):.1f} ms, max {max(samples):.1f} ms"


async def _run(live: int, history: int, query: str) -> None:
    clock_ns = [NOW]
    stored = [
        StoredOperation("bench", PROJECT, record, NOW - NS_PER_S, NOW - NS_PER_S)
        for record in _records("OLD", history).records
    ]
    options = DashboardOptions(
        profile="bench",
        project_id=PROJECT,
        interval_s=3600.0,
        active_interval_s=3600.0,
        clock=lambda: NOW,
        history=History(stored),
        utc=True,
    )
    app = DashboardApp(Source(_records("LIVE", live)), options)
    async with app.run_test(size=(160, 48)) as pilot:
        await asyncio.wait_for(app.wait_for_fetches(1), 120)
        await asyncio.wait_for(app.history_loaded.wait(), 120)
        await asyncio.wait_for(app.history_prepared.wait(), 120)
        await pilot.pause()
        for label in ("H on (first)", "H off", "H on (again)"):
            started = time.perf_counter()
            app.action_toggle_history()
            elapsed = (time.perf_counter() - started) * 1000
            await pilot.pause()
            print(f"{label}: {elapsed:.1f} ms ({len(app.state.visible)} rows)")
        typed: list[float] = []
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            app.set_search(query[:end])
            typed.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
        print(f"search {query!r}, per key: {_ms(typed)} ({len(app.state.visible)} rows)")
        cleared: list[float] = []
        for end in range(len(query) - 1, -1, -1):
            started = time.perf_counter()
            app.set_search(query[:end])
            cleared.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
        print(f"deleting it, per key: {_ms(cleared)}")
        ticks: list[float] = []
        for _ in range(5):
            started = time.perf_counter()
            await app._tick()
            ticks.append((time.perf_counter() - started) * 1000)
        print(f"clock tick with history shown: {_ms(ticks)}")
        while app.state.sort_column is not SortColumn.DURATION:
            app.action_cycle_sort()
            await pilot.pause()
        ticks = []
        for second in range(5):
            clock_ns[0] = NOW + (second + 1) * NS_PER_S
            started = time.perf_counter()
            await app._tick()
            ticks.append((time.perf_counter() - started) * 1000)
        print(f"clock tick, sorted by duration: {_ms(ticks)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", type=int, default=10_000)
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--query", default="old-00123")
    args = parser.parse_args()
    asyncio.run(_run(args.live, args.history, args.query))


if __name__ == "__main__":
    main()
