"""Issue 13, the local history store (rows 16-18): what a poll costs to store, what loading
the finished operations of a big history costs, and how big that history is on disk.

The records are the simulator's (its generator, seeded), as the dashboard receives them:
parsed once, then handed again poll after poll as the same objects, except those that
changed. A 100,000-operation history is 10 generations of 10,000 simulator records, each
generation with operation IDs of its own (realistic content, distinct keys)."""

import dataclasses
import json
import statistics
import tempfile
import time
from pathlib import Path

from bcs_tui.api.models import OperationRecord, parse_record_list
from bcs_tui.history.store import TOUCH_INTERVAL_NS, HistoryStore
from bcs_tui.history.writer import HistoryWriter
from bcs_tui.sim.engine import Simulation
from benchmarks.table import Row

WRITE_TARGET_MS = 5.0
LOAD_TARGET_MS = 200.0
SIZE_TARGET_MB = 300.0


def simulator_records(count: int, now_ns: int) -> list[OperationRecord]:
    sim = Simulation(seed=13, origin_ns=now_ns, history=count, project_id="bench-project")
    return parse_record_list(json.loads(sim.body(now_ns, {}))).records[:count]


def _changed(records: list[OperationRecord], poll: int, changed: int) -> list[OperationRecord]:
    """The same list with ``changed`` records replaced by new objects of new content (a
    later record time), spread over the list; the rest the very same objects."""
    out = list(records)
    step = max(1, len(out) // changed)
    for index in range(0, step * changed, step):
        record = out[index]
        out[index] = dataclasses.replace(record, record_time=(record.record_time or 0) + poll)
    return out


def _show(values_ms: list[float]) -> str:
    return f"{statistics.median(values_ms):.2f} ms [{min(values_ms):.2f}..{max(values_ms):.2f}]"


def measure_poll_write(size: int, changed: int, polls: int) -> Row:
    """Row 16: a poll of ``size`` records, ``changed`` of them changed."""
    now = time.time_ns()
    records = simulator_records(size, now)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "history.sqlite3"
        store = HistoryStore.open(path, warn=print)
        assert store is not None
        started = time.perf_counter()
        store.write_seen("bench", "bench-project", records, now)
        first_ms = (time.perf_counter() - started) * 1000
        # The writer thread's work is this call: timed on its own, poll after poll, within
        # the minute (no touch), then the once-a-minute touch of the unchanged ones.
        write_ms: list[float] = []
        current = records
        for poll in range(1, polls + 1):
            current = _changed(current, poll, changed)
            started = time.perf_counter()
            written = store.write_seen("bench", "bench-project", current, now + poll)
            write_ms.append((time.perf_counter() - started) * 1000)
            assert written == changed, written
        started = time.perf_counter()
        store.write_seen("bench", "bench-project", current, now + TOUCH_INTERVAL_NS + 1)
        touch_ms = (time.perf_counter() - started) * 1000
        store.close()
        # The submitting thread (the UI loop): submit() alone, through the real writer.
        writer = HistoryWriter(path, keep_days=180, warn=print)
        submit_ms: list[float] = []
        for poll in range(polls):
            current = _changed(current, polls + poll + 1, changed)
            started = time.perf_counter()
            writer.submit("bench", "bench-project", current, now + 2 * TOUCH_INTERVAL_NS)
            submit_ms.append((time.perf_counter() - started) * 1000)
            writer.wait_written(poll + 1, timeout_s=30)
        writer.close()
    median = statistics.median(write_ms)
    return Row(
        "16",
        f"storing a poll of {size:,} records, {changed} changed (history file, WAL)",
        f"writer thread {_show(write_ms)} (n={polls}); submit on the UI thread "
        f"{_show(submit_ms)}; once a minute (unchanged brought forward) {touch_ms:.0f} ms; "
        f"the first poll (all {size:,} new) {first_ms:.0f} ms",
        f"< {WRITE_TARGET_MS:g} ms on the writer thread, ~0 on the UI loop",
        median < WRITE_TARGET_MS and statistics.median(submit_ms) < 0.1,
    )


def build_history(path: Path, generations: int, size: int) -> int:
    """``generations`` x ``size`` simulator operations, each generation its own IDs."""
    now = time.time_ns()
    records = simulator_records(size, now)
    store = HistoryStore.open(path, warn=print)
    assert store is not None
    for generation in range(generations):
        renamed = [
            dataclasses.replace(record, operation_id=f"{record.operation_id}-g{generation}")
            for record in records
        ]
        store.write_seen(f"source-{generation % 3}", "bench-project", renamed, now)
    store.close()
    return generations * size


def measure_load_and_size(generations: int, size: int, runs: int) -> list[Row]:
    """Rows 17 and 18: ``finished()`` of the whole history, and its size on disk."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "history.sqlite3"
        total = build_history(path, generations, size)
        on_disk = sum(p.stat().st_size for p in Path(directory).iterdir())
        load_ms: list[float] = []
        found = 0
        for _ in range(runs):
            started = time.perf_counter()
            store = HistoryStore.open(path, warn=print)
            assert store is not None
            found = len(store.finished())
            load_ms.append((time.perf_counter() - started) * 1000)
            store.close()
    megabytes = on_disk / 1_000_000
    return [
        Row(
            "17",
            f"loading the finished operations of a {total:,}-operation history (open + "
            "finished(), records parsed; the expectations' computation not included)",
            f"{_show(load_ms)} (n={runs}) for {found:,} finished operations",
            f"< {LOAD_TARGET_MS:g} ms for the stats load",
            statistics.median(load_ms) < LOAD_TARGET_MS,
        ),
        Row(
            "18",
            f"history file of {total:,} simulator operations",
            f"{megabytes:,.0f} MB ({on_disk / total:,.0f} bytes per operation)",
            f"< {SIZE_TARGET_MB:g} MB",
            megabytes < SIZE_TARGET_MB,
        ),
    ]
