"""The simulator in its own process, with its clock frozen so the data never changes.

A separate process keeps the server's work off the measured process (and its GIL). The
child prints its endpoint on one line and serves until its stdin closes.

    python -m benchmarks.sim_process RECORDS FROZEN_NS
"""

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bcs_tui.sim.server import SimConfig, SimServer

SEED = 7


@contextmanager
def sim_process(records: int, frozen_ns: int | None = None) -> Iterator[str]:
    """Start the simulator child; yields its endpoint (``http://127.0.0.1:PORT``)."""
    frozen = time.time_ns() if frozen_ns is None else frozen_ns
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.sim_process", str(records), str(frozen)],
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


def main() -> None:
    records, frozen = int(sys.argv[1]), int(sys.argv[2])
    config = SimConfig(records=records, seed=SEED, clock=lambda: frozen)
    with SimServer(config) as sim:
        print(sim.endpoint, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
