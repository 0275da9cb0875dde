"""The header tells the truth about liveness: the interval in effect, a countdown that moves
with the clock's tick, "no data yet" before any data, stale data dimmed with its times held,
and ``r`` during a back-off that does not double it."""

import asyncio
from pathlib import Path

from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import NetworkError
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.textual_compat import notifications
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


def _header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one("#header").render())


def _error_line(app: DashboardApp) -> str:
    line = app.main_screen.query_one("#error-line")
    return str(line.render()) if line.display else ""


async def _tick_after(app: DashboardApp, clock: ManualClock, seconds: int) -> None:
    clock.advance(seconds * NS_PER_S)
    await asyncio.wait_for(app.wait_for_tick(), 5)


async def test_the_header_counts_down_and_shows_the_interval_plus_and_minus_set(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("A"))
    app = make_app(source, clock, tmp_path, interval_s=600.0, active_interval_s=300.0)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert "5m while running · 10m idle · next in 10m00s" in _header(app)
        await _tick_after(app, clock, 7)
        assert "next in 9m53s" in _header(app)
        await _tick_after(app, clock, 1)
        assert "next in 9m52s" in _header(app)
        await pilot.press("minus")
        await pilot.pause()
        # Nothing runs faster than a 5m interval: one interval, counted down anew.
        assert "every 5m · next in 4m" in _header(app)
        assert any(n.message == "Refreshing every 5m" for n in notifications(app))
        await pilot.press("plus")
        await pilot.pause()
        assert "5m while running · 10m idle · next in 9m" in _header(app)
        await pilot.press("plus")
        await pilot.pause()
        assert any("already the longest: 10m" in n.message for n in notifications(app))
        assert len(source.calls) == 1  # the keys changed the plan, fetched nothing


async def test_before_any_data_the_header_says_no_data_yet_not_stale(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource(error=NetworkError("connection refused by 127.0.0.1"))
    app = make_app(source, clock, tmp_path, interval_s=5.0, active_interval_s=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        header = _header(app)
        assert "stale" not in header and "connecting" in header and "no data yet" in header
        assert _error_line(app).startswith("no data yet: connection refused")
        assert "retry in 10s" in _error_line(app)
        assert not app.screen.has_class("-stale")


async def test_r_during_a_back_off_retries_once_without_doubling_it(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("A"))
    app = make_app(source, clock, tmp_path, interval_s=5.0, active_interval_s=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        source.error = NetworkError("connection refused by 127.0.0.1")
        await refresh_now(app, pilot)  # the timer's fetch, as far as the back-off goes
        assert app.policy.failures == 1 and app.policy.next_delay_s() == 10
        for _ in range(3):
            await refresh_now(app, pilot)  # the user's retries, each failing
        assert len(source.calls) == 5
        assert app.policy.failures == 1 and app.policy.next_delay_s() == 10
        assert "backing off 10s" in _header(app)
        assert "retry in 10s" in _error_line(app)
        await _tick_after(app, clock, 3)
        assert "retry in 7s" in _error_line(app)
        source.error = None
        await refresh_now(app, pilot)
        assert app.policy.failures == 0 and "backing off" not in _header(app)


async def test_stale_data_is_dimmed_and_its_running_durations_hold(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        key = next(key for key, r in app.records if r.operation_status.is_running)
        await _tick_after(app, clock, 5)
        ticking = table.get_cell(key, "duration").plain
        sim.set_faults({"500"})
        await refresh_now(app, pilot)
        assert app.main_screen.has_class("-stale")
        held = table.get_cell(key, "duration").plain
        assert held == ticking
        await _tick_after(app, clock, 30)
        assert table.get_cell(key, "duration").plain == held
        assert "last good data 35s ago" in _header(app)  # the header's own clock goes on
        sim.set_faults(set())
        await refresh_now(app, pilot)
        assert not app.main_screen.has_class("-stale")
        assert table.get_cell(key, "duration").plain != held


async def test_the_header_keeps_to_one_line_at_80_columns(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("R", status="processing", record_time=FROZEN_AT))
    app = make_app(source, clock, tmp_path, interval_s=10.0, active_interval_s=2.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        lines = _header(app).splitlines()
        assert len(lines) == 2 and app.main_screen.query_one("#header").size.height == 2
        assert "next in" in lines[0]
