"""``--ascii``: not one character outside ASCII anywhere on screen (borders, rules,
scrollbars, toasts, footer, command palette, help, dialogs), read back from the app's own
screenshot over a tour of every screen."""

from pathlib import Path

from bcs_tui.ui.app import DashboardApp
from tests.clock import ManualClock
from tests.ui.screen_cells import screen_cells
from tests.ui.screen_tour import screen_tour
from tests.ui.support import FROZEN_AT, dashboard_options, fetched, running_sim, sim_client


async def test_with_ascii_every_cell_of_every_screen_is_ascii(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    found: dict[str, set[str]] = {}
    stops = 0
    with running_sim(clock) as sim:
        options = dashboard_options(clock, tmp_path, ascii=True)
        app = DashboardApp(sim_client(sim, clock), options, close_source=True)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            async for stop, svg, _dialog in screen_tour(pilot):
                stops += 1
                others = {cell.char for cell in screen_cells(svg) if not cell.char.isascii()}
                if others:
                    found[stop] = others
    assert not found, found
    assert stops >= 12  # and one for each screen of OTHER_SCREENS


async def test_without_ascii_the_same_check_finds_unicode(tmp_path: Path) -> None:
    """The check can fail: the default glyphs and borders are not ASCII."""
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = DashboardApp(
            sim_client(sim, clock), dashboard_options(clock, tmp_path), close_source=True
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            chars = {cell.char for cell in screen_cells(app.export_screenshot())}
    assert {"─", "●", "✓"} <= chars
