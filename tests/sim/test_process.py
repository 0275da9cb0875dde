"""The ``--demo`` simulator in a process of its own: it answers at once at the endpoint it
was given, and it never outlives the program that started it, however that one ends."""

import os
import select
import signal
import subprocess
import sys

import httpx
import pytest

from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from bcs_tui.sim.process import SimProcess, demo_simulator

EXIT_TIMEOUT_S = 10.0


def list_records(endpoint: str) -> httpx.Response:
    return httpx.get(
        f"{endpoint}/v2/{DEFAULT_PROJECT_ID}/operation/record",
        headers={"X-Auth-Token": DEFAULT_TOKEN},
        timeout=30,
    )


def ended(pid: int) -> bool:
    """Whether process ``pid`` ends within the timeout (waited on as an event: its pidfd)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], EXIT_TIMEOUT_S)
        return bool(readable)
    finally:
        os.close(fd)


def test_it_answers_at_its_endpoint_as_soon_as_started() -> None:
    with SimProcess(speed=2.0) as sim:
        # Asked right away: the request waits in the socket's backlog until the child serves.
        answer = list_records(sim.endpoint)
        assert answer.status_code == 200
        assert answer.json()["count"] >= 1
        pid = sim.pid
    assert pid is not None and ended(pid)
    with pytest.raises(httpx.ConnectError):
        list_records(sim.endpoint)


def test_demo_simulator_yields_a_serving_endpoint() -> None:
    with demo_simulator(1.0) as endpoint:
        assert list_records(endpoint).status_code == 200


PARENT = """
import sys
from bcs_tui.sim.process import SimProcess
sim = SimProcess().start()
print(sim.endpoint, sim.pid, flush=True)
sys.stdin.read()
"""


def test_it_ends_when_the_program_that_started_it_is_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        endpoint, pid = parent.stdout.readline().split()
        assert list_records(endpoint).status_code == 200
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert ended(int(pid))
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
