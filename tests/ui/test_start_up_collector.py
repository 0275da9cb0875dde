"""The dashboard ends start-up (``base/start_up.py``) once its first records are painted,
or its first fetch failed: the collector the command line paused runs again."""

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.api.errors import NetworkError
from bcs_tui.base import start_up
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock
from tests.ui.support import ScriptedSource, fetched, make_app, sim_client

SIZE = (100, 30)


@pytest.fixture
def paused() -> Iterator[None]:
    """Start-up as the command line begins it; the test process's collector restored."""
    start_up.pause_collector()
    yield
    start_up.start_up_done()
    gc.unfreeze()
    gc.enable()


@pytest.mark.usefixtures("paused")
async def test_the_first_records_end_start_up(
    sim: SimServer, clock: ManualClock, tmp_path: Path
) -> None:
    async with sim_client(sim, clock) as client:
        app = make_app(client, clock, tmp_path)
        async with app.run_test(size=SIZE):
            assert not gc.isenabled()
            await fetched(app, 1)
            assert app.records
            assert gc.isenabled()


@pytest.mark.usefixtures("paused")
async def test_a_failed_first_fetch_ends_start_up(clock: ManualClock, tmp_path: Path) -> None:
    source = ScriptedSource(error=NetworkError("connection refused"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE):
        await fetched(app, 1)
        assert app.last_error is not None
        assert gc.isenabled()
