"""The quick answers from the keyboard, through Pilot against the real simulator (which has
running, finished, failed and stopped operations): the status filters 1-4, the jumps
``]`` / ``[`` between failed or stopped operations, the ``Y`` copy menu, the operation ID
field of the filter dialog, and a header that stays two lines at 80 columns."""

import asyncio
from pathlib import Path

from textual.widgets import Input

from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.base.status import FAILED_OR_STOPPED, Status
from bcs_tui.core.copy_choices import failure_message
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.copy_screen import CopyScreen
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.screens.filter_screen import FilterScreen
from bcs_tui.ui.textual_compat import notifications
from bcs_tui.ui.widgets.status_header import StatusHeader
from tests.clock import ManualClock
from tests.ui.support import ScriptedSource, fetched, make_app, record_payload

SIZE = (120, 40)


async def _started(app: DashboardApp, pilot: object) -> None:
    await fetched(app, 1)
    await pilot.pause()  # type: ignore[attr-defined]


def _header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one(StatusHeader).render())


def _statuses(app: DashboardApp) -> set[Status]:
    return {record.operation_status for _, record in app.state.visible}


def _messages(app: DashboardApp) -> list[str]:
    return [notification.message for notification in notifications(app)]


async def test_number_keys_filter_the_list_by_status_and_the_header_says_so(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        total = table.row_count
        requests = app.fetch_count
        listed = {record.operation_status for _, record in app.records}
        await pilot.press("3")
        # Every failed or stopped status the seeded data holds (at least a failure), only.
        assert _statuses(app) == listed & FAILED_OR_STOPPED and Status.FAILED in listed
        assert 0 < table.row_count < total
        assert f"{table.row_count}/{total} records · show: failed/stopped" in _header(app)
        assert app.selected_record is not None
        assert app.selected_record.operation_status in FAILED_OR_STOPPED
        await pilot.press("2")
        assert _statuses(app) == {Status.PROCESSING}  # the simulator's running ones now
        await pilot.press("4")
        assert _statuses(app) == {Status.FINISHED}
        await pilot.press("1")
        assert table.row_count == total and "show:" not in _header(app)
        assert app.fetch_count == requests  # local: no request


async def test_number_keys_are_text_in_the_search_field(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("slash", "3", "]")
        assert app.main_screen.search_bar.value == "3]"
        assert "show:" not in _header(app)


async def test_brackets_jump_between_failed_and_stopped_and_wrap(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        table = app.main_screen.table
        keys = table.row_keys()
        wanted = [
            key for key, record in app.state.visible if record.operation_status in FAILED_OR_STOPPED
        ]
        assert wanted == [key for key in keys if key in wanted]  # in the list's order
        assert len(wanted) >= 2
        for key in wanted:
            await pilot.press("right_square_bracket")
            assert app.selected_key == key and table.selected_key == key
        await pilot.press("right_square_bracket")
        assert app.selected_key == wanted[0]
        assert "Wrapped to the top of the list." in _messages(app)
        await pilot.press("left_square_bracket")
        assert app.selected_key == wanted[-1]
        await pilot.press("enter")  # in the full-screen detail too
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("right_square_bracket")
        assert app.selected_key == wanted[0] and table.selected_key == wanted[0]
        await asyncio.wait_for(app.wait_for_views(), 5)
        assert wanted[0] in app.screen.detail.shown_text
        await pilot.press("escape", "4", "right_square_bracket")  # finished only: none
        assert "No failed or stopped operation in the list." in _messages(app)


async def test_capital_y_copies_each_item_of_the_menu(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("3")  # a failed or stopped operation, with a message
        record = app.selected_record
        assert record is not None and record.operation_id and record.blockchain_id
        await pilot.press("Y")
        assert isinstance(app.screen, CopyScreen)
        await pilot.press("1")
        assert not isinstance(app.screen, CopyScreen)
        assert app.clipboard == record.operation_id
        await pilot.press("Y", "2")
        assert app.clipboard == record.blockchain_id
        # By the arrows or j / k and enter: the third item is the failure message.
        await pilot.press("Y", "j", "down", "enter")
        message = failure_message(record)
        assert message and app.clipboard == message
        assert any(text.startswith("Copied ") for text in _messages(app))
        await pilot.press("Y", "j", "j", "j", "enter")
        assert app.clipboard.startswith("{") and record.operation_id in app.clipboard
        await pilot.press("Y", "j", "j", "k", "enter")
        assert app.clipboard == record.blockchain_id
        await pilot.press("Y", "escape")
        assert not isinstance(app.screen, CopyScreen)
        await pilot.press("Y", "q")  # closes the menu, does not quit
        assert not isinstance(app.screen, CopyScreen) and app.is_running


async def test_copy_menu_says_when_an_item_is_missing_and_stays_open(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("4", "Y", "3")  # a finished operation has no failure message
        assert isinstance(app.screen, CopyScreen)
        assert "This record has no failure message." in _messages(app)
        assert app.clipboard == ""


async def test_filter_dialog_sends_the_operation_id(clock: ManualClock, tmp_path: Path) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1"), record_payload("OP-2"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        dialog.query_one("#filter-operation-id", Input).focus()
        await pilot.press(*"OP-2", "enter")
        await fetched(app, 2)
        assert source.calls[-1] == RecordFilters(operation_id="OP-2")
        assert "operation: OP-2" in _header(app)
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.query_one("#filter-operation-id", Input).value == "OP-2"


async def test_header_with_the_longest_filters_stays_two_lines_at_80_columns(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(app, pilot)
        header = app.main_screen.query_one(StatusHeader)
        height = header.size.height
        longest = RecordFilters(
            operation_status="processing",
            resource_type="PLUGIN03",
            operation_type="91",
            blockchain_id="b" * 256,
            operation_id="BCSSVC01-99-" + "9" * 244,
        )
        app.state.set_server_filters(longest)
        await pilot.press("3", "slash", *"a-search-word", "enter")
        await pilot.pause()
        assert header.size.height == height == 2
        line = header.render_line(1).text
        assert line.startswith("0/1 records · show: failed/stopped · status: processing")
        assert line.endswith("…") and len(line) == header.content_size.width
