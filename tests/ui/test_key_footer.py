"""The footer of our own (one line built from the bindings of what has focus), through
Textual's Pilot against the real simulator and client over loopback."""

from pathlib import Path

from bcs_tui.api.client import BcsClient
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.screens.help_screen import HelpScreen
from bcs_tui.ui.widgets.key_footer import KeyFooter
from tests.clock import ManualClock
from tests.ui.support import fetched, make_app

SIZE = (120, 30)
PALETTE = "▏^p palette "


def _footer(screen: object) -> str:
    return str(screen.query_one(KeyFooter).render())  # type: ignore[attr-defined]


async def test_the_footer_shows_the_focused_lists_keys_and_the_palette_on_the_right(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        line = _footer(app.screen)
        assert line.startswith(
            " ⏎ Detail  / Search  f Filters  s Sort  r Refresh  p Pause  ? Help  q Quit "
        )
        assert line.endswith(PALETTE) and len(line) == SIZE[0]


async def test_at_80_columns_the_keys_keep_quit_and_the_palette_gives_way(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        line = _footer(app.screen)
        assert line.startswith(" ⏎ Detail ") and line.rstrip().endswith("q Quit")
        assert "palette" not in line and len(line) <= 80


async def test_the_footer_follows_the_focus_and_the_screen(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.press("slash")  # the search bar has focus: the list's keys go
        await pilot.pause()
        assert " s Sort " not in _footer(app.screen)
        assert _footer(app.screen).endswith(PALETTE)
        await pilot.press("escape")
        await pilot.pause()
        assert " s Sort " in _footer(app.screen)
        await pilot.press("enter")  # the full-screen detail has keys of its own
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        line = _footer(app.screen)
        assert line.startswith(" esc Back ") and " s Sort " not in line


async def test_the_footer_shows_remapped_keys(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path, keymap={"dashboard.refresh": "f5"})
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        line = _footer(app.screen)
        assert " f5 Refresh " in line and " r Refresh " not in line


async def test_a_click_on_a_key_in_the_footer_presses_it(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        column = _footer(app.screen).index(" ? Help ") + 1
        await pilot.click(KeyFooter, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
