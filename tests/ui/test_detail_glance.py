"""The detail pane and the full-screen detail read at a glance: another record starts at its
top, `J` / `K` step through the list from the full-screen detail, scrolling keys sent in a
burst all count, and a wide window's pane uses its width."""

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from bcs_tui.api.client import BcsClient
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.record_list import HEADER_LINES
from tests.clock import ManualClock
from tests.ui.support import fetched, make_app


async def _started(app: DashboardApp, pilot: Pilot[int]) -> None:
    await fetched(app, 1)
    await pilot.pause()


async def _select_the_longest_record(app: DashboardApp, pilot: Pilot[int]) -> None:
    """The record with the most sub-steps: its detail is the longest to scroll."""
    keys = app.main_screen.table.row_keys()

    def sub_steps(key: str) -> int:
        record = app.record_for(key)
        return 0 if record is None else record.operation_process.total

    row = keys.index(max(keys, key=sub_steps))
    await pilot.press(*["j"] * row)
    await asyncio.wait_for(app.wait_for_views(), 5)


def _screen_lines(pane: DetailPane) -> list[str]:
    """What the pane shows on screen now, a line per row."""
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


async def test_another_record_starts_the_detail_at_its_top(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        main = app.main_screen
        await pilot.press("tab", "j", "j", "j", "j")
        assert main.detail.scroll_y == 4
        await pilot.press("shift+tab", "j")
        await asyncio.wait_for(app.wait_for_views(), 5)
        await pilot.pause()
        selected = app.selected_key
        assert selected is not None and selected == main.table.row_keys()[1]
        assert main.detail.scroll_y == 0
        shown = _screen_lines(main.detail)
        assert shown[0].startswith("Operation") and selected in shown[0]
        assert shown[1].startswith("Status")


async def test_a_refresh_of_the_same_record_keeps_the_scroll_position(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        await pilot.press("tab", "j", "j", "j")
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()
        assert app.main_screen.detail.scroll_y == 3


async def test_capital_j_and_k_step_through_the_list_in_the_full_screen_detail(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        await pilot.press("s")  # another order than the server's: J follows the list shown
        await pilot.pause()
        keys = app.main_screen.table.row_keys()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        await pilot.press("j", "j")  # scroll: J must still start the next record at its top
        await pilot.press("J")
        await pilot.pause()
        assert app.selected_key == keys[1]
        assert screen.detail.scroll_y == 0
        assert keys[1] in _screen_lines(screen.detail)[0]
        await pilot.press("J", "J", "K")
        await pilot.pause()
        assert app.selected_key == keys[2] and keys[2] in screen.detail.shown_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DetailScreen)
        assert app.main_screen.table.cursor_row == 2 and app.selected_key == keys[2]
        assert keys[2] in app.main_screen.detail.shown_text


async def test_capital_k_on_the_first_record_stays_there(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        first = app.selected_key
        await pilot.press("enter", "K")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.selected_key == first


@pytest.mark.parametrize("full_screen", [False, True], ids=["pane", "full-screen"])
async def test_ten_scrolling_keys_in_one_burst_scroll_ten_lines(
    full_screen: bool, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 18)) as pilot:
        await _started(app, pilot)
        await _select_the_longest_record(app, pilot)
        await pilot.press("enter" if full_screen else "tab")
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        assert app.focused is pane and pane.max_scroll_y >= 14
        await pilot.press(*["j"] * 10)
        assert pane.scroll_y == 10
        # Keys handled before the next frame (a burst read at once, a held key while the
        # app is busy): each one counts, none is scrolled from a target not reached yet.
        for _ in range(3):
            pane.action_scroll_up()
        pane.action_page_down()
        expected = min(7 + pane.scrollable_content_region.height, pane.max_scroll_y)
        assert pane.scroll_y == expected
        await pilot.pause()
        assert pane.scroll_y == expected


@pytest.mark.parametrize(
    ("columns", "pane_width", "bar_line"),
    [(160, 150, 120), (200, 190, 160), (240, 110, 105)],
    ids=["160-stacked", "200-stacked", "240-side-by-side"],
)
async def test_a_wide_window_gives_the_detail_its_width(
    columns: int,
    pane_width: int,
    bar_line: int,
    client: BcsClient,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(columns, 50)) as pilot:
        await _started(app, pilot)
        pane = app.main_screen.detail
        width = pane.text_width
        assert width is not None and width >= pane_width
        timeline = pane.shown_text.splitlines()
        # Lines longer than 80 columns stay whole (no line is wrapped: one screen line
        # each), and the time bars grow into the room.
        assert max(len(line) for line in timeline) > 100
        assert pane.virtual_size.height == len(timeline)
        bars = [line for line in timeline if "█" in line or "░" in line]
        assert bars and all(len(line.rstrip()) > bar_line for line in bars)


def _burst(app: DashboardApp, *keys: str) -> None:
    """Keys in one burst, as a terminal delivers ``"\\rjjj"`` in one read: Pilot's press would
    wait for the app to be idle after each key, and the detail would be there for them."""
    for key in keys:
        app.simulate_key(key)


async def test_keys_in_the_same_burst_as_enter_reach_the_full_screen_detail(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 18)) as pilot:
        await _started(app, pilot)
        await _select_the_longest_record(app, pilot)
        selected = app.selected_key
        _burst(app, "enter", "j", "j", "j")
        await asyncio.wait_for(app.wait_for_views(), 5)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        # The keys scrolled the detail; none moved the list's cursor behind it.
        assert app.selected_key == selected
        assert screen.detail.scroll_y == 3
        assert app.focused is screen.detail


async def test_capital_j_in_the_same_burst_as_enter_steps_to_the_next_record(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        keys = app.main_screen.table.row_keys()
        _burst(app, "enter", "J")
        await asyncio.wait_for(app.wait_for_views(), 5)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        assert app.selected_key == keys[1] and keys[1] in screen.detail.shown_text


async def test_a_click_on_the_highlighted_row_opens_the_full_screen_detail(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        selected = app.selected_key
        table = app.main_screen.table
        first_row = table.content_region.y - table.region.y + HEADER_LINES  # below its border
        assert await pilot.click(table, offset=(2, first_row))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DetailScreen) and app.focused is screen.detail
        assert selected is not None and selected in screen.detail.shown_text
