"""The dashboard ends start-up (``base/start_up.py``) once its first records are painted,
or its first fetch failed, or a while has passed without them: the collector the command
line paused runs again."""

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.api.errors import NetworkError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.base import start_up
from bcs_tui.sim.server import SimServer
from bcs_tui.ui import app as app_module
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
    collecting: list[bool] = []
    async with sim_client(sim, clock) as client:

        class Watching:
            """Whether the collector runs while the first list is fetched (the fetch
            starts as the app loads: it may be over before the test's body runs)."""

            async def list_records(self, filters: RecordFilters) -> RecordList:
                collecting.append(gc.isenabled())
                return await client.list_records(filters)

        app = make_app(Watching(), clock, tmp_path)
        async with app.run_test(size=SIZE):
            await fetched(app, 1)
            assert collecting == [False]
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


class Silent:
    """A source whose first answer never comes (a network that swallows the request)."""

    async def list_records(self, filters: RecordFilters) -> RecordList:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


@pytest.mark.usefixtures("paused")
async def test_a_first_fetch_that_never_answers_ends_start_up_after_a_while(
    clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "START_UP_LIMIT_S", 0.01)
    app = make_app(Silent(), clock, tmp_path)
    async with app.run_test(size=SIZE):
        await asyncio.wait_for(app.wait_for_tick(), 10.0)  # the limit is long past
        assert app.fetch_count == 0
        assert gc.isenabled()
