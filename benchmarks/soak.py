"""Soak: the dashboard, headless, against the simulator (10,000 records, 1 s interval) for ten
minutes with faults switched on and off every minute. Nothing may leak.

New operations keep arriving and the oldest age out (the simulator's retention), so the list
stays at 10,000 records while rows are added and removed: memory that grows is then a leak,
not more data.

Run with ``make soak`` (or ``.venv/bin/python benchmarks/soak.py --minutes 2`` for a quick
look). The simulator runs in a child process, so what is measured is the dashboard alone.
Every 10 s: resident memory, live Python memory blocks after a full collection, open file
descriptors and sockets, asyncio tasks, open notifications and the fill of the record
list's rendered-row cache. At the end it prints the slopes and a verdict, and exits 1 when:

- live Python blocks grow more than 0.5 % per minute after the first minute (a leak);
- resident memory at rest (the lowest sample of each minute: a sample taken mid-parse is a
  passing peak) still grows more than 1 MiB per minute in the second half of the run (after
  the caches are warm; the whole-run slope of every sample is reported too);
- descriptors vary by more than 4, or sockets exceed 8;
- tasks grow: the fewest tasks seen in each minute (each toast holds a few tasks for its
  few seconds, so the floor is what stays) rise by more than 5 from the second minute on;
- the dashboard exits or crashes, or anything is logged at WARNING or above.

Fleet mode (``--fleet 5``; ``make soak-fleet`` runs it for 30 minutes): the dashboard over 5
sources of one simulator (``generated_fleet``), ``--records`` each (default 2,000, so 10,000
in all), with the retention as above. One source (``fleet-1``) goes down and comes back every
``--down-period`` seconds (the simulator's ``project_down``: 503 while down); the other faults
stay off. The same checks (descriptors and sockets allowing for a connection pool per
source), and each source's state must stay bounded and its own:

- every source lists at most ``--records`` records, and the fleet maps exactly as many row
  keys to sources as the sources hold records (a key map that grows is a leak);
- the failing source goes stale and comes back at least once each (else the fault did not
  bite and the run proves nothing), and no other source is ever seen stale or failing.
"""

import argparse
import asyncio
import gc
import itertools
import json
import logging
import multiprocessing
import os
import sys
import time
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.source_state import SourceHealth
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from bcs_tui.sim.fleet import SimProject, generated_fleet
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.options import DashboardOptions
from bcs_tui.ui.textual_compat import notification_count, toast_holders

# The simulator's fault modes, at half the requests, so some polls still succeed. Not
# "hostile": it makes every record's description a 10,000-character line, a 100 MB body at
# 10,000 records, which measures the allocator's peak rather than leaks; hostile text has
# its own tests (tests/reliability/test_hostile_pty.py).
FAULTS = ("500", "429", "malformed-json", "html-502", "hang", "drift")
FAULT_RATE = 0.5
SWITCH_EVERY_S = 60.0
SAMPLE_EVERY_S = 10.0
MAX_BLOCK_GROWTH_PER_MIN = 0.005
MAX_LATE_RSS_SLOPE_KIB_PER_MIN = 1024.0
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SEED = 5
DOWN_SOURCE = "fleet-1"
"""In fleet mode, the source that goes down and comes back."""
FLEET_RECORDS_PER_SOURCE = 2_000


@dataclass(frozen=True)
class Sample:
    at_s: float
    rss_kib: int
    blocks: int
    """Live Python memory blocks after a full collection: what a leak would make grow."""
    fds: int
    sockets: int
    tasks: int
    toasts: int
    toast_holders: int
    """Toast holders in the screen's rack: must follow ``toasts``, not pile up."""
    table_cache: int
    """Rendered rows the record list keeps (a bounded LRU cache)."""
    fetches: int
    records: int
    events: int
    """Entries in the events log (bounded at ``EVENT_LOG_LIMIT``: it fills, then stays)."""
    faults_on: bool
    stale: bool
    source_records: tuple[int, ...] = ()
    """Fleet mode: each source's records, in the sources' order."""
    source_health: tuple[str, ...] = ()
    """Fleet mode: each source's health (``SourceHealth``)."""
    fleet_keys: int = 0
    """Fleet mode: row keys the fleet maps to their sources (one per record held)."""


def fleet_of(count: int, records: int) -> tuple[SimProject, ...]:
    """The projects the fleet soak's simulator serves (and its dashboard lists)."""
    return generated_fleet(count, records, seed=SEED)


def _serve(records: int, control: Connection, fleet: int = 0, down_period_s: float = 0) -> None:
    """Child process: the simulator, taking fault switches (or "stop") from ``control``.
    ``fleet``: serve that many projects of ``records`` each, ``DOWN_SOURCE`` down every
    other ``down_period_s`` (the default project, unlisted, holds none)."""
    from bcs_tui.sim.server import SimConfig, SimServer

    config = SimConfig(records=records, retention=records, seed=SEED)
    if fleet:
        config = SimConfig(
            records=0,
            retention=records,
            seed=SEED,
            fleet=fleet_of(fleet, records),
            project_down=DOWN_SOURCE,
            down_period_ns=round(down_period_s * NS_PER_S),
        )
    with SimServer(config) as sim:
        control.send(sim.endpoint)
        while True:
            command = control.recv()
            if command == "stop":
                return
            sim.set_faults(command, FAULT_RATE)
            control.send("ok")


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE // 1024


def _descriptors() -> tuple[int, int]:
    """(open descriptors, of which sockets)."""
    names = os.listdir("/proc/self/fd")
    sockets = 0
    for name in names:
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                sockets += 1
        except OSError:
            continue  # closed between listing and reading: the listing's own descriptor
    return len(names), sockets


def _sample(app: DashboardApp, at_s: float, faults_on: bool) -> Sample:
    gc.collect()
    fds, sockets = _descriptors()
    fleet = app.state.fleet
    states = () if fleet is None else fleet.states
    return Sample(
        at_s=round(at_s, 1),
        rss_kib=_rss_kib(),
        blocks=sys.getallocatedblocks(),
        fds=fds,
        sockets=sockets,
        tasks=len(asyncio.all_tasks()),
        toasts=notification_count(app),
        toast_holders=len(toast_holders(app.screen)),
        table_cache=app.main_screen.table.cached_lines,
        fetches=app.fetch_count,
        records=len(app.records),
        events=len(app.events),
        faults_on=faults_on,
        stale=app.last_error is not None,
        source_records=tuple(len(state.records) for state in states),
        source_health=tuple(state.health.value for state in states),
        fleet_keys=0 if fleet is None else fleet.row_keys_held,
    )


def _slope_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value), per minute."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    if var == 0:
        return 0.0
    cov = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return cov / var * 60.0


class _Counter(logging.Handler):
    """Keeps every record at WARNING or above from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(f"{record.name}: {record.getMessage()}"[:300])


def _client(endpoint: str, project_id: str) -> BcsClient:
    return BcsClient(
        endpoint=endpoint,
        project_id=project_id,
        auth=AkSkAuth(DEFAULT_AK, DEFAULT_SK, project_id),
        retry=RetryPolicy(attempts=2, base_delay_s=0.2, max_delay_s=1.0, max_retry_after_s=2.0),
        max_response_bytes=256 * 1024 * 1024,
    )


def _dashboard(endpoint: str, fleet: tuple[SimProject, ...] = ()) -> DashboardApp:
    """One source (the default project), or one source per project of ``fleet``."""
    sources = [
        NamedSource(
            project.source_name,
            project.region,
            project.project_id,
            _client(endpoint, project.project_id),
        )
        for project in fleet
    ]
    options = DashboardOptions(
        profile="soak",
        project_id=DEFAULT_PROJECT_ID,
        endpoint=endpoint,
        interval_s=1.0,
        active_interval_s=1.0,
        max_backoff_s=8.0,
        export_dir=Path("/nonexistent-soak-export-dir"),
    )
    return DashboardApp(
        sources or _client(endpoint, DEFAULT_PROJECT_ID), options, close_source=True
    )


async def _drive(
    app: DashboardApp,
    minutes: float,
    control: Connection,
    samples: list[Sample],
    *,
    switch_faults: bool = True,
) -> bool:
    """Run the session, sampling as it goes; whether the dashboard was still up at the end.
    ``switch_faults``: switch the simulator's faults on and off every ``SWITCH_EVERY_S``."""
    loop = asyncio.get_running_loop()
    faults_on = False
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        # Every source's first answer (one source: its first fetch).
        await asyncio.wait_for(app.wait_for_fetches(max(1, len(app.sources))), 120)
        start = loop.time()
        next_switch = start + SWITCH_EVERY_S
        next_sample = start
        while (now := loop.time()) - start < minutes * 60.0 and app.is_running:
            if switch_faults and now >= next_switch:
                faults_on = not faults_on
                control.send(list(FAULTS) if faults_on else [])
                control.recv()
                next_switch += SWITCH_EVERY_S
            if now >= next_sample:
                samples.append(_sample(app, now - start, faults_on))
                print(json.dumps(asdict(samples[-1])), flush=True)
                next_sample += SAMPLE_EVERY_S
            # Move the cursor up and down, as a user would, so selection and detail work.
            await pilot.press("j" if int(now - start) % 20 < 10 else "k")
            await asyncio.sleep(1.0)
        alive = app.is_running
        if alive:
            await pilot.press("q")
    return alive


def _per_minute_floor(samples: list[Sample], name: str) -> dict[int, int]:
    """The lowest value of ``name`` in each whole minute of the run, by minute."""
    floors: dict[int, int] = {}
    for sample in samples:
        minute = int(sample.at_s // 60)
        value = int(getattr(sample, name))
        floors[minute] = min(value, floors.get(minute, value))
    return dict(sorted(floors.items()))


@dataclass(frozen=True)
class FleetPlan:
    sources: int
    records: int
    """Records each source lists (the simulator's retention)."""
    down_period_s: float


def _judge(
    samples: list[Sample],
    minutes: float,
    alive: bool,
    crash: str,
    logged: list[str],
    fleet: FleetPlan | None = None,
) -> dict[str, Any]:
    warm = [s for s in samples if s.at_s >= 60.0]
    rss_slope = _slope_per_min([(s.at_s, s.rss_kib) for s in warm])
    # Resident memory at rest: a sample taken while a 20 MB body is being parsed is a peak
    # that passes, so each minute counts by its lowest sample.
    rss_floors = _per_minute_floor(warm, "rss_kib")
    late_rss_slope = _slope_per_min(
        [(minute * 60.0, rss) for minute, rss in rss_floors.items() if minute >= minutes // 2]
    )
    block_slope = _slope_per_min([(s.at_s, s.blocks) for s in warm])
    baseline_blocks = warm[0].blocks if warm else 1
    fd_span = max(s.fds for s in warm) - min(s.fds for s in warm) if warm else 0
    socket_max = max((s.sockets for s in warm), default=0)
    task_floors = list(_per_minute_floor(warm, "tasks").values())
    tasks_early = task_floors[0] if task_floors else 0
    tasks_late = max(task_floors, default=0)
    failures = []
    if len(warm) < 2:
        failures.append("too short to judge: needs samples after the first minute")
    if block_slope > baseline_blocks * MAX_BLOCK_GROWTH_PER_MIN:
        failures.append(f"live Python blocks grow {block_slope:.0f}/min")
    if late_rss_slope > MAX_LATE_RSS_SLOPE_KIB_PER_MIN:
        failures.append(f"memory still grows {late_rss_slope:.0f} KiB/min in the second half")
    sources = 1 if fleet is None else fleet.sources
    # Each source has its own client, hence its own connection pool.
    if fd_span > 4 + 2 * (sources - 1):
        failures.append(f"descriptors vary by {fd_span}")
    if socket_max > 8 + 2 * (sources - 1):
        failures.append(f"{socket_max} sockets open")
    if tasks_late > tasks_early + 5:
        failures.append(f"the task floor rises from {tasks_early} to {tasks_late}")
    if crash:
        failures.append(f"the dashboard crashed: {crash}")
    elif not alive:
        failures.append("the dashboard exited")
    if logged:
        failures.append(f"{len(logged)} warnings or errors logged")
    fleet_summary: dict[str, Any] = {}
    if fleet is not None:
        fleet_summary = _judge_fleet(samples, fleet, failures)
    first, last = (warm[0], warm[-1]) if warm else (None, None)
    return {
        **fleet_summary,
        "minutes": minutes,
        "records_at_start": samples[0].records if samples else 0,
        "records_at_end": samples[-1].records if samples else 0,
        "fetches": samples[-1].fetches if samples else 0,
        "rss_mib_after_1_min_and_at_end": [
            round(first.rss_kib / 1024) if first else 0,
            round(last.rss_kib / 1024) if last else 0,
        ],
        "rss_slope_kib_per_min_after_1_min": round(rss_slope, 1),
        "rss_floor_mib_per_minute_after_1_min": [round(rss / 1024) for rss in rss_floors.values()],
        "rss_floor_slope_kib_per_min_second_half": round(late_rss_slope, 1),
        "blocks_after_1_min_and_at_end": [baseline_blocks, last.blocks if last else 0],
        "blocks_slope_per_min": round(block_slope, 1),
        "blocks_floor_per_minute_after_1_min": list(_per_minute_floor(warm, "blocks").values()),
        "events_after_1_min_and_at_end": [first.events if first else 0, last.events if last else 0],
        "table_cache_after_1_min_and_at_end": [
            first.table_cache if first else 0,
            last.table_cache if last else 0,
        ],
        "fd_span_after_1_min": fd_span,
        "max_sockets_after_1_min": socket_max,
        "task_floor_per_minute_after_1_min": task_floors,
        "logged": logged[:10],
        "failures": failures,
        "verdict": "PASS" if not failures else "FAIL",
    }


def _judge_fleet(samples: list[Sample], fleet: FleetPlan, failures: list[str]) -> dict[str, Any]:
    """The fleet's checks (appended to ``failures``) and what the summary shows of them."""
    names = [project.source_name for project in fleet_of(fleet.sources, fleet.records)]
    down = names.index(DOWN_SOURCE)
    most = [max((s.source_records[i] for s in samples), default=0) for i in range(len(names))]
    if max(most, default=0) > fleet.records:
        failures.append(f"a source holds more than {fleet.records} records: {most}")
    key_excess = [s.fleet_keys - sum(s.source_records) for s in samples]
    if any(key_excess):
        failures.append(f"the fleet's row keys differ from its records by {max(key_excess)}")
    seen = [s.source_health[down] for s in samples]
    went_down = SourceHealth.STALE.value in seen
    came_back = any(
        before == SourceHealth.STALE.value and after == SourceHealth.LIVE.value
        for before, after in itertools.pairwise(seen)
    )
    if not went_down:
        failures.append(f"{DOWN_SOURCE} was never seen stale: the fault did not bite")
    elif not came_back and len(samples) * SAMPLE_EVERY_S > 2 * fleet.down_period_s:
        failures.append(f"{DOWN_SOURCE} was never seen coming back")
    others_down = sorted(
        {
            f"{names[i]} {health} at {s.at_s:g} s"
            for s in samples
            for i, health in enumerate(s.source_health)
            if i != down and health in (SourceHealth.STALE.value, SourceHealth.FAILING.value)
        }
    )
    if others_down:
        failures.append(f"other sources failing: {', '.join(others_down[:5])}")
    return {
        "sources": names,
        "down_source": DOWN_SOURCE,
        "down_period_s": fleet.down_period_s,
        "down_source_health_per_sample": "".join(h[0] for h in seen),
        "most_records_per_source": most,
        "fleet_keys_minus_records_max": max(key_excess, default=0),
    }


async def soak(
    minutes: float, endpoint: str, control: Connection, fleet: FleetPlan | None = None
) -> dict[str, Any]:
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    asyncio.get_running_loop().set_exception_handler(
        lambda _loop, context: counter.seen.append(f"asyncio: {context.get('message')}")
    )
    samples: list[Sample] = []
    alive, crash = False, ""
    try:
        projects = () if fleet is None else fleet_of(fleet.sources, fleet.records)
        app = _dashboard(endpoint, projects)
        alive = await _drive(app, minutes, control, samples, switch_faults=fleet is None)
    except Exception as error:  # reported as a failure, with the samples taken so far
        crash = f"{type(error).__name__}: {error}"
    return _judge(samples, minutes, alive, crash, counter.seen, fleet)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--records",
        type=int,
        help=f"records per source (default 10,000; {FLEET_RECORDS_PER_SOURCE:,} with --fleet)",
    )
    parser.add_argument(
        "--fleet", type=int, default=0, metavar="N", help="N sources, one down on and off"
    )
    parser.add_argument(
        "--down-period",
        type=float,
        default=SWITCH_EVERY_S,
        metavar="SECONDS",
        help=f"with --fleet: {DOWN_SOURCE} is up, then down, for this long each",
    )
    parser.add_argument("--json-out", type=Path, help="also write the summary here")
    args = parser.parse_args()
    if args.fleet == 1:
        parser.error("--fleet needs 2 sources or more (one source is the plain soak)")
    fleet = None
    if args.fleet:
        records = args.records or FLEET_RECORDS_PER_SOURCE
        fleet = FleetPlan(args.fleet, records, args.down_period)
    else:
        records = args.records or 10_000
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(
        target=_serve, args=(records, child, args.fleet, args.down_period), daemon=True
    )
    server.start()
    started = time.monotonic()
    try:
        endpoint = parent.recv()
        summary = asyncio.run(soak(args.minutes, endpoint, parent, fleet))
    finally:
        parent.send("stop")
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()
    summary["wall_s"] = round(time.monotonic() - started, 1)
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json_out is not None:
        args.json_out.write_text(text + "\n")
    return 0 if summary["verdict"] == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
