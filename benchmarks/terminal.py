"""Rows 3, 6, 7, 8 and 9: the real program in a pseudo-terminal.

3: spawn -> first records painted, ``bcs-tui --demo`` vs the bare Textual app (round-robin).
6: bytes written while the data does not change (1,000 records, 2 s interval).
7: CPU of the whole process while idle (1,000 records, default interval).
8: peak RSS with 10,000 records loaded vs the bare app, against the raw JSON size.
9: key press (cursor down) -> first byte of the repaint, through 10,000 records.
"""

import os
import re
import statistics
from dataclasses import dataclass

import httpx

from bcs_tui.api.client import RECORDS_PATH
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID, DEFAULT_TOKEN
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
from benchmarks.sim_process import sim_process
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


def cold_start(runs: int) -> Row:
    demo: list[float] = []
    demo_first: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        with PtySession(demo_argv(), clean_env()) as session:
            demo_first.append(session.read_until(FIRST_PAINT, START_TIMEOUT_S))
            demo.append(session.read_until(RECORDS_PAINTED, START_TIMEOUT_S))
        with PtySession(bare_argv(), bench_env()) as session:
            bare.append(session.read_until(MARKER.encode(), START_TIMEOUT_S))
    ours, peer, first = ms_sample(demo), ms_sample(bare), ms_sample(demo_first)
    times = ratio(ours, peer)
    return Row(
        "3",
        "cold start to first records painted: bcs-tui --demo vs bare Textual app (pty)",
        f"demo {ours.show()} (its first frame at {first.median:,.0f} ms), bare {peer.show()}"
        f" -> {times:.2f}x",
        "<= 2x the bare app",
        times <= 2.0,
    )


def _started(session: PtySession) -> None:
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
        _started(session)
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
        _started(session)
        before = session.cpu_seconds()
        session.read_for(seconds)
        spent = session.cpu_seconds() - before
    share = 100.0 * spent / seconds
    return Row(
        "7",
        f"CPU idle over {seconds:g} s, N={records:,}, default interval",
        f"{share:.2f}% of one core ({spent:.2f} s CPU)",
        "< 1% of one core",
        share < 1.0,
    )


@dataclass(frozen=True)
class BigListResult:
    dashboard_rss: int
    bare_rss: int
    json_bytes: int
    latency: Sample


def big_list(records: int, presses: int) -> BigListResult:
    with sim_process(records) as endpoint:
        json_bytes = len(
            httpx.get(
                endpoint + RECORDS_PATH.format(project_id=DEFAULT_PROJECT_ID),
                headers={"X-Auth-Token": DEFAULT_TOKEN},
                timeout=60,
            ).content
        )
        with PtySession(dashboard_argv(endpoint), dashboard_env()) as session:
            _started(session)
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
            "< 16 ms median",
            latency.median < 16.0,
        ),
    ]


def _p90(sample: Sample) -> float:
    ordered = sorted(sample.values)
    if len(ordered) < 2:
        return ordered[0]
    return statistics.quantiles(ordered, n=10)[-1]
