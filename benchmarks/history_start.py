"""Row 20 (issue 13): start-up with a 100,000-operation history vs without one.

The real program in a pty against the simulator (N records), round-robin: spawn -> first
records painted with ``--no-history``, with a fresh (empty) history file, and with a file
holding ``generations`` x ``size`` stored operations (built as rows 17-18 build theirs). The
history's reads (stored operations, expectations) run in threads after the first paint, and
its writes on the writer thread: none of it may delay the first records."""

import tempfile
from pathlib import Path

from benchmarks.history_store import build_history
from benchmarks.programs import RECORDS_PAINTED, dashboard_argv, dashboard_env
from benchmarks.pty_session import PtySession
from benchmarks.sim_process import sim_process
from benchmarks.stats import ms_sample, ratio
from benchmarks.table import Row

START_TIMEOUT_S = 60.0
NO_SLOWER = 1.05
"""Within 5 %: the spread of a cold start on this machine is larger than that."""


def history_start(runs: int, generations: int, size: int, records: int) -> Row:
    none: list[float] = []
    empty: list[float] = []
    full: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bcs-bench-history-") as folder:
        stored = Path(folder) / "stored.sqlite3"
        count = build_history(stored, generations, size)
        with sim_process(records) as endpoint:
            for run in range(runs):
                fresh = Path(folder) / f"fresh-{run}.sqlite3"
                for argv, times in (
                    (dashboard_argv(endpoint, "--no-history"), none),
                    (dashboard_argv(endpoint, "--history", str(fresh)), empty),
                    (dashboard_argv(endpoint, "--history", str(stored)), full),
                ):
                    with PtySession(argv, dashboard_env()) as session:
                        times.append(session.read_until(RECORDS_PAINTED, START_TIMEOUT_S))
    without, with_empty, with_full = ms_sample(none), ms_sample(empty), ms_sample(full)
    times_full = ratio(with_full, without)
    return Row(
        "20",
        f"cold start to first records painted (N={records:,}, pty) with a history of"
        f" {count:,} operations vs --no-history",
        f"{count:,}: {with_full.show()}; empty history {with_empty.show()};"
        f" --no-history {without.show()} -> {times_full:.2f}x",
        f"no slower (<= {NO_SLOWER:.2f}x)",
        times_full <= NO_SLOWER,
    )
