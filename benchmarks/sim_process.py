"""The simulator in its own process, with its clock frozen so the data never changes, or
live (its own clock runs: running operations progress, end and new ones arrive; it keeps at
least three running, as the demo does).

A separate process keeps the server's work off the measured process (and its GIL). The
child prints its endpoint on one line and serves until its stdin closes.

    python -m benchmarks.sim_process RECORDS FROZEN_NS|live [--fleet COUNT]
        [--slow SOURCE] [--slow-delay SECONDS]

``--fleet COUNT`` serves ``generated_fleet(COUNT, RECORDS)`` (sources ``fleet-1`` ...
``fleet-COUNT``, RECORDS records each) beside a default project with no records;
``--slow SOURCE`` makes every answer for that source wait ``--slow-delay`` seconds.
"""

import argparse
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import httpx

from bcs_tui.api.client import RECORDS_PATH
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from bcs_tui.sim.fleet import SimProject, generated_fleet
from bcs_tui.sim.project_faults import DEFAULT_SLOW_DELAY_S
from bcs_tui.sim.server import SimConfig, SimServer

SEED = 7
LIVE = "live"


def fleet_projects(count: int, records: int) -> tuple[SimProject, ...]:
    """The projects ``sim_process(records, fleet=count)`` serves (the child builds the same
    ones: ``generated_fleet`` is deterministic)."""
    return generated_fleet(count, records)


@contextmanager
def sim_process(
    records: int,
    frozen_ns: int | None = None,
    *,
    live: bool = False,
    fleet: int = 0,
    slow: str | None = None,
    slow_delay_s: float = DEFAULT_SLOW_DELAY_S,
) -> Iterator[str]:
    """Start the simulator child; yields its endpoint (``http://127.0.0.1:PORT``).

    ``fleet``: serve that many generated projects of ``records`` each (``fleet_projects``)
    instead of one project of ``records``; ``slow``: the source (name or project ID) whose
    every answer waits ``slow_delay_s``."""
    clock = LIVE if live else str(time.time_ns() if frozen_ns is None else frozen_ns)
    argv = [sys.executable, "-m", "benchmarks.sim_process", str(records), clock]
    if fleet:
        argv += ["--fleet", str(fleet)]
    if slow is not None:
        argv += ["--slow", slow, "--slow-delay", repr(slow_delay_s)]
    child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        endpoint = child.stdout.readline().strip()
        if not endpoint.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the simulator did not start: {endpoint!r}")
        yield endpoint
    finally:
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def fetch_body(endpoint: str, project_id: str = DEFAULT_PROJECT_ID, **filters: str) -> bytes:
    """The simulator's list body of ``project_id`` as the dashboard would get it (with
    ``filters`` as query parameters), fetched by the benchmark itself."""
    url = endpoint + RECORDS_PATH.format(project_id=project_id)
    headers = {"X-Auth-Token": DEFAULT_TOKEN}
    return httpx.get(url, params=filters, headers=headers, timeout=60).content


def _config(arguments: argparse.Namespace) -> SimConfig:
    records = arguments.records
    fleet = fleet_projects(arguments.fleet, records) if arguments.fleet else ()
    config = SimConfig(
        # With a fleet the default project is served too, but no source lists it.
        records=0 if fleet else records,
        seed=SEED,
        fleet=fleet,
        project_slow=arguments.slow,
        slow_delay_s=arguments.slow_delay,
    )
    if arguments.clock == LIVE:
        return config
    frozen = int(arguments.clock)
    return replace(config, clock=lambda: frozen)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sim_process")
    parser.add_argument("records", type=int)
    parser.add_argument("clock", help=f"the frozen clock (ns since the epoch) or {LIVE!r}")
    parser.add_argument("--fleet", type=int, default=0)
    parser.add_argument("--slow")
    parser.add_argument("--slow-delay", type=float, default=DEFAULT_SLOW_DELAY_S)
    with SimServer(_config(parser.parse_args())) as sim:
        print(sim.endpoint, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
