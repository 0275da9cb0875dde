"""The dashboard over several sources, each a real simulator of its own project: every
source's records show, keyed by source; one failing or hanging source leaves the others
live; the Source column, the header's summary and the sources view (``P``)."""

import asyncio
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from bcs_tui.api.errors import NetworkError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.named_source import NamedSource, source_key
from bcs_tui.sim.faults import FAULT_500, FAULT_HANG
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.sources_screen import SourcesScreen
from tests.clock import ManualClock
from tests.ui.support import (
    NEVER_S,
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


def fleet_app(sources: list[NamedSource], clock: ManualClock, tmp_path: Path) -> DashboardApp:
    return DashboardApp(sources, dashboard_options(clock, tmp_path), close_source=True)


def header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one("#header").render())


def shown_columns(app: DashboardApp) -> list[str]:
    return [column.key for column in app.main_screen.table.shown_columns]


def sources_of(app: DashboardApp) -> set[str | None]:
    fleet = app.state.fleet
    assert fleet is not None
    return {fleet.source_of(key) for key in app.main_screen.table.row_keys()}


async def test_every_source_shows_and_the_same_id_in_two_sources_is_two_rows(
    clock: ManualClock, tmp_path: Path
) -> None:
    # The same seed: the same operation IDs in two projects.
    with running_fleet(clock, north={"seed": 7}, south={"seed": 7}) as (_, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 2)
            await pilot.pause()
            keys = app.main_screen.table.row_keys()
            fleet = app.state.fleet
            assert fleet is not None
            north = [key for key in keys if fleet.source_of(key) == "north"]
            south = [key for key in keys if fleet.source_of(key) == "south"]
            assert north and len(north) == len(south) == len(keys) // 2
            first = app.record_for(north[0])
            assert first is not None and first.operation_id
            assert north[0] == source_key("north", first.operation_id)
            assert source_key("south", first.operation_id) in keys
            assert shown_columns(app)[0] == "source"
            assert "2 sources: 2 live" in header(app)
            # The Source column reads each row's source.
            table = app.main_screen.table
            assert "north" in str(table.render_line(1)) or "south" in str(table.render_line(1))


async def test_one_source_alone_shows_no_source_column_and_keeps_its_keys(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={}) as (_, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            assert app.state.fleet is None
            assert "source" not in shown_columns(app)
            key = app.main_screen.table.row_keys()[0]
            record = app.record_for(key)
            assert record is not None and key == record.operation_id
            assert "sources" not in header(app)


async def test_a_failing_source_leaves_the_other_live_and_is_named_stale(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={}, sg={}) as (sims, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 2)
            await pilot.pause()
            rows = len(app.main_screen.table.row_keys())
            sims["sg"].set_faults([FAULT_500])
            await refresh_now(app, pilot)
            await fetched(app, 4)
            await pilot.pause()
            text = header(app)
            assert "1 live" in text and "sg stale: HTTP 500" in text, text
            # Both sources' records stay: sg's stale, north's live.
            assert len(app.main_screen.table.row_keys()) == rows
            assert sources_of(app) == {"north", "sg"}
            fleet = app.state.fleet
            assert fleet is not None
            assert fleet.state("north").last_error is None
            assert fleet.state("sg").policy.failures == 1
            # It recovers on its own answer.
            sims["sg"].set_faults([])
            await refresh_now(app, pilot)
            await fetched(app, 6)
            await pilot.pause()
            assert "2 sources: 2 live" in header(app)


async def test_a_hanging_source_does_not_delay_the_others(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, slow={"faults": frozenset({FAULT_HANG})}, fast={}) as (_, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)  # the first answer: the fast one's, the slow one hangs
            await pilot.pause()
            assert sources_of(app) == {"fast"}
            fleet = app.state.fleet
            assert fleet is not None and fleet.state("slow").fetching
            assert "2 sources: 1 live · slow connecting" in header(app)  # named, as stale ones are


async def test_the_sources_view_lists_each_and_enter_shows_one_alone(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={}, sg={}) as (sims, sources):
        sims["sg"].set_faults([FAULT_500])
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 2)
            await pilot.press("P")
            await wait_until(pilot, lambda: isinstance(app.screen, SourcesScreen))
            listed = app.screen.query_one("#sources", OptionList)
            text = "\n".join(
                str(listed.get_option_at_index(index).prompt)
                for index in range(listed.option_count)
            )
            assert "north" in text and "live" in text
            assert "sg" in text and "failing" in text and "HTTP 500" in text
            # Shown as it is now: sg's recovery shows with the clock's next tick.
            sims["sg"].set_faults([])
            app.action_refresh_now()
            await fetched(app, 4)
            await asyncio.wait_for(app.wait_for_tick(), 5)
            sg_line = str(listed.get_option_at_index(2).prompt)
            assert "live" in sg_line and "HTTP 500" not in sg_line, sg_line
            await pilot.press("enter")  # the first source, north
            await wait_until(pilot, lambda: not isinstance(app.screen, SourcesScreen))
            await pilot.pause()
            assert sources_of(app) == {"north"}
            assert "source: north" in header(app)
            await pilot.press("1")
            await pilot.pause()
            assert app.state.source_filter is None


async def test_search_matches_the_source_name(clock: ManualClock, tmp_path: Path) -> None:
    with running_fleet(clock, northfleet={}, southfleet={}) as (_, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 2)
            await pilot.press("slash", *"southfleet")
            await wait_until(pilot, lambda: app.search == "southfleet")
            await pilot.pause()
            assert app.main_screen.table.row_keys()
            assert sources_of(app) == {"southfleet"}


async def test_transitions_and_the_events_log_name_the_source(
    clock: ManualClock, tmp_path: Path
) -> None:
    alpha, beta = ScriptedSource(), ScriptedSource()
    alpha.set_records(record_payload("OP-1"))
    beta.set_records(record_payload("OP-1", status="processing"))
    sources = [
        NamedSource("alpha", "cn-north-4", "p1", alpha),
        NamedSource("beta", "ap-southeast-1", "p2", beta),
    ]
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        assert len(app.events) == 0  # first answers are no news
        beta.set_records(record_payload("OP-1", status="failed"))
        await refresh_now(app, pilot)
        await fetched(app, 4)
        await pilot.pause()
        events = app.events.newest_first()
        assert [event.key for event in events] == [source_key("beta", "OP-1")]
        assert events[0].operation.startswith("beta: ")


async def test_a_source_that_never_answers_is_failing_and_the_other_shows(
    clock: ManualClock, tmp_path: Path
) -> None:
    good = ScriptedSource()
    good.set_records(record_payload("OP-1"))
    bad = ScriptedSource(error=NetworkError("connection refused"))
    sources: list[Any] = [
        NamedSource("good", None, "p1", good),
        NamedSource("sg", None, "p2", bad),
    ]
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        await pilot.pause()
        assert app.main_screen.table.row_keys() == [source_key("good", "OP-1")]
        assert "sg failing: connection refused" in header(app)


async def test_a_records_source_is_found_from_its_key(clock: ManualClock, tmp_path: Path) -> None:
    _alpha, beta, sources = two_scripted_sources(record_payload("OP-1"), record_payload("OP-1"))
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE):
        await fetched(app, 2)
        found = app.named_source_of(source_key("beta", "OP-1"))
        assert found is not None and found.client is beta
        assert app.named_source_of("OP-1") is None


async def test_running_operations_of_each_source_are_polled_alone(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={}, sg={"seed": 9}) as (sims, sources):
        options = dashboard_options(clock, tmp_path, interval_s=NEVER_S, active_interval_s=0.05)
        app = DashboardApp(sources, options, close_source=True)
        async with app.run_test(size=SIZE):
            await fetched(app, 2)
            running = {key for key, r in app.records if r.operation_status.is_running}
            fleet = app.state.fleet
            assert fleet is not None
            assert {fleet.source_of(key) for key in running} == {"north", "sg"}
            await asyncio.wait_for(app.wait_for_polls(2), 10)
            clock.advance(120 * NS_PER_S)  # long enough for the running operations to end

            def still_running() -> bool:
                records = [app.record_for(key) for key in running]
                return any(r is not None and r.operation_status.is_running for r in records)

            async def until_all_ended() -> None:
                while still_running():
                    await app.wait_for_polls(app.poll_count + 1)

            await asyncio.wait_for(until_all_ended(), 10)
            assert app.fetch_count == 2  # no whole list since each source's first
            for sim in sims.values():
                queries = [e.query for e in sim.request_log if "/operation/record" in e.path]
                assert "operation_id" not in queries[0]
                assert len(queries) > 1
                assert all("operation_id" in query for query in queries[1:])
            events = app.events.newest_first()
            assert {event.operation.split(":")[0] for event in events} == {"north", "sg"}


async def test_pause_and_the_interval_keys_apply_to_every_source(
    clock: ManualClock, tmp_path: Path
) -> None:
    alpha, beta, sources = two_scripted_sources(record_payload("OP-1"), record_payload("OP-2"))
    app = DashboardApp(sources, dashboard_options(clock, tmp_path, interval_s=5.0))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        await pilot.press("plus")
        fleet = app.state.fleet
        assert fleet is not None
        assert [state.policy.interval_s for state in fleet.states] == [10.0, 10.0]
        await pilot.press("p")
        assert app.state.next_due_ns is None  # no source plans a fetch while paused
        calls = len(alpha.calls) + len(beta.calls)
        await refresh_now(app, pilot)  # r while paused: once, every source
        await fetched(app, 4)
        assert len(alpha.calls) + len(beta.calls) == calls + 2
        assert app.paused


async def test_server_filters_apply_to_every_source_and_their_new_lists_are_no_news(
    clock: ManualClock, tmp_path: Path
) -> None:
    alpha, beta, sources = two_scripted_sources(record_payload("OP-1"), record_payload("OP-2"))
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        alpha.set_records(record_payload("OP-3", status="failed"))
        beta.set_records()
        assert app.state.set_server_filters(RecordFilters(operation_status="failed"))
        app.request_refresh()
        await fetched(app, 4)
        await pilot.pause()
        assert alpha.calls[-1].operation_status == beta.calls[-1].operation_status == "failed"
        assert app.main_screen.table.row_keys() == [source_key("alpha", "OP-3")]
        assert len(app.events) == 0  # another filter lists other records: no news
