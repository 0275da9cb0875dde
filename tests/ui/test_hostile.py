"""Server text is shown literally: no markup interpreted, no control character let through."""

import re
from pathlib import Path

from bcs_tui.core.record_view import COLUMNS
from bcs_tui.sim.hostile import RICH_MARKUP, TEXTUAL_MARKUP
from bcs_tui.ui.app import DashboardApp
from tests.clock import ManualClock
from tests.ui.support import fetched, make_app, running_sim, sim_client

CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _everything_shown(app: DashboardApp) -> str:
    main = app.main_screen
    table = main.table
    cells = [
        table.get_cell(key, column.key).plain for key in table.row_keys() for column in COLUMNS
    ]
    header = str(main.query_one("#header").render())
    # Lines of our own layout are joined with spaces; any newline left came from a server.
    return " ".join([*cells, main.detail.shown_text.replace("\n", " "), header.replace("\n", " ")])


async def test_hostile_records_are_inert_everywhere(clock: ManualClock, tmp_path: Path) -> None:
    with running_sim(clock, records=3, faults=frozenset({"hostile"})) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=(120, 40)) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                assert app.last_error is None and app.records
                for index in range(len(app.records)):
                    if index:
                        await pilot.press("j")
                    assert app.main_screen.table.cursor_row == index
                    shown = _everything_shown(app)
                    assert CONTROL.search(shown) is None, repr(CONTROL.search(shown))
                # Markup arrives as the characters that were sent.
                shown_all = _everything_shown(app)
                assert RICH_MARKUP in shown_all or TEXTUAL_MARKUP in shown_all
                await pilot.press("enter")
                await pilot.pause()
                assert CONTROL.search(app.screen.detail.shown_text.replace("\n", " ")) is None
                await pilot.press("y")
                assert CONTROL.search(app.clipboard) is None
                await pilot.press("e")
                (path,) = tmp_path.glob("*.json")
                assert "/" not in path.name[:-5] and path.parent == tmp_path
