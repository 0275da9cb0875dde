"""What the header, the error line and the empty detail say at 80x24, as a new operator
reads them: plain words, no part flickering with the clock, no "updated just now" while
stale, one error line, and an empty list that says why."""

from pathlib import Path

from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.ui.app import DashboardApp
from tests.clock import ManualClock
from tests.ui.support import ScriptedSource, fetched, make_app

SIZE = (80, 24)


def _detail(app: DashboardApp) -> str:
    return app.main_screen.detail.shown_text


async def test_server_filters_that_match_nothing_say_so_in_the_detail(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    nothing = RecordFilters(blockchain_id="no-such-chain")
    app = make_app(client, clock, tmp_path, filters=nothing)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert app.main_screen.table.row_count == 0
        assert _detail(app) == (
            "No operation matches the server filters (blockchain: no-such-chain); f changes them."
        )


async def test_a_project_without_operations_says_so_in_the_detail(
    clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(ScriptedSource(), clock, tmp_path)  # the server lists none
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert _detail(app) == "No operation records in this project."
