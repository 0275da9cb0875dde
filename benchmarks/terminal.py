"""Rows 3, 6, 7, 8, 9, 11 and 12: the real program in a pseudo-terminal.

3: spawn -> first records painted, ``bcs-tui --demo`` vs the bare Textual app (round-robin).
6: bytes written while the data does not change (1,000 records, 2 s interval).
7: CPU of the whole process while idle (1,000 records, default interval).
8: peak RSS with 10,000 records loaded vs the bare app, against the raw JSON size.
9: key press (cursor down) -> first byte of the repaint, through 10,000 records.
11: as row 3, the dashboard against 10,000 simulator records, in the same round-robin.
12: as row 7, 10,000 records with operations running (the live simulator keeps >= 3).
"""

import json
import os
import re
import statistics
from dataclasses import dataclass

from bcs_tui.base.status import RUNNING_STATUSES
from benchmarks.bare_app import MARKER
from benchmarks.programs import (
    RECORDS_PAINTED,
    bare_argv,
    bench_env,
    clean_env,
    dashboard_argv,
    dashboard_env,
    demo_argv,
)
from benchmarks.pty_session import LINES, Chunk, PtySession
from benchmarks.sim_process import fetch_body, sim_process
from benchmarks.stats import Sample, ms_sample, ratio
from benchmarks.table import Row

START_TIMEOUT_S = 60.0


def settle_s() -> float:
    """How long the dashboard runs after its first paint before a measurement starts."""
    return float(os.environ.get("BCS_BENCH_SETTLE_S", "3"))


DOWN_KEY = b"\x1b[B"
FIRST_PAINT = b"\x1b[1;1H"
"""The first frame of a Textual app starts at the top-left corner."""
FULL_SCREEN_LINES = LINES * 9 // 10
"""A frame that moves the cursor to this many lines or more redraws the whole screen."""


def cold_start(runs: int, records: int) -> list[Row]:
    """Rows 3 and 11, round-robin in one loop against one bare-app sample: spawn -> first
    records painted for ``--demo`` and for the dashboard against N simulator records."""
    demo: list[float] = []
    demo_first: list[float] = []
    large: list[float] = []
    large_first: list[float] = []
    bare: list[float] = []
    with sim_process(records) as endpoint:
        for _ in range(runs):
            with PtySession(bare_argv(), bench_env()) as session:
                bare.append(session.read_until(MARKER.encode(), START_TIMEOUT_S))
            with PtySession(demo_argv(), clean_env()) as session:
                demo_first.append(session.read_until(FIRST_PAINT, START_TIMEOUT_S))
                demo.append(session.read_until(RECORDS_PAINTED, START_TIMEOUT_S))
            with PtySession(dashboard_argv(endpoint), dashboard_env()) as session:
                large_first.append(session.read_until(FIRST_PAINT, START_TIMEOUT_S))
                large.append(session.read_until(RECORDS_PAINTED, START_TIMEOUT_S))
    peer = ms_sample(bare)
    demo_times = ratio(ms_sample(demo), peer)
    large_times = ratio(ms_sample(large), peer)
    return [
        Row(
            "3",
            "cold start to first records painted: bcs-tui --demo vs bare Textual app (pty)",
            _start_result(demo, demo_first, peer),
            "<= 2x the bare app",
            demo_times <= 2.0,
        ),
        Row(
            "11",
            f"cold start to first records painted: N={records:,} from the simulator vs bare"
            " Textual app (pty, same round-robin as row 3)",
            _start_result(large, large_first, peer),
            "< 5x the bare app",
            large_times < 5.0,
        ),
    ]


def _start_result(records_painted: list[float], first_frame: list[float], bare: Sample) -> str:
    ours = ms_sample(records_painted)
    return (
        f"{ours.show()} (its first frame at {ms_sample(first_frame).median:,.0f} ms),"
        f" bare {bare.show()} -> {ratio(ours, bare):.2f}x"
    )


def wait_started(session: PtySession) -> None:
    # The clock ticks every second, so the output is never quiet for long: settle for a
    # fixed time after the first records are painted.
    session.read_until(RECORDS_PAINTED, START_TIMEOUT_S)
    session.read_for(settle_s())


def idle_bytes(records: int, seconds: float) -> Row:
    interval_s = 2.0
    with (
        sim_process(records) as endpoint,
        PtySession(
            dashboard_argv(endpoint, "--interval", str(interval_s)), dashboard_env()
        ) as session,
    ):
        wait_started(session)
        chunks = session.read_for(seconds)
    total = sum(chunk.size for chunk in chunks)
    refreshes = max(1, round(seconds / interval_s))
    frames = bursts(chunks)
    full = [frame for frame in frames if len(frame.lines) >= FULL_SCREEN_LINES]
    lines = sorted(len(frame.lines) for frame in frames) or [0]
    per_second = total / seconds
    return Row(
        "6",
        f"bytes to the terminal, {seconds:g} s unchanged data, N={records:,}, 2 s interval",
        f"{total:,} B = {per_second:,.0f} B/s = {total / refreshes:,.0f} B per refresh;"
        f" {len(frames)} frames, lines per frame median {lines[len(lines) // 2]} of {LINES};"
        f" full-screen frames: {len(full)}",
        "only ticking text; no full-screen repaints",
        not full,
    )


@dataclass(frozen=True)
class Frame:
    """What one repaint wrote: its size and the screen lines it moved the cursor to."""

    size: int
    lines: frozenset[int]


_CURSOR_TO = re.compile(rb"\x1b\[(\d+);\d+H")


def bursts(chunks: list[Chunk], gap_s: float = 0.005) -> list[Frame]:
    """The frames: reads closer together than ``gap_s`` belong to one repaint (the pty
    hands a big write over in pieces of a few KB)."""
    groups: list[list[Chunk]] = []
    last_at = float("-inf")
    for chunk in chunks:
        if chunk.at - last_at > gap_s or not groups:
            groups.append([])
        groups[-1].append(chunk)
        last_at = chunk.at
    frames = []
    for group in groups:
        data = b"".join(chunk.data for chunk in group)
        lines = frozenset(int(row) for row in _CURSOR_TO.findall(data))
        frames.append(Frame(len(data), lines))
    return frames


def idle_cpu(records: int, seconds: float) -> Row:
    with (
        sim_process(records) as endpoint,
        PtySession(dashboard_argv(endpoint), dashboard_env()) as session,
    ):
        wait_started(session)
        share, spent = cpu_share(session, seconds)
    bare = bare_idle_cpu(seconds)
    return Row(
        "7",
        f"CPU idle over {seconds:g} s, N={records:,}, default interval",
        f"{share:.2f}% of one core ({spent:.2f} s CPU); the bare Textual app idle, same"
        f" harness: {bare:.2f}%",
        "< 1% of one core",
        share < 1.0,
    )


def bare_idle_cpu(seconds: float) -> float:
    """The floor of row 7: percent of one core the bare Textual app uses while idle in the
    same pty harness, measured after the same settling time."""
    with PtySession(bare_argv(), bench_env()) as session:
        session.read_until(MARKER.encode(), START_TIMEOUT_S)
        session.read_for(settle_s())
        share, _ = cpu_share(session, seconds)
    return share


def running_cpu(records: int, seconds: float) -> Row:
    """Row 12: CPU while operations run, against the live simulator (its running records
    change every poll, so the list's body changes too)."""
    with (
        sim_process(records, live=True) as endpoint,
        PtySession(dashboard_argv(endpoint), dashboard_env()) as session,
    ):
        wait_started(session)
        running_before = _running(endpoint)
        share, spent = cpu_share(session, seconds)
        running_after = _running(endpoint)
    return Row(
        "12",
        f"CPU over {seconds:g} s, N={records:,} with operations running (live simulator),"
        " default interval",
        f"{share:.2f}% of one core ({spent:.2f} s CPU); running at start / end:"
        f" {running_before} / {running_after}",
        "< 5% of one core, >= 3 running",
        share < 5.0 and min(running_before, running_after) >= 3,
    )


def cpu_share(session: PtySession, seconds: float) -> tuple[float, float]:
    """Percent of one core the program used over the next ``seconds``, and its CPU seconds."""
    before = session.cpu_seconds()
    session.read_for(seconds)
    spent = session.cpu_seconds() - before
    return 100.0 * spent / seconds, spent


def _running(endpoint: str) -> int:
    """How many operations the simulator has running now (asked outside the window)."""
    return sum(
        json.loads(fetch_body(endpoint, operation_status=status.value))["count"]
        for status in RUNNING_STATUSES
    )


@dataclass(frozen=True)
class BigListResult:
    dashboard_rss: int
    bare_rss: int
    json_bytes: int
    latency: Sample


def big_list(records: int, presses: int) -> BigListResult:
    with sim_process(records) as endpoint:
        json_bytes = len(fetch_body(endpoint))
        with PtySession(dashboard_argv(endpoint), dashboard_env()) as session:
            wait_started(session)
            latencies = []
            for _ in range(presses):
                latencies.append(session.first_output_after(DOWN_KEY))
                session.read_until_quiet(0.05, 5.0)
            dashboard_rss = session.peak_rss_bytes()
    with PtySession(bare_argv(), bench_env()) as session:
        session.read_until(MARKER.encode(), START_TIMEOUT_S)
        session.read_for(0.5)
        bare_rss = session.peak_rss_bytes()
    return BigListResult(dashboard_rss, bare_rss, json_bytes, ms_sample(latencies))


def big_list_rows(records: int, result: BigListResult) -> list[Row]:
    budget = 3 * result.bare_rss + 2 * result.json_bytes
    mb = 1e6
    latency = result.latency
    return [
        Row(
            "8",
            f"peak RSS with N={records:,} loaded (pty)",
            f"{result.dashboard_rss / mb:,.0f} MB; budget 3 x bare {result.bare_rss / mb:,.0f} MB"
            f" + 2 x JSON {result.json_bytes / mb:,.1f} MB = {budget / mb:,.0f} MB",
            "< 3x bare app + 2x raw JSON",
            result.dashboard_rss < budget,
        ),
        Row(
            "9",
            f"key press -> repaint (first byte), cursor down, N={records:,} (pty)",
            f"{latency.show()}; p90 {_p90(latency):.1f} ms",
            "< 16 ms median, p90 < 32 ms",
            latency.median < 16.0 and _p90(latency) < 32.0,
        ),
    ]


def _p90(sample: Sample) -> float:
    ordered = sorted(sample.values)
    if len(ordered) < 2:
        return ordered[0]
    return statistics.quantiles(ordered, n=10)[-1]
