"""Start-up of the installed ``bcs-tui`` in a real pseudo-terminal: against a simulator with a
long list, the first screen of records shows, then every record is there to move to; with
``--demo``, its simulator runs as a process of its own that ends with the program."""

import asyncio
import os
import select
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.status_view import glyph_set
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from bcs_tui.sim.server import SimConfig, SimServer
from tests.pty_terminal import PtyTerminal

COLUMNS, LINES = 100, 30
RECORDS = 1500
BCS_TUI = Path(sys.executable).parent / "bcs-tui"
STARTUP_TIMEOUT_S = 30.0
KEY_TIMEOUT_S = 10.0


@pytest.fixture
def sim() -> Iterator[SimServer]:
    # A clock frozen at start (near the real one, which the signatures are checked against):
    # the program lists exactly what the test lists.
    frozen = time.time_ns()
    with SimServer(SimConfig(records=RECORDS, seed=7, clock=lambda: frozen)) as server:
        yield server


def last_listed(sim: SimServer) -> str:
    """The operation ID the dashboard lists last, by the dashboard's own state."""

    async def fetch() -> DashboardState:
        auth = AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID)
        async with BcsClient(
            endpoint=sim.endpoint, project_id=DEFAULT_PROJECT_ID, auth=auth
        ) as client:
            result = await client.list_records()
        state = DashboardState(
            glyphs=glyph_set(False),
            policy=RefreshPolicy(interval_s=5.0),
            server_filters=RecordFilters(),
        )
        state.accept(result, RecordFilters(), sim.config.clock())
        return state

    return asyncio.run(fetch()).visible[-1][0]


@pytest.mark.timeout(90)
def test_a_long_list_shows_its_first_records_then_all_of_them(
    sim: SimServer, tmp_path: Path
) -> None:
    last = last_listed(sim)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "HUAWEICLOUD_SDK_AK": DEFAULT_AK,
        "HUAWEICLOUD_SDK_SK": DEFAULT_SK,
    }
    argv = [str(BCS_TUI), "--endpoint", sim.endpoint, "--project-id", DEFAULT_PROJECT_ID]
    with PtyTerminal(argv, env, columns=COLUMNS, lines=LINES, cwd=tmp_path) as terminal:
        screen = terminal.wait_for(
            lambda text: "finished" in text and "records" in text, STARTUP_TIMEOUT_S
        )
        assert last not in screen
        terminal.send(b"G")
        terminal.wait_for(lambda text: last in text, KEY_TIMEOUT_S)
        terminal.send(b"q")
        assert terminal.wait_exit(KEY_TIMEOUT_S) == 0


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listed:
        return [int(child) for child in listed.read().split()]


def ended(pid: int, timeout_s: float) -> bool:
    """Whether process ``pid`` ends within ``timeout_s`` (waited on as an event: its pidfd)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout_s)[0])
    finally:
        os.close(fd)


@pytest.mark.timeout(90)
def test_the_demo_simulator_process_ends_with_the_dashboard(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "TZ": "UTC"}
    argv = [str(BCS_TUI), "--demo"]
    with PtyTerminal(argv, env, columns=COLUMNS, lines=LINES, cwd=tmp_path) as terminal:
        terminal.wait_for(lambda text: "finished" in text and "demo" in text, STARTUP_TIMEOUT_S)
        simulators = children(terminal.process.pid)
        assert len(simulators) == 1
        terminal.send(b"q")
        assert terminal.wait_exit(KEY_TIMEOUT_S) == 0
        assert ended(simulators[0], KEY_TIMEOUT_S)
