"""Issue 13, the local history store (rows 16-18): what a poll costs to store, what loading
the expectations of a big history costs (cold, one kind changed, warm), and how big that
history is on disk.

The records are the simulator's (its generator, seeded), as the dashboard receives them:
parsed once, then handed again poll after poll as the same objects, except those that
changed. A 100,000-operation history is 10 generations of 10,000 simulator records, each
generation with operation IDs of its own (realistic content, distinct keys)."""

import dataclasses
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bcs_tui.api.models import OperationRecord, parse_record, parse_record_list
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


def _clear_cache(path: Path) -> None:
    """Every kind's cached expectations forgotten (the next load computes them all)."""
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM stats_cache")
    connection.commit()
    connection.close()


def _timed_load(path: Path) -> tuple[float, int]:
    """Open + expectations(), as ``history stats`` and the dashboard's start-up do."""
    started = time.perf_counter()
    store = HistoryStore.open(path, warn=print)
    assert store is not None
    kinds = len(store.expectations().kinds)
    elapsed = (time.perf_counter() - started) * 1000
    store.close()
    return elapsed, kinds


def _one_more_finished(path: Path, serial: int) -> None:
    """A finished operation of one kind stored, as a poll would (that kind's cache stale)."""
    connection = sqlite3.connect(path)
    (text,) = connection.execute(
        "SELECT record_json FROM operations WHERE status = 'finished' LIMIT 1"
    ).fetchone()
    connection.close()
    one = parse_record(json.loads(text))
    store = HistoryStore.open(path, warn=print)
    assert store is not None
    renamed = dataclasses.replace(one, operation_id=f"{one.operation_id}-more-{serial}")
    store.write_seen("source-0", "bench-project", [renamed], time.time_ns())
    store.close()


def measure_load_and_size(generations: int, size: int, runs: int) -> list[Row]:
    """Rows 17 and 18: loading the expectations of the whole history (cold: nothing cached;
    one kind changed; warm: the cache current), and its size on disk."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "history.sqlite3"
        total = build_history(path, generations, size)
        on_disk = sum(p.stat().st_size for p in Path(directory).iterdir())
        cold_ms: list[float] = []
        warm_ms: list[float] = []
        one_kind_ms: list[float] = []
        samples_ms: list[float] = []
        kinds = finished = 0
        for run in range(runs):
            _clear_cache(path)
            elapsed, kinds = _timed_load(path)
            cold_ms.append(elapsed)
            warm_ms.append(_timed_load(path)[0])
            _one_more_finished(path, run)
            one_kind_ms.append(_timed_load(path)[0])
            started = time.perf_counter()
            store = HistoryStore.open(path, warn=print)
            assert store is not None
            finished = len(store.samples())
            samples_ms.append((time.perf_counter() - started) * 1000)
            store.close()
        # The way before samples (schema v1): every finished record parsed. Once: seconds.
        started = time.perf_counter()
        store = HistoryStore.open(path, warn=print)
        assert store is not None
        records_finished = len(store.finished())
        records_ms = (time.perf_counter() - started) * 1000
        store.close()
    megabytes = on_disk / 1_000_000
    return [
        Row(
            "17",
            f"loading stats for a {total:,}-operation history ({finished:,} finished, "
            f"{kinds} kinds): open + expectations(), end to end",
            f"warm (cache current) {_show(warm_ms)}; one kind changed {_show(one_kind_ms)};"
            f" cold (nothing cached) {_show(cold_ms)} (n={runs}); open + samples() alone "
            f"{_show(samples_ms)}; before samples, open + finished() (records parsed) "
            f"{records_ms:,.0f} ms (n=1, {records_finished:,})",
            f"< {LOAD_TARGET_MS:g} ms for the stats load (judged warm: the cache current)",
            statistics.median(warm_ms) < LOAD_TARGET_MS,
        ),
        Row(
            "18",
            f"history file of {total:,} simulator operations",
            f"{megabytes:,.0f} MB ({on_disk / total:,.0f} bytes per operation)",
            f"< {SIZE_TARGET_MB:g} MB",
            megabytes < SIZE_TARGET_MB,
        ),
    ]
