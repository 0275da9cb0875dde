"""The simulator in its own process, with its clock frozen so the data never changes, or
live (its own clock runs: running operations progress, end and new ones arrive; it keeps at
least three running, as the demo does).

A separate process keeps the server's work off the measured process (and its GIL). The
child prints its endpoint on one line and serves until its stdin closes.

    python -m benchmarks.sim_process RECORDS FROZEN_NS|live
"""

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from bcs_tui.api.client import RECORDS_PATH
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from bcs_tui.sim.server import SimConfig, SimServer

SEED = 7
LIVE = "live"


@contextmanager
def sim_process(records: int, frozen_ns: int | None = None, *, live: bool = False) -> Iterator[str]:
    """Start the simulator child; yields its endpoint (``http://127.0.0.1:PORT``)."""
    clock = LIVE if live else str(time.time_ns() if frozen_ns is None else frozen_ns)
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.sim_process", str(records), clock],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
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


def fetch_body(endpoint: str, **filters: str) -> bytes:
    """The simulator's list body as the dashboard would get it (with ``filters`` as query
    parameters), fetched by the benchmark itself."""
    url = endpoint + RECORDS_PATH.format(project_id=DEFAULT_PROJECT_ID)
    headers = {"X-Auth-Token": DEFAULT_TOKEN}
    return httpx.get(url, params=filters, headers=headers, timeout=60).content


def main() -> None:
    records, clock = int(sys.argv[1]), sys.argv[2]
    if clock == LIVE:
        config = SimConfig(records=records, seed=SEED)
    else:
        frozen = int(clock)
        config = SimConfig(records=records, seed=SEED, clock=lambda: frozen)
    with SimServer(config) as sim:
        print(sim.endpoint, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
