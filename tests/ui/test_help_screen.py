"""``?``: a legend of what the screen shows and every key, fitting 80 columns."""

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from bcs_tui.api.client import BcsClient
from bcs_tui.base.status import Status
from bcs_tui.core.header_view import Connection
from bcs_tui.core.record_view import COLUMNS
from bcs_tui.core.status_view import glyph_set
from bcs_tui.ui.screens.help_screen import (
    COLUMN_MEANINGS,
    HEADER_STATES,
    TEXT_WIDTH,
    HelpScreen,
    legend_text,
)
from tests.clock import ManualClock
from tests.ui.support import fetched, make_app


def test_the_legend_explains_every_column_and_every_header_state() -> None:
    # A column or a header state added without a line in the legend fails here.
    assert {column.key for column in COLUMNS} <= set(COLUMN_MEANINGS)
    assert set(Connection) <= set(HEADER_STATES)


@pytest.mark.parametrize("ascii_only", [False, True])
def test_the_legend_shows_each_status_glyph_and_the_time_bar(ascii_only: bool) -> None:
    glyphs = glyph_set(ascii_only)
    text = legend_text(glyphs).plain
    for status in (Status.FINISHED, Status.FAILED, Status.STOP, Status.PROCESSING):
        assert f"{glyphs.status(status)} {status.word}" in text
    assert glyphs.bar_filled * 4 in text and glyphs.running_marker in text
    assert f"{glyphs.slowest} the slowest step" in " ".join(text.split())
    assert f"{glyphs.sort_ascending} / {glyphs.sort_descending}" in text
    for state in Connection:
        assert f"{state.value}: " in text


async def test_help_fits_80_columns_without_scrolling_sideways(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box", VerticalScroll)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert box.region.width <= 80
        assert box.max_scroll_x == 0 and not box.show_horizontal_scrollbar
        assert max(len(line) for line in text.splitlines()) <= TEXT_WIDTH
        assert box.scrollable_content_region.width >= TEXT_WIDTH
        assert "What the screen shows" in text and "dashboard.interval-shorter" in text


async def test_j_and_k_scroll_the_help_a_line_each_even_in_a_burst(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box", VerticalScroll)
        assert box.scroll_y == 0 and box.max_scroll_y > 5
        await pilot.press(*["j"] * 5)
        assert box.scroll_y == 5
        await pilot.press("k", "k")
        assert box.scroll_y == 3
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_the_legend_names_the_source_column_and_explains_the_health_line() -> None:
    from bcs_tui.ui.keys import KEY_ACTIONS

    text = " ".join(legend_text(glyph_set(False)).plain.split())
    assert "Columns Source: with several sources" in text
    assert "Health in the detail: the chain's status, what is done to it" in text
    descriptions = {item.id: item.description for item in KEY_ACTIONS}
    assert "source's name" in descriptions["dashboard.search"]
    assert "1 / esc all again" in descriptions["dashboard.sources"]


async def test_everywhere_keys_start_on_the_first_screen_of_help_at_100x30(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    """The demo's terminal test (tests/e2e) looks for them there: the legend stays short."""
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await fetched(app, 1)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box", VerticalScroll)
        text = str(app.screen.query_one("#help-text", Static).render()).splitlines()
        first = next(index for index, line in enumerate(text) if line.startswith("Everywhere"))
        assert first + 2 <= box.scrollable_content_region.height  # and its first key
