"""Polling several sources: a slow source never holds the others back (its polls share one
place of the limit), the header's countdown, the sources view and the clock's tick, and a
failing source's last success."""

import asyncio
from pathlib import Path

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.poll_budget import FLEET_POLLS_PER_ROUND
from bcs_tui.core.polling import MAX_PARALLEL_POLLS
from bcs_tui.sim.faults import FAULT_500, FAULT_HANG
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.help_screen import HelpScreen
from bcs_tui.ui.screens.sources_screen import SourcesScreen
from tests.clock import ManualClock
from tests.ui.support import (
    ScriptedSource,
    dashboard_options,
    fetched,
    record_payload,
    refresh_now,
    running_fleet,
    two_scripted_sources,
    wait_until,
)

SIZE = (140, 30)


class HangingPolls(ScriptedSource):
    """Lists its records, but a poll of one operation never answers (a slow project)."""

    polls: int = 0

    async def list_records(self, filters: RecordFilters) -> RecordList:
        if filters.operation_id:
            self.polls += 1
            await asyncio.Event().wait()
        return await super().list_records(filters)


async def test_a_slow_sources_polls_leave_room_for_the_others(
    clock: ManualClock, tmp_path: Path
) -> None:
    slow = HangingPolls()
    slow.set_records(*(record_payload(f"op-{n}", status="processing") for n in range(10)))
    fast = ScriptedSource()
    fast.set_records(record_payload("fast-1"))
    sources = [NamedSource("slow", None, "p1", slow), NamedSource("fast", None, "p2", fast)]
    # Two places in all: one source's polls must never take both.
    app = DashboardApp(sources, dashboard_options(clock, tmp_path, active_interval_s=1.0))
    polling = app._source_polling
    assert polling is not None
    polling._gate = asyncio.Semaphore(2)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        await wait_until(pilot, lambda: slow.polls >= MAX_PARALLEL_POLLS)
        before = len(fast.calls)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(fast.calls) > before, timeout_s=5)
        # At most MAX_PARALLEL_POLLS of its polls at once, as with one source.
        assert slow.polls == MAX_PARALLEL_POLLS


async def test_a_hanging_source_does_not_hold_the_countdown_at_now(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, stuck={}, fine={}) as (sims, sources):
        options = dashboard_options(clock, tmp_path, interval_s=1.0, active_interval_s=1.0)
        app = DashboardApp(sources, options, close_source=True)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 2)
            fleet = app.state.fleet
            assert fleet is not None
            sims["stuck"].set_faults([FAULT_HANG])
            # Its next fetch (due by the interval) hangs; the other keeps answering.
            await wait_until(pilot, lambda: fleet.state("stuck").fetching)
            await fetched(app, app.fetch_count + 1)
            await pilot.pause()
            due = app.state.next_due_ns
            assert due is not None and due > app.now(), "next now while one source hangs"


async def test_a_clock_tick_before_the_sources_view_is_composed(
    clock: ManualClock, tmp_path: Path
) -> None:
    _alpha, _beta, sources = two_scripted_sources(
        record_payload("A"), record_payload("B"), ("a", "b")
    )
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        app.action_show_sources()
        clock.advance(5 * NS_PER_S)
        await app._tick()  # the tick landing before the view is composed: no traceback
        await wait_until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.pause()
        assert app.screen.query("#sources")


async def test_the_sources_view_opens_only_over_the_list_or_the_detail(
    clock: ManualClock, tmp_path: Path
) -> None:
    _alpha, _beta, sources = two_scripted_sources(
        record_payload("A"), record_payload("B"), ("a", "b")
    )
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        app.action_show_help()
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        app.action_show_sources()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not any(isinstance(screen, SourcesScreen) for screen in app.screen_stack)


async def test_a_failing_sources_last_success_stays_while_it_fails(
    clock: ManualClock, tmp_path: Path
) -> None:
    # seed 9 has running operations: a failing source still polls them, and each failed
    # round must not count as a success.
    finished = ScriptedSource()
    finished.set_records(record_payload("done"))  # nothing to poll: every round is north's
    with running_fleet(clock, north={"seed": 9}) as (sims, sources):
        options = dashboard_options(clock, tmp_path, active_interval_s=1.0)
        sources.append(NamedSource("sg", None, "p2", finished))
        app = DashboardApp(sources, options, close_source=True)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 2)
            fleet = app.state.fleet
            assert fleet is not None
            north = fleet.state("north")
            assert fleet.running_operations("north", 20), "the test needs running operations"
            sims["north"].set_faults([FAULT_500])
            clock.advance(3 * NS_PER_S)
            await refresh_now(app, pilot)
            await wait_until(pilot, lambda: north.last_error is not None)
            success, stale_since = north.updated_ns, north.stale_since_ns
            assert stale_since is not None
            polls = app.poll_count
            clock.advance(3 * NS_PER_S)
            # A round of polls of its running operations, failing.
            await wait_until(pilot, lambda: app.poll_count > polls)
            assert north.last_error is not None
            assert (north.updated_ns, north.stale_since_ns) == (success, stale_since)


async def test_the_first_answers_build_the_search_texts_and_spare_the_records(
    clock: ManualClock, tmp_path: Path
) -> None:
    _alpha, _beta, sources = two_scripted_sources(
        record_payload("A"), record_payload("B"), ("a", "b")
    )
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        await pilot.pause()
        # As with one source: the first "/" does not build every record's text.
        await wait_until(pilot, lambda: app.state._list._ordered_texts is not None)
        assert app._survivors_spared


async def test_a_stale_sources_rows_are_dimmed_and_held_the_live_ones_go_on(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={"seed": 9}, sg={"seed": 9}) as (sims, sources):
        app = DashboardApp(sources, dashboard_options(clock, tmp_path), close_source=True)
        async with app.run_test(size=(140, 50)) as pilot:
            await fetched(app, 2)
            fleet = app.state.fleet
            assert fleet is not None
            table = app.main_screen.table
            records = dict(app.state.records)
            # Started (processing), so its running time shows and goes on.
            running = {
                name: next(
                    key
                    for key, _ in fleet.running_operations(name, 20) or []
                    if records[key].operation_status is Status.PROCESSING
                )
                for name in ("north", "sg")
            }
            sims["sg"].set_faults([FAULT_500])
            await refresh_now(app, pilot)
            await wait_until(pilot, lambda: fleet.state("sg").stale_since_ns is not None)
            await pilot.pause()
            before = {name: str(table.get_cell(key, "duration")) for name, key in running.items()}
            clock.advance(7 * NS_PER_S)
            await asyncio.wait_for(app.wait_for_tick(), 5)
            await pilot.pause()
            after = {name: str(table.get_cell(key, "duration")) for name, key in running.items()}
            assert after["sg"] == before["sg"], "a stale source's running time goes on"
            assert after["north"] != before["north"], "a live source's running time stopped"
            rows = {row.key: row for row in app.state.rows(app.now())}
            assert rows[running["sg"]].held and not rows[running["north"]].held
            # Drawn dimmed: its operation's text has another colour than a live row's.
            colours = {}
            for name, key in running.items():
                line = table.render_line(table.row_keys().index(key) + 1)
                text = str(table.get_cell(key, "operation"))[:8]
                colours[name] = next(s.style.color for s in line if text in s.text)
            assert colours["sg"] != colours["north"]
            # It answers again: live, its times go on from now.
            sims["sg"].set_faults([])
            await refresh_now(app, pilot)
            await wait_until(pilot, lambda: fleet.state("sg").last_error is None)
            await pilot.pause()
            rows = {row.key: row for row in app.state.rows(app.now())}
            assert not rows[running["sg"]].held
            assert str(table.get_cell(running["sg"], "duration")) != before["sg"]


async def test_every_source_failing_says_so_and_why(clock: ManualClock, tmp_path: Path) -> None:
    down = {"faults": frozenset({FAULT_500})}
    with running_fleet(clock, north=down, sg=down, audit=down) as (_, sources):
        app = DashboardApp(sources, dashboard_options(clock, tmp_path), close_source=True)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 3)
            await pilot.pause()
            screen = app.main_screen
            header = str(screen.query_one("#header").render())
            assert "3 sources: 3 failing · north: HTTP 500" in header, header
            assert "connecting" not in header
            error_line = screen.query_one("#error-line")
            assert error_line.display
            assert "no data yet: north: HTTP 500" in str(error_line.render())
            assert "3 sources failing (P lists their errors)" in screen.detail.shown_text


async def test_single_polls_over_the_fleet_stay_within_one_budget(
    clock: ManualClock, tmp_path: Path
) -> None:
    # Three sources of five running operations each: fifteen to poll, but the fleet polls
    # FLEET_POLLS_PER_ROUND single operations per round on average (each one's turn comes
    # less often), and every operation of every source gets its turns.
    scripts = [ScriptedSource() for _ in range(3)]
    for number, script in enumerate(scripts):
        script.set_records(
            *(record_payload(f"op-{number}-{n}", status="processing") for n in range(5))
        )
    sources = [NamedSource(f"s{n}", None, f"p{n}", script) for n, script in enumerate(scripts)]
    round_s = 0.5
    app = DashboardApp(sources, dashboard_options(clock, tmp_path, active_interval_s=round_s))

    def single_polls() -> list[str | None]:
        return [asked.operation_id for s in scripts for asked in s.calls if asked.operation_id]

    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 3)
        # The first round polls each one (none was polled before).
        await wait_until(pilot, lambda: len(set(single_polls())) == 15)
        loop = asyncio.get_running_loop()
        first, started = len(single_polls()), loop.time()
        # Three rounds' worth without a budget (15 a round), about six with it.
        await wait_until(pilot, lambda: len(single_polls()) >= first + 45, timeout_s=15)
        rounds = (loop.time() - started) / round_s
        assert len(single_polls()) - first <= FLEET_POLLS_PER_ROUND * (rounds + 1) + 5
        later = single_polls()[first:]
        assert {operation_id for operation_id in later} == set(single_polls())
