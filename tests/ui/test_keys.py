"""Every key of the dashboard, pressed through Textual's Pilot against the real simulator
and client over loopback."""

import asyncio
import json
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Select

from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import ConfigError
from bcs_tui.cli import exit_code_for
from bcs_tui.core.listing import SORT_CYCLE, SortColumn
from bcs_tui.exit_codes import ExitCode
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.keys import KEY_ACTIONS, check_keymap, palette_actions
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.screens.filter_screen import FilterScreen
from bcs_tui.ui.screens.help_screen import HelpScreen
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, fetched, make_app

SIZE = (120, 40)


async def _started(app: DashboardApp, pilot: object) -> None:
    await fetched(app, 1)
    await pilot.pause()  # type: ignore[attr-defined]


def _header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one("#header").render())


async def test_j_k_and_arrows_move_the_cursor_and_the_detail_follows(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        keys = table.row_keys()
        assert app.selected_key == keys[0]
        await pilot.press("j")
        assert table.cursor_row == 1 and app.selected_key == keys[1]
        await pilot.press("down", "down")
        assert app.selected_key == keys[3]
        await pilot.press("k", "up")
        assert app.selected_key == keys[1]
        await asyncio.wait_for(app.wait_for_views(), 5)
        assert keys[1] in app.main_screen.detail.shown_text


async def test_g_and_capital_g_jump_to_first_and_last(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        keys = app.main_screen.table.row_keys()
        await pilot.press("G")
        assert app.selected_key == keys[-1]
        await pilot.press("g")
        assert app.selected_key == keys[0]


async def test_page_down_and_page_up(client: BcsClient, clock: ManualClock, tmp_path: Path) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        await pilot.press("pagedown")
        moved = table.cursor_row
        assert moved > 1
        await pilot.press("pageup")
        assert table.cursor_row < moved


async def test_tab_moves_between_list_and_detail(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        main = app.main_screen
        assert app.focused is main.table
        await pilot.press("tab")
        assert app.focused is main.detail
        await pilot.press("j")  # scrolls the detail, does not move the list
        assert main.table.cursor_row == 0
        await pilot.press("tab")
        assert app.focused is main.table


async def test_enter_opens_full_screen_detail_and_escape_returns(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        await pilot.press("j")
        selected = app.selected_key
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert selected is not None and selected in app.screen.detail.shown_text
        assert "Timeline" in app.screen.detail.shown_text
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)
        assert app.selected_key == selected


async def test_slash_filters_by_text_and_escape_clears(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        total = table.row_count
        await pilot.press("slash", *"failed")
        assert app.main_screen.search_bar.display
        assert 0 < table.row_count < total
        for key in table.row_keys():
            assert app.record_for(key).operation_status == "failed"  # type: ignore[union-attr]
        await pilot.press("enter")  # back to the list, filter kept
        assert app.focused is table and table.row_count < total
        await pilot.press("escape")
        assert table.row_count == total
        assert not app.main_screen.search_bar.display


async def test_f_sets_server_filters_that_become_query_parameters(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        dialog.query_one("#filter-status", Select).value = "finished"
        dialog.query_one("#filter-resource", Select).value = "BCSSVC01"
        dialog.query_one("#filter-operation", Select).value = "99"
        dialog.query_one("#filter-blockchain").focus()
        await pilot.press(*"chain-1", "enter")
        await fetched(app, 2)
        assert sim.request_log[-1].query == {
            "operation_status": "finished",
            "resource_type": "BCSSVC01",
            "operation_type": "99",
            "blockchain_id": "chain-1",
        }
        assert (
            "status: finished, resource: BCS change, type: create, blockchain: chain-1"
            in _header(app)
        )


async def test_f_then_escape_changes_nothing(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("f", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, FilterScreen)
        assert not app.server_filters.items()


async def test_s_cycles_sort_and_capital_s_reverses(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        default_order = table.row_keys()
        await pilot.press("s")
        assert "sort: status (normal)" in _header(app)
        await pilot.press("s", "s")
        assert "sort: blockchain" in _header(app)
        names = [app.record_for(k).blockchain_name.lower() for k in table.row_keys()]  # type: ignore[union-attr]
        assert names == sorted(names)
        await pilot.press("S")
        assert "(reversed)" in _header(app)
        names = [app.record_for(k).blockchain_name.lower() for k in table.row_keys()]  # type: ignore[union-attr]
        assert names == sorted(names, reverse=True)
        for _ in range(len(SORT_CYCLE) - 3):  # round to the default order
            await pilot.press("s")
        assert "sort: running first" in _header(app)
        await pilot.press("S")
        assert table.row_keys() == default_order


async def test_r_refreshes_now(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        before = len(sim.request_log)
        await pilot.press("r")
        await fetched(app, 2)
        assert len(sim.request_log) == before + 1


async def test_p_pauses_and_resumes(client: BcsClient, clock: ManualClock, tmp_path: Path) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("p")
        assert app.paused and "paused" in _header(app)
        await pilot.press("p")
        assert not app.paused
        await fetched(app, 2)  # resuming fetches at once
        await pilot.pause()
        assert "live" in _header(app)


async def test_plus_and_minus_change_the_interval(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path, interval_s=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        assert "every 5s" in _header(app) or "every 2s" not in _header(app)
        await pilot.press("plus")
        assert app.policy.interval_s == 10
        await pilot.press("minus", "minus")
        assert app.policy.interval_s == 3
        assert "every 3s" in _header(app)


async def test_t_toggles_utc_and_local_time(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path, utc=True)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        detail = app.main_screen.detail
        assert "Z (" in detail.shown_text and "UTC" in _header(app)
        await pilot.press("t")
        assert not app.utc
        assert "Z (" not in detail.shown_text and "local time" in _header(app)


async def test_y_copies_the_operation_id(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("j", "y")
        assert app.clipboard == app.selected_key


async def test_e_exports_the_record_as_exact_json(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("e")
        record = app.selected_record
        assert record is not None
        (path,) = tmp_path.glob("bcs-operation-*.json")
        assert json.loads(path.read_text()) == record.to_api_json()
        assert str(record.record_time) in path.read_text()  # 19 digits, not a float
        # The toast says which file (cut to its room, the file's name kept first).
        assert any(n.message.endswith(path.name[-8:]) for n in notifications(app))


async def test_question_mark_lists_every_key(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for item in KEY_ACTIONS:
            assert item.description in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits_with_exit_code_zero(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keymap_from_options_remaps_bindings(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    keymap = {"dashboard.refresh": "f5", "dashboard.sort": "o", "list.down": "n"}
    app = make_app(client, clock, tmp_path, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert app.fetch_count == 1  # "r" no longer refreshes
        await pilot.press("f5")
        await fetched(app, 2)
        await pilot.press("o")  # a main-screen binding
        assert app.sort_column is SortColumn.STATUS
        await pilot.press("n")  # a record-table binding
        assert app.main_screen.table.cursor_row == 1
        await pilot.press("question_mark")
        assert "f5" in str(app.screen.query_one("#help-text").render())


def test_every_palette_entry_names_an_action_of_the_app(tmp_path: Path) -> None:
    app = make_app(None, ManualClock(FROZEN_AT), tmp_path)
    for item in palette_actions():
        name = item.action.removeprefix("app.")
        assert callable(getattr(app, f"action_{name}", None)), item.id


async def test_command_palette_runs_an_action(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("ctrl+p", *"Refresh now")
        assert isinstance(app.screen, CommandPalette)
        hits = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in a worker; wait for its answer
            if hits.option_count:
                break
            await pilot.pause()
        await pilot.press("enter")
        await fetched(app, 2)


async def test_changing_the_theme_recolours_existing_rows(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        key = table.row_keys()[0]
        before = table.get_cell(key, "status").style
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert table.get_cell(key, "status").style != before


@pytest.mark.parametrize(
    ("keymap", "clash"),
    [
        (
            {"dashboard.refresh": "x", "dashboard.pause": "x"},
            "dashboard.refresh and dashboard.pause",
        ),
        ({"dashboard.refresh": "p"}, "dashboard.refresh and dashboard.pause"),
        ({"dashboard.quit": "j"}, "dashboard.quit and list.down"),
        ({"detail.back": "q,escape"}, "dashboard.quit and detail.back"),
    ],
    ids=["both-remapped", "onto-a-default-key", "shadowed-by-the-list", "full-screen-detail"],
)
def test_two_bindings_on_one_key_are_refused(keymap: dict[str, str], clash: str) -> None:
    with pytest.raises(ConfigError, match="two key bindings on one key") as caught:
        check_keymap(keymap)
    assert clash in str(caught.value)
    assert exit_code_for(caught.value) == ExitCode.USAGE


@pytest.mark.parametrize(
    "keymap",
    [
        {"list.down": "n", "detail.down": "n"},
        {"dashboard.clear-search": "x", "detail.back": "x"},
        {"dashboard.refresh": "r,f5"},
        {"list.select": "o", "dashboard.open-detail": "o"},
    ],
    ids=["list-and-detail-pane", "main-and-full-screen", "own-default-kept", "enter-in-two-places"],
)
def test_bindings_that_never_answer_the_same_key_press_may_share_a_key(
    keymap: dict[str, str],
) -> None:
    check_keymap(keymap)


async def test_no_sideways_scrolling_keys_in_the_list_or_the_pane(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    # Textual's scrolling containers bring left / right and ctrl+pageup bindings of their
    # own, which the keys panel would list: the list and the pane answer the keys of the
    # key table alone (the list's left / right among them, for a window under 80 columns).
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await fetched(app, 1)
        for pane in ("#records", "#detail"):
            app.screen.query_one(pane).focus()
            await pilot.pause()
            active = set(app.screen.active_bindings)
            assert not active & {"ctrl+pageup", "ctrl+pagedown"}, pane
            assert {"j", "down", "pagedown", "home"} <= active, pane
            assert ("left" in active) is (pane == "#records"), pane
