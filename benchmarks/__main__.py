"""Run every measurement of issues 4 and 10 and print the summary table.

python -m benchmarks            # full: several runs, N = 1,000 and 10,000, 60 s idle rows
python -m benchmarks --quick    # smoke test: tiny N, one run, a few seconds per row
python -m benchmarks --markdown # the table as Markdown too (for RESULTS.md / README)
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

from benchmarks.fetch_parse import fetch_rows, measure_fetch
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


FULL = Plan(small=1_000, large=10_000, runs=5, fetch_runs_large=3, idle_s=60.0, presses=30)
QUICK = Plan(small=20, large=50, runs=1, fetch_runs_large=1, idle_s=2.0, presses=3)


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


def run(plan: Plan) -> list[Row]:
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

    rows += _guarded("1,2", "fetch + parse", fetch)
    rows += _guarded("3,11", "cold start", lambda: cold_start(plan.runs, plan.large))
    rows += _guarded("4,5", "UI refresh", refresh)
    rows += _guarded("6", "idle terminal bytes", lambda: [idle_bytes(plan.small, plan.idle_s)])
    rows += _guarded("7", "idle CPU", lambda: [idle_cpu(plan.small, plan.idle_s)])
    rows += _guarded("8,9", "memory and key latency", big)
    rows += _guarded("10", "typing a filter", lambda: [typing_row(measure_typing(plan.large))])
    rows += _guarded("12", "CPU while running", lambda: [running_cpu(plan.large, plan.idle_s)])
    return sorted(rows, key=lambda row: int(row.number))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny N, one run (CI smoke test)")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.quick:
        os.environ.setdefault("BCS_BENCH_SETTLE_S", "1")
    started = time.perf_counter()
    rows = run(plan)
    print(f"bcs-tui benchmarks ({'quick' if args.quick else 'full'}) - {machine()}")
    print(render_table(rows))
    if args.markdown:
        print()
        print(render_markdown(rows))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
