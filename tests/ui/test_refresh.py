"""A refresh keeps the user's place, updates in place, survives failures and recovers."""

import asyncio
from pathlib import Path

from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import NetworkError
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.widgets.record_list import RecordList as RecordListWidget
from tests.clock import ManualClock
from tests.ui.support import (
    FROZEN_AT,
    ScriptedSource,
    fetched,
    make_app,
    record_payload,
    refresh_now,
)

SIZE = (120, 40)


def _at(seconds_ago: int) -> int:
    return FROZEN_AT - seconds_ago * NS_PER_S


def _header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one("#header").render())


def _error_line(app: DashboardApp) -> str:
    line = app.main_screen.query_one("#error-line")
    return str(line.render()) if line.display else ""


def _three() -> ScriptedSource:
    source = ScriptedSource()
    source.set_records(
        record_payload("A", record_time=_at(100), blockchain_name="alpha"),
        record_payload("B", record_time=_at(200), blockchain_name="bravo"),
        record_payload("C", record_time=_at(300), blockchain_name="charlie"),
    )
    return source


async def test_rows_added_above_keep_the_selected_record(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        await pilot.press("j")
        assert app.selected_key == "B"
        source.set_records(
            record_payload("N1", record_time=_at(5)),
            record_payload("N2", record_time=_at(10)),
            *source.payload["operation_records"],
        )
        await refresh_now(app, pilot)
        assert table.row_keys() == ["N1", "N2", "A", "B", "C"]
        assert app.selected_key == "B"
        assert table.cursor_row == 3
        assert "Operation    B" not in app.main_screen.detail.shown_text
        assert app.main_screen.detail.shown_text.splitlines()[0].endswith(" B")


async def test_selected_record_disappearing_selects_its_neighbour(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        await pilot.press("j")
        records = source.payload["operation_records"]
        source.set_records(records[0], records[2])
        await refresh_now(app, pilot)
        assert app.main_screen.table.row_keys() == ["A", "C"]
        assert app.selected_key == "C"
        assert app.main_screen.detail.shown_text.splitlines()[0].endswith(" C")


async def test_only_changed_cells_are_rewritten(clock: ManualClock, tmp_path: Path) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        drawn = table.lines_rendered
        records = source.payload["operation_records"]
        records[0]["blockchain_name"] = "renamed"  # no wider than "charlie": widths stay
        source.set_records(*records)
        await refresh_now(app, pilot)
        assert table.get_cell("A", "blockchain").plain == "renamed"
        assert "renamed" in table.render_line(1).text
        # Row A alone was drawn again; B and C came from the rendered-row cache.
        assert table.lines_rendered == drawn + 1
        assert table.row_keys() == ["A", "B", "C"]


async def test_a_clock_tick_redraws_only_the_rows_whose_text_moved(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(
        record_payload("RECENT", record_time=_at(30)),  # "30s ago" reads "31s ago" next second
        record_payload("OLD-1", record_time=_at(3 * 3600)),
        record_payload("OLD-2", record_time=_at(4 * 3600)),
    )
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        drawn = table.lines_rendered
        clock.advance(NS_PER_S)
        await asyncio.wait_for(app.wait_for_tick(), 5)
        await pilot.pause()
        assert table.get_cell("RECENT", "updated").plain == "31s ago"
        assert "31s ago" in table.render_line(1).text
        assert table.lines_rendered == drawn + 1


async def test_filter_sort_and_detail_scroll_survive_a_refresh(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        await pilot.press("s", "S", "slash", *"bravo", "enter", "tab")
        detail = app.main_screen.detail
        await pilot.press("j", "j", "j")
        scrolled = detail.scroll_y
        assert scrolled > 0
        await refresh_now(app, pilot)
        assert app.search == "bravo" and app.sort_reverse
        assert app.main_screen.table.row_keys() == ["B"]
        assert detail.scroll_y == scrolled
        assert app.focused is detail


async def test_a_search_lands_on_the_first_match_and_says_when_nothing_matches(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        await pilot.press("j")
        assert app.selected_key == "B"
        await pilot.press("slash", *"charlie")
        await pilot.pause()
        assert table.row_keys() == ["C"]
        assert app.selected_key == table.selected_key == "C"
        assert app.main_screen.detail.shown_text.splitlines()[0].endswith(" C")
        await pilot.press(*"-x")
        await pilot.pause()
        assert table.row_count == 0 and app.selected_key is None
        assert app.main_screen.detail.shown_text == 'No records match "charlie-x".'
        assert "0/3 records" in _header(app)
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_keys() == ["A", "B", "C"]
        assert app.selected_key == table.selected_key == "A"


async def test_a_cursor_message_from_before_the_search_does_not_select_a_hidden_record(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert table.row_count == 0 and app.selected_key is None
        # What a burst of keys leaves queued: the list's cursor message from before the
        # search emptied it.
        table.post_message(RecordListWidget.Highlighted("B"))
        await pilot.pause()
        assert app.selected_key is None
        assert app.main_screen.detail.shown_text == 'No records match "zzz".'


async def test_a_render_before_the_cursor_message_keeps_the_cursor_where_a_key_put_it(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        assert table.selected_key == "A"
        # What ``G`` does, then, before its message is handled, a render that re-syncs
        # the list (the clock's tick or a poll can come first).
        table.action_scroll_bottom()
        app.render_views(everything=True)
        assert table.selected_key == "C"
        await pilot.pause()
        assert app.selected_key == "C"
        assert app.main_screen.detail.shown_text.splitlines()[0].endswith(" C")


async def test_failure_keeps_data_marked_stale_then_recovers(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path, interval_s=5.0, active_interval_s=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        rows = app.main_screen.table.row_keys()
        sim.set_faults({"500"})
        await refresh_now(app, pilot)
        assert "stale" in _header(app)
        error = _error_line(app)
        assert "HTTP 500 BCS.5000500: Internal Server Error (request ID " in error
        assert app.main_screen.table.row_keys() == rows
        assert app.policy.next_delay_s() == 10  # backing off
        sim.set_faults(set())
        await refresh_now(app, pilot)
        assert "live" in _header(app) and "stale" not in _header(app)
        assert _error_line(app) == ""
        assert app.policy.next_delay_s() == 5


async def test_network_error_never_exits(clock: ManualClock, tmp_path: Path) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        source.error = NetworkError("connection refused by 127.0.0.1")
        for _ in range(3):
            await refresh_now(app, pilot)
        assert app.is_running
        assert "connection refused" in _error_line(app)
        assert app.main_screen.table.row_count == 3


async def test_interval_is_shorter_while_anything_runs(clock: ManualClock, tmp_path: Path) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("R", status="processing"))
    app = make_app(source, clock, tmp_path, interval_s=30.0, active_interval_s=20.0)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert "20s while running · 30s idle · next in 20s" in _header(app)
        source.set_records(record_payload("R", status="finished"))
        await refresh_now(app, pilot)
        assert "20s while running · 30s idle · next in 30s" in _header(app)


async def test_clock_text_ticks_without_fetching(clock: ManualClock, tmp_path: Path) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert "updated just now" in _header(app)
        clock.advance(7 * NS_PER_S)
        await asyncio.wait_for(app.wait_for_tick(), 5)
        assert "updated 7s ago" in _header(app)
        assert len(source.calls) == 1
        assert str(app.main_screen.table.get_cell("A", "updated")) == "1m ago"


async def test_paused_dashboard_does_not_fetch_on_its_own(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path, interval_s=1.0, active_interval_s=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.press("p")
        calls = len(source.calls)
        clock.advance(5 * NS_PER_S)
        for _ in range(2):  # two ticks of the clock, each a second apart
            await asyncio.wait_for(app.wait_for_tick(), 5)
        assert len(source.calls) == calls
        await pilot.press("p")
        await fetched(app, 2)


async def test_full_screen_detail_stays_open_and_updates_in_place(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _three()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        pane = screen.detail
        assert "✓ finished" in pane.shown_text.splitlines()[1]
        records = source.payload["operation_records"]
        records[1]["operation_status"] = "failed"
        source.set_records(*records)
        await refresh_now(app, pilot)
        assert app.screen is screen and screen.detail is pane
        assert "✗ failed" in pane.shown_text.splitlines()[1]
        assert pane.shown_text.splitlines()[0].endswith(" B")
