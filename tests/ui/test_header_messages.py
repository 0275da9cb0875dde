"""What the header, the error line and the empty detail say at 80x24, as a new operator
reads them: plain words, no part flickering with the clock, no "updated just now" while
stale, one error line, and an empty list that says why."""

import asyncio
from pathlib import Path

from rich.text import Text

from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import NetworkError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.widgets.status_header import ErrorLine
from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, ScriptedSource, fetched, make_app, record_payload

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


def _header_line(app: DashboardApp) -> str:
    return str(app.main_screen.query_one("#header").render()).splitlines()[0]


def _error_line(app: DashboardApp) -> ErrorLine:
    return app.main_screen.query_one("#error-line", ErrorLine)


async def _tick_after(app: DashboardApp, clock: ManualClock, seconds: int) -> None:
    clock.advance(seconds * NS_PER_S)
    await asyncio.wait_for(app.wait_for_tick(), 5)


async def test_at_80_columns_the_interval_is_in_words_and_no_part_comes_and_goes(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("R", status="processing", record_time=FROZEN_AT))
    # This profile's line once had room for the interval at "updated 2s ago · next now"
    # and not at "updated just now · next in 2s": it came and went with the clock.
    app = make_app(
        source,
        clock,
        tmp_path,
        profile="operator",
        region=None,
        interval_s=5.0,
        active_interval_s=2.0,
    )
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        lines = [_header_line(app)]
        for _ in range(3):
            await _tick_after(app, clock, 1)
            lines.append(_header_line(app))
        assert all("every 2s (5s idle)" in line for line in lines), lines
        assert all("/" not in line.partition("● live")[2] for line in lines), lines


async def test_while_stale_the_header_says_how_old_the_last_good_data_is(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("A"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        source.error = NetworkError("connection reset by peer")
        await pilot.press("r")  # fails at once, as a malformed answer just after a good one
        await fetched(app, 2)
        await pilot.pause()
        assert "✗ stale  last good data 0s ago" in _header_line(app)
        await _tick_after(app, clock, 3)
        assert "✗ stale  last good data 3s ago" in _header_line(app)
        assert "updated" not in _header_line(app) and "just now" not in _header_line(app)


async def test_a_long_error_keeps_to_one_line_with_its_countdown_at_80_columns(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        rows_before = table.size.height
        sim.set_faults({"429"})
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()
        line = _error_line(app)
        text = str(line.render())
        assert line.size.height == 1 and len(text) <= SIZE[0] - 2, text
        assert text.startswith("stale: HTTP 429 APIGW.0308: The throttling")
        assert "…  retry in " in text  # the error cut, the countdown whole
        assert table.size.height >= rows_before - 1  # it took two more rows, wrapped
        # The whole error is one hover away (and in the log file), as text, never markup.
        assert isinstance(line.tooltip, Text)
        assert str(line.tooltip).endswith(")") and "policy user over ratelimit" in str(line.tooltip)
        due = app.state.next_due_ns
        assert due is not None
        await _tick_after(app, clock, -(-(due - clock()) // NS_PER_S))
        assert str(line.render()).endswith("…  retrying…")


async def test_before_any_data_the_detail_says_so_too(clock: ManualClock, tmp_path: Path) -> None:
    source = ScriptedSource(error=NetworkError("connection refused by 127.0.0.1"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert "○ connecting  no data yet" in _header_line(app)
        assert _detail(app) == "No data yet."  # not "No record selected."
