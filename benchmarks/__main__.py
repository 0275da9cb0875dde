"""Run every measurement of issues 4, 10, 12 and 13 and print the summary table.

python -m benchmarks            # full: several runs, N = 1,000 and 10,000, 60 s idle rows,
                                # a fleet of 20 sources x 500 records
python -m benchmarks --quick    # smoke test: tiny N, one run, a few seconds per row
python -m benchmarks --markdown # the table as Markdown too (for RESULTS.md / README)
python -m benchmarks --rows 13,14,15  # only these rows (numbers as in the table)
"""

import argparse
import datetime
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import fleet, history_store
from benchmarks.expectations_build import build_row, measure_build
from benchmarks.fetch_parse import fetch_rows, measure_fetch
from benchmarks.history_start import history_start
from benchmarks.table import Row, render_markdown, render_table
from benchmarks.terminal import (
    big_list,
    big_list_rows,
    cold_start,
    idle_bytes,
    idle_cpu,
    running_cpu,
)
from benchmarks.typing_filter import measure_typing, typing_row
from benchmarks.ui_refresh import bodies_for, measure_refresh, refresh_rows


@dataclass(frozen=True)
class Plan:
    small: int
    large: int
    runs: int
    fetch_runs_large: int
    idle_s: float
    presses: int
    fleet: fleet.FleetSize
    slow_delay_s: float
    """How long the slow source of row 13 waits before it answers."""
    rss_window_s: float
    """How long row 15 runs each dashboard after its start (covering polls)."""
    history_generations: int
    """Rows 17-18: a history of this many x ``large`` operations."""
    history_operations: int
    """Row 19: finished operations the expectations are built from."""


FULL = Plan(
    small=1_000,
    large=10_000,
    runs=5,
    fetch_runs_large=3,
    idle_s=60.0,
    presses=30,
    fleet=fleet.FleetSize(sources=20, records=500),
    slow_delay_s=5.0,
    rss_window_s=12.0,
    history_generations=10,
    history_operations=100_000,
)
QUICK = Plan(
    small=20,
    large=50,
    runs=1,
    fetch_runs_large=1,
    idle_s=2.0,
    presses=3,
    fleet=fleet.FleetSize(sources=3, records=20),
    slow_delay_s=1.5,
    rss_window_s=0.5,
    history_generations=2,
    history_operations=200,
)


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{when}; {os.cpu_count()} CPUs ({model}); Python {platform.python_version()} "
        f"({platform.machine()}, {platform.system()})"
    )


def _guarded(number: str, name: str, measure: Callable[[], list[Row]]) -> list[Row]:
    """A failing measurement becomes a row saying so; the others still run."""
    started = time.perf_counter()
    print(f"[bench] {number}: {name} ...", file=sys.stderr, flush=True)
    try:
        rows = measure()
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        rows = [
            Row(n, name, f"FAILED: {type(error).__name__}: {error}", "-", False)
            for n in number.split(",")
        ]
    print(
        f"[bench] {number}: done in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    return rows


def run(plan: Plan, only: set[str] | None = None) -> list[Row]:
    """Every row, or the groups holding a row of ``only``."""
    rows: list[Row] = []

    def fetch() -> list[Row]:
        return fetch_rows(
            [
                measure_fetch(plan.small, plan.runs),
                measure_fetch(plan.large, plan.fetch_runs_large),
            ]
        )

    def refresh() -> list[Row]:
        bodies = bodies_for([plan.small, plan.large])
        unchanged = [measure_refresh(bodies[n], plan.runs) for n in (plan.small, plan.large)]
        changed = measure_refresh(bodies[plan.large], plan.runs, one_changed=True)
        return refresh_rows(unchanged, changed)

    def big() -> list[Row]:
        return big_list_rows(plan.large, big_list(plan.large, plan.presses))

    groups: list[tuple[str, str, Callable[[], list[Row]]]] = [
        ("1,2", "fetch + parse", fetch),
        ("3,11", "cold start", lambda: cold_start(plan.runs, plan.large)),
        ("4,5", "UI refresh", refresh),
        ("6", "idle terminal bytes", lambda: [idle_bytes(plan.small, plan.idle_s)]),
        ("7", "idle CPU", lambda: [idle_cpu(plan.small, plan.idle_s)]),
        ("8,9", "memory and key latency", big),
        ("10", "typing a filter", lambda: [typing_row(measure_typing(plan.large))]),
        ("12", "CPU while running", lambda: [running_cpu(plan.large, plan.idle_s)]),
        (
            "13",
            "fleet: first records",
            lambda: [fleet.first_records(plan.fleet, plan.slow_delay_s, plan.runs)],
        ),
        ("14", "fleet: idle CPU", lambda: [fleet.idle_cpu(plan.fleet, plan.idle_s)]),
        ("15", "fleet: peak memory", lambda: [fleet.peak_memory(plan.fleet, plan.rss_window_s)]),
        (
            "16",
            "history: storing a poll",
            lambda: [
                history_store.measure_poll_write(
                    plan.large, changed=min(10, plan.large), polls=5 * plan.runs
                )
            ],
        ),
        (
            "17,18",
            "history: loading, size on disk",
            lambda: history_store.measure_load_and_size(
                plan.history_generations, plan.large, plan.runs
            ),
        ),
        (
            "19",
            "expectations from the history",
            lambda: [build_row(measure_build(plan.history_operations, plan.runs))],
        ),
        (
            "20",
            "history: start-up",
            lambda: [history_start(plan.runs, plan.history_generations, plan.large, plan.small)],
        ),
    ]
    for numbers, name, measure in groups:
        if only is None or only & set(numbers.split(",")):
            rows += _guarded(numbers, name, measure)
    return sorted(rows, key=lambda row: int(row.number))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny N, one run (CI smoke test)")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--rows", help="only the rows numbered so, comma-separated (13,14,15)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.quick:
        os.environ.setdefault("BCS_BENCH_SETTLE_S", "1")
    started = time.perf_counter()
    rows = run(plan, None if args.rows is None else set(args.rows.split(",")))
    print(f"bcs-tui benchmarks ({'quick' if args.quick else 'full'}) - {machine()}")
    print(render_table(rows))
    if args.markdown:
        print()
        print(render_markdown(rows))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
