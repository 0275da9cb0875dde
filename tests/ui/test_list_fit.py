"""The list fits the window at any width from 80 on (no sideways scrolling), shows where each
operation is, and the detail pane says where and why a selected failure failed within the
first lines, on screen at 80x24. On the real simulator, over loopback."""

from pathlib import Path

import pytest
from textual.pilot import Pilot

from bcs_tui.base.status import Status
from bcs_tui.base.text_width import clip, clip_middle
from bcs_tui.core.column_layout import ID_SHORT_WIDTH
from bcs_tui.core.status_view import UNICODE_GLYPHS
from bcs_tui.core.where import failure_glyph
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.widgets.record_list import RecordList
from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, fetched, make_app, running_sim, sim_client

RECORDS = 40
"""Enough for running, failed and stopped operations (seed 7)."""
FAILED_WITH_ROOM_SEED = 22
"""A seed whose first screen at 80x24 holds a failure with a short sub-step name."""
WIDTHS = (80, 100, 120, 160, 200)
LIST_WIDE_FOR_WHOLE_IDS = 120
"""The list's own width (scroll bar included) from which IDs are shown whole."""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(FROZEN_AT)


def shown(table: RecordList) -> list[str]:
    """The list's lines as drawn now, titles first."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def statuses(app: DashboardApp) -> dict[str, Status]:
    return {key: record.operation_status for key, record in app.state.records}


def assert_fits(table: RecordList) -> None:
    region = table.scrollable_content_region.width
    assert table.virtual_size.width <= region, (table.virtual_size.width, region)
    assert not table.show_horizontal_scrollbar
    assert table.scroll_offset.x == 0


async def test_the_columns_fit_every_width_from_80_and_follow_a_resize(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock, records=RECORDS) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=(WIDTHS[0], 30)) as pilot:
                await fetched(app, 1)
                table = app.main_screen.table
                first = table.row_keys()[0]
                for width in (*WIDTHS, 90, *reversed(WIDTHS)):
                    await pilot.resize_terminal(width, 30)
                    await pilot.pause()
                    assert_fits(table)
                    lines = shown(table)
                    assert "Where" in lines[0]
                    row = lines[1]
                    keys = [column.key for column in table.shown_columns]
                    if table.size.width >= LIST_WIDE_FOR_WHOLE_IDS:
                        assert first in row, (width, row)
                    elif "operation_id" in keys:
                        assert clip_middle(first, ID_SHORT_WIDTH) in row, (width, row)
                        assert first not in row
                    if table.size.width >= 160:  # (at 200 the detail pane is beside it)
                        assert {"updated", "resource"} <= set(keys)
                    if width <= 100:
                        assert "resource" not in keys and "updated" not in keys
                await pilot.press("right", "right")  # nothing to scroll sideways to
                await pilot.pause()
                assert table.scroll_offset.x == 0


async def test_the_where_column_names_the_step_and_the_failure(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock, records=RECORDS) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path, ascii=True)
            async with app.run_test(size=(160, 40)) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                table = app.main_screen.table
                by_key = statuses(app)
                lines = dict(zip(table.row_keys(), shown(table)[1:], strict=False))
                failed = [key for key in lines if by_key[key] is Status.FAILED]
                running = [key for key in lines if by_key[key] is Status.PROCESSING]
                assert failed and running
                for key in failed:
                    where = table.get_cell(key, "where").plain
                    assert where.startswith("x ") and " > " in where and ": " in where
                    # Whole, or without its step when the column is narrower than that.
                    without_step = "x " + where.split(" > ", 1)[1]
                    assert where[:20] in lines[key] or without_step[:20] in lines[key]
                for key in running:
                    where = table.get_cell(key, "where").plain
                    assert where and not where.startswith(("x ", "# "))
                assert all(line.isascii() for line in shown(table))
                # Sorted by a column: an arrow on its title, which turns with the order.
                await pilot.press("s")
                await pilot.pause()
                assert " Status ^ " in shown(table)[0]
                await pilot.press("S")
                await pilot.pause()
                assert " Status v " in shown(table)[0]
                assert_fits(table)


async def failed_selected(pilot: Pilot[int], app: DashboardApp) -> str:
    """Move the cursor down to the first failed operation; its key."""
    await fetched(app, 1)
    await pilot.pause()
    table = app.main_screen.table
    by_key = statuses(app)
    index = next(i for i, key in enumerate(table.row_keys()) if by_key[key] is Status.FAILED)
    await pilot.press(*["j"] * index)
    await app.wait_for_views()
    await pilot.pause()
    assert table.selected_key == table.row_keys()[index]
    return table.row_keys()[index]


async def test_at_80x24_the_failed_at_line_and_its_message_are_on_screen(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock, records=RECORDS) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=(80, 24)) as pilot:
                key = await failed_selected(pilot, app)
                record = dict(app.state.records)[key]
                failed = record.operation_process.failed
                assert failed is not None and failed.message
                pane = app.main_screen.detail
                assert pane.scroll_offset.y == 0
                assert pane.region.bottom <= app.size.height  # the pane is on screen
                on_screen = [
                    pane.render_line(y).text for y in range(pane.scrollable_content_region.height)
                ]
                at = next(i for i, line in enumerate(on_screen) if line.startswith("Failed at"))
                assert on_screen[at - 1].startswith("Status")
                assert failed.step in on_screen[at] and str(failed.sub_step) in on_screen[at]
                assert on_screen[at + 1].strip() == failed.message[0]


async def test_at_80x24_a_failed_row_shows_its_sub_step_and_the_start_of_why(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock, records=RECORDS, seed=FAILED_WITH_ROOM_SEED) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=(80, 24)) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                table = app.main_screen.table
                records = dict(app.state.records)
                width = next(c.width for c in table.shown_columns if c.key == "where")
                lines = dict(zip(table.row_keys(), shown(table)[1:], strict=False))
                whys = 0
                for key, line in lines.items():
                    failed = records[key].operation_process.failed
                    if failed is None or failed.sub_step is None or not failed.message:
                        continue
                    # The step gives way: the sub-step, then the message as far as it goes.
                    glyph = failure_glyph(records[key].operation_status, UNICODE_GLYPHS)
                    short = f"{glyph} {failed.sub_step}: {failed.message[0]}"
                    assert line.rstrip().endswith(clip(short, width)), (line, short)
                    assert failed.step not in line
                    whys += f": {failed.message[0][:3]}" in line
                assert whys  # the start of a message is on screen in the list
                for key in (k for k, s in statuses(app).items() if s is Status.PROCESSING):
                    current = records[key].operation_process.current
                    if key in lines and current is not None and current.sub_step:
                        assert clip(current.sub_step, width) in lines[key]
