"""Rows 13, 14 and 15 (issue 12): the real program in a pty over a fleet of sources, a
profile listing one source per project of one simulator (``sim_process(..., fleet=N)``).

13: spawn -> first records painted, and spawn -> every source's records in (the header says
    ``N sources: N live``), one source answering only after a delay (``project_slow``).
14: CPU of the whole process while idle (data frozen), default interval, as row 7.
15: peak RSS of the fleet vs one source holding as many records as the whole fleet, as row 8.
"""

import time
from dataclasses import dataclass, field

from benchmarks.programs import (
    RECORDS_PAINTED,
    dashboard_argv,
    dashboard_env,
    fleet_argv,
    fleet_config,
)
from benchmarks.pty_session import COLUMNS, LINES, Chunk, PtySession
from benchmarks.screen import ScreenMirror
from benchmarks.sim_process import fleet_projects, sim_process
from benchmarks.stats import ms_sample
from benchmarks.table import Row
from benchmarks.terminal import START_TIMEOUT_S, cpu_share, settle_s, wait_started

SLOW_SOURCE = "fleet-1"
"""The first source in the profile: its rows would head the list (sorted by source), so a
dashboard that waited for it would show nothing before it answers."""


@dataclass(frozen=True)
class FleetSize:
    sources: int
    records: int
    """Records of history per source."""

    @property
    def label(self) -> str:
        return f"{self.sources} sources x {self.records:,} records"


def all_live(sources: int) -> str:
    """The header's words once every source has answered."""
    return f"{sources} sources: {sources} live"


@dataclass
class _ShownAt:
    """Stamps the first chunk after which the screen shows ``text`` (add ``on_chunk`` to a
    session's listeners after the mirror's ``feed``)."""

    mirror: ScreenMirror
    text: str
    at: float | None = field(default=None)

    def on_chunk(self, chunk: Chunk) -> None:
        if self.at is None and self.text in self.mirror.text():
            self.at = chunk.at


class _FleetSession:
    """The dashboard over every source of a fleet simulator, its screen mirrored."""

    def __init__(self, endpoint: str, size: FleetSize) -> None:
        config = fleet_config(endpoint, fleet_projects(size.sources, size.records))
        self.mirror = ScreenMirror(COLUMNS, LINES)
        self.everyone = _ShownAt(self.mirror, all_live(size.sources))
        self.session = PtySession(
            fleet_argv(config),
            dashboard_env(),
            COLUMNS,
            LINES,
            [self.mirror.feed, self.everyone.on_chunk],
        )

    def wait_all_live(self) -> float:
        """Seconds since spawn when the screen first said every source is live."""
        deadline = time.perf_counter() + START_TIMEOUT_S
        while self.everyone.at is None:
            if time.perf_counter() > deadline or self.session.process.poll() is not None:
                raise TimeoutError(
                    f"{self.everyone.text!r} not on screen; it shows:\n{self.mirror.text()}"
                )
            self.session.read_for(0.05)
        return self.everyone.at - self.session.started_at

    def started(self) -> None:
        """First records painted, every source in, then the settling time."""
        self.session.read_until(RECORDS_PAINTED, START_TIMEOUT_S)
        self.wait_all_live()
        self.session.read_for(settle_s())

    def __enter__(self) -> "_FleetSession":
        return self

    def __exit__(self, *_: object) -> None:
        self.session.close()


def first_records(size: FleetSize, slow_delay_s: float, runs: int) -> Row:
    """Row 13: one source answers only after ``slow_delay_s``; the others' records must be
    on screen well before it has."""
    first: list[float] = []
    everyone: list[float] = []
    with sim_process(
        size.records, fleet=size.sources, slow=SLOW_SOURCE, slow_delay_s=slow_delay_s
    ) as endpoint:
        for _ in range(runs):
            with _FleetSession(endpoint, size) as fleet:
                first.append(fleet.session.read_until(RECORDS_PAINTED, START_TIMEOUT_S))
                everyone.append(fleet.wait_all_live())
    first_ms, everyone_ms = ms_sample(first), ms_sample(everyone)
    # The slow source did wait (else this run measured nothing), and every run painted its
    # first records before that source could have answered.
    delayed = min(everyone) >= slow_delay_s
    return Row(
        "13",
        f"fleet: spawn -> first records painted, {size.label}, {SLOW_SOURCE}"
        f" answering after {slow_delay_s:g} s (pty)",
        f"first records {first_ms.show()}; all {size.sources} sources live"
        f" {everyone_ms.show()}" + ("" if delayed else " (the slow source did not wait!)"),
        f"first records before the slowest source answers (< {slow_delay_s:g} s)",
        delayed and max(first) < slow_delay_s,
    )


def idle_cpu(size: FleetSize, seconds: float) -> Row:
    """Row 14: as row 7, over the fleet (frozen data)."""
    with (
        sim_process(size.records, fleet=size.sources) as endpoint,
        _FleetSession(endpoint, size) as fleet,
    ):
        fleet.started()
        share, spent = cpu_share(fleet.session, seconds)
    return Row(
        "14",
        f"fleet: CPU idle over {seconds:g} s, {size.label}, default interval (pty)",
        f"{share:.2f}% of one core ({spent:.2f} s CPU)",
        "< 2% of one core",
        share < 2.0,
    )


def peak_memory(size: FleetSize, window_s: float) -> Row:
    """Row 15: peak RSS of the fleet vs one source with the fleet's records all in one
    list, each measured over its start, the settling time and ``window_s`` of polls."""
    single_records = size.sources * size.records
    with (
        sim_process(size.records, fleet=size.sources) as endpoint,
        _FleetSession(endpoint, size) as fleet,
    ):
        fleet.started()
        fleet.session.read_for(window_s)
        fleet_rss = fleet.session.peak_rss_bytes()
    with (
        sim_process(single_records) as endpoint,
        PtySession(dashboard_argv(endpoint), dashboard_env()) as session,
    ):
        wait_started(session)
        session.read_for(window_s)
        single_rss = session.peak_rss_bytes()
    times = fleet_rss / single_rss
    mb = 1e6
    return Row(
        "15",
        f"fleet: peak RSS, {size.label} vs one source with {single_records:,} (pty,"
        f" start + {window_s:g} s)",
        f"{fleet_rss / mb:,.0f} MB vs {single_rss / mb:,.0f} MB -> {times:.2f}x",
        "< 1.5x one source",
        times < 1.5,
    )
