"""``H``: the stored operations the service no longer returns, listed beside the live ones
(marked as history, the live record always winning), and each poll's records handed to the
local history; the history loads in a thread after the first paint. Against scripted sources
and an in-memory history (``tests/ui/memory_history.py``)."""

import asyncio
import threading
from pathlib import Path

from textual.pilot import Pilot

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.listing import SortColumn
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.textual_compat import notifications
from bcs_tui.ui.widgets.status_header import StatusHeader
from tests.clock import ManualClock
from tests.core.timed_records import timed_payload
from tests.ui.memory_history import MemoryHistory, stored
from tests.ui.support import (
    FROZEN_AT,
    ScriptedSource,
    dashboard_options,
    fetched,
    make_app,
    record_payload,
    refresh_now,
    two_scripted_sources,
    wait_until,
)

SIZE = (140, 40)
PROJECT = DEFAULT_PROJECT_ID  # the project of ``dashboard_options``
OLD = FROZEN_AT - 5 * 3600 * NS_PER_S


def _live_source() -> ScriptedSource:
    source = ScriptedSource()
    source.set_records(
        record_payload("op-live"),
        record_payload("op-both", status="processing"),
    )
    return source


def _history() -> MemoryHistory:
    return MemoryHistory(
        [
            # Stored finished, listed running now: the live record wins.
            stored(record_payload("op-both", record_time=OLD), project_id=PROJECT),
            stored(record_payload("op-gone", status="failed", record_time=OLD), project_id=PROJECT),
            # Another project's: not this dashboard's.
            stored(record_payload("op-other", record_time=OLD), project_id="another-project"),
        ]
    )


async def _ready(app: DashboardApp, pilot: Pilot[int]) -> None:
    await fetched(app, 1)
    await asyncio.wait_for(app.history_loaded.wait(), 10)
    await pilot.pause()


def _ids(app: DashboardApp) -> list[str | None]:
    return [record.operation_id for _, record in app.state.visible]


def _history_keys(app: DashboardApp) -> list[str]:
    return [key for key, _ in app.state.visible if app.state.history_last_seen(key) is not None]


def _header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one(StatusHeader).render())


async def test_h_lists_stored_operations_no_longer_returned_marked_as_history(
    clock: ManualClock, tmp_path: Path
) -> None:
    history = _history()
    app = make_app(_live_source(), clock, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert sorted(_ids(app), key=str) == ["op-both", "op-live"]  # off by default
        assert "history" not in _header(app)

        await pilot.press("H")
        await app.wait_for_views()
        assert sorted(_ids(app), key=str) == ["op-both", "op-gone", "op-live"]
        both = [record for _, record in app.state.visible if record.operation_id == "op-both"]
        assert [record.operation_status.value for record in both] == ["processing"]
        [key] = _history_keys(app)
        table = app.main_screen.table
        assert key in table.row_keys() and "op-gone" not in table.row_keys()
        assert table.get_cell(key, "updated").plain == "history"
        [row] = [row for row in app.state.rows(app.now()) if row.key == key]
        assert row.history
        assert "2 records + 1 from history" in _header(app)

        await pilot.press("H")
        await app.wait_for_views()
        assert sorted(_ids(app), key=str) == ["op-both", "op-live"]
        assert key not in table.row_keys()
        assert "history" not in _header(app)
    assert history.closed == 1


async def test_the_load_is_told_which_operations_are_live(
    clock: ManualClock, tmp_path: Path
) -> None:
    history = _history()
    app = make_app(_live_source(), clock, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert history.loaded_live == [frozenset({(PROJECT, "op-live"), (PROJECT, "op-both")})]
        await pilot.press("H")
        await app.wait_for_views()
        assert sorted(_ids(app), key=str) == ["op-both", "op-gone", "op-live"]


async def test_an_operation_the_service_stops_listing_stays_as_history_as_last_seen(
    clock: ManualClock, tmp_path: Path
) -> None:
    history = _history()  # op-both stored from before the session, finished
    source = _live_source()  # op-both listed running
    app = make_app(source, clock, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("H")
        clock.advance(60 * NS_PER_S)
        source.set_records(record_payload("op-live"))  # op-both is gone from the list
        await refresh_now(app, pilot)
        await app.wait_for_views()
        assert sorted(_ids(app), key=str) == ["op-both", "op-gone", "op-live"]
        [both] = [key for key in _history_keys(app) if "op-both" in key]
        # As the session last saw it (running), not in its stored form (finished).
        record = app.state.record_for(both)
        assert record is not None and record.operation_status.value == "processing"
        assert app.state.history_last_seen(both) == FROZEN_AT + 60 * NS_PER_S
        assert app.main_screen.table.get_cell(both, "updated").plain == "history"


async def test_an_operation_one_source_stops_listing_stays_as_a_history_row_of_that_source(
    clock: ManualClock, tmp_path: Path
) -> None:
    _alpha, beta, sources = two_scripted_sources(record_payload("OP-1"), record_payload("OP-2"))
    app = DashboardApp(sources, dashboard_options(clock, tmp_path, history=MemoryHistory()))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        await asyncio.wait_for(app.history_loaded.wait(), 10)
        await pilot.press("H")
        beta.set_records()
        await pilot.press("r")
        await wait_until(pilot, lambda: len(_history_keys(app)) == 1)
        [key] = _history_keys(app)
        [row] = [row for row in app.state.rows(app.now()) if row.key == key]
        assert row.cells["source"] == "beta" and row.cells["operation_id"] == "OP-2"
        assert sorted(_ids(app), key=str) == ["OP-1", "OP-2"]


async def test_the_detail_of_a_history_row_says_when_it_was_last_seen(
    clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(_live_source(), clock, tmp_path, history=_history())
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("H", "G")  # the oldest: the history row
        await app.wait_for_views()
        assert app.selected_key == _history_keys(app)[0]
        shown = app.main_screen.detail.shown_text
        assert "From history: last seen 2025-12-31 21:00:00Z (3h ago)" in shown
        assert "its end was not seen" not in shown  # it failed: its end was seen
        assert "op-gone" in shown
        await pilot.press("k")  # a live row: no such line
        await app.wait_for_views()
        assert "From history" not in app.main_screen.detail.shown_text


async def test_search_sort_and_status_keys_work_on_history_rows(
    clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(_live_source(), clock, tmp_path, history=_history())
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("H", "3")  # failed or stopped: the history row alone
        assert _ids(app) == ["op-gone"]
        assert "1/3 records (1 from history)" in _header(app)
        await pilot.press("1", "slash", *"gone")
        assert _ids(app) == ["op-gone"]
        await pilot.press("escape")
        while app.state.sort_column is not SortColumn.OPERATION_ID:
            await pilot.press("s")
        assert _ids(app) == ["op-both", "op-gone", "op-live"]
        await pilot.press("S")  # reversed
        assert _ids(app) == ["op-live", "op-gone", "op-both"]


async def test_history_rows_never_contradict_the_server_filters(
    clock: ManualClock, tmp_path: Path
) -> None:
    history = _history()
    history.operations.append(stored(record_payload("op-done"), project_id=PROJECT))
    filters = RecordFilters(operation_status="finished")
    app = make_app(_live_source(), clock, tmp_path, history=history, filters=filters)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("H")
        ids = set(_ids(app))
        assert "op-done" in ids and "op-gone" not in ids  # failed: the filter excludes it


class OneOperationSource(ScriptedSource):
    """Answers an ``operation_id`` filter with that operation alone, as the service does."""

    async def list_records(self, filters: RecordFilters) -> RecordList:
        answer = await super().list_records(filters)
        if filters.operation_id is None:
            return answer
        kept = [r for r in answer.records if r.operation_id == filters.operation_id]
        return answer.model_copy(update={"records": kept})


async def test_each_poll_is_submitted_with_the_records_it_returned(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = OneOperationSource()
    source.set_records(record_payload("op-live"), record_payload("op-both", status="processing"))
    history = MemoryHistory()
    app = make_app(source, clock, tmp_path, history=history, active_interval_s=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        # Held until the first records are painted: the history starts after that frame.
        await asyncio.wait_for(app.history_loaded.wait(), 10)
        assert history.submitted[0] == ("test", PROJECT, ["op-live", "op-both"], FROZEN_AT)
        await asyncio.wait_for(app.wait_for_polls(1), 10)
        polled = [entry for entry in history.submitted[1:] if entry[2] == ["op-both"]]
        assert polled and polled[0][:2] == ("test", PROJECT)
        clock.advance(NS_PER_S)
        source.set_records(record_payload("op-new"))
        await refresh_now(app, pilot)
        assert history.submitted[-1] == ("test", PROJECT, ["op-new"], FROZEN_AT + NS_PER_S)


async def test_two_sources_submit_each_its_own_and_history_rows_keep_their_source(
    clock: ManualClock, tmp_path: Path
) -> None:
    _alpha, _beta, sources = two_scripted_sources(record_payload("OP-1"), record_payload("OP-2"))
    history = MemoryHistory(
        [
            stored(record_payload("OP-1", record_time=OLD), project_id="p1", source="alpha"),
            stored(record_payload("OP-1", record_time=OLD), project_id="p2", source="beta"),
            stored(record_payload("OP-2", record_time=OLD), project_id="p2", source="beta"),
        ]
    )
    app = DashboardApp(sources, dashboard_options(clock, tmp_path, history=history))
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 2)
        await asyncio.wait_for(app.history_loaded.wait(), 10)
        submitted = {(source, project, tuple(ids)) for source, project, ids, _ in history.submitted}
        assert submitted == {("alpha", "p1", ("OP-1",)), ("beta", "p2", ("OP-2",))}
        await pilot.press("H")
        await app.wait_for_views()
        # OP-1 of p2 is another operation than the live OP-1 of p1: listed once each.
        [key] = _history_keys(app)
        assert app.state.record_for(key) is not None
        [row] = [row for row in app.state.rows(app.now()) if row.key == key]
        assert row.cells["source"] == "beta" and row.cells["operation_id"] == "OP-1"
        assert len(app.state.visible) == 3
        await pilot.press("G")  # the oldest: the history row, of beta
        await app.wait_for_views()
        assert app.selected_key == key
        detail = app.main_screen.detail.shown_text
        assert "From history: last seen" in detail and "Source      beta" in detail
        await pilot.press("slash", *"beta")  # a history row's source is searched too
        assert {k for k, _ in app.state.visible} == {"beta:OP-2", key}


async def test_the_history_loads_in_a_thread_while_the_app_answers_keys(
    clock: ManualClock, tmp_path: Path
) -> None:
    history = _history()
    history.release = threading.Event()
    app = make_app(_live_source(), clock, tmp_path, history=history)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await wait_until(pilot, lambda: bool(history.load_threads))
            assert history.load_threads[0] is not threading.main_thread()
            before = app.state.sort_column
            await pilot.press("s", "H")
            assert app.state.sort_column is not before  # the keys were handled
            assert "2 records + 0 from history" in _header(app)
            assert not app.history_loaded.is_set()
            history.release.set()
            await asyncio.wait_for(app.history_loaded.wait(), 10)
            await app.wait_for_views()
            assert "op-gone" in _ids(app)
            assert "2 records + 1 from history" in _header(app)
    finally:
        history.release.set()


async def test_a_history_row_last_seen_running_gets_no_eta_a_live_one_does(
    clock: ManualClock, tmp_path: Path
) -> None:
    steps = (("Preparation", (("Check quota", 10),)), ("Deploy Nodes", (("Pull image", -1),)))
    start = FROZEN_AT - 5 * NS_PER_S
    source = ScriptedSource()
    source.set_records(
        timed_payload("op-running", start_ns=start, status="processing", steps=steps)
    )
    history = MemoryHistory(
        [
            *(
                stored(timed_payload(f"op-done-{i}", start_ns=OLD), project_id=PROJECT)
                for i in range(3)
            ),
            stored(
                timed_payload("op-was-running", start_ns=start, status="processing", steps=steps),
                project_id=PROJECT,
            ),
        ]
    )
    app = make_app(source, clock, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await asyncio.wait_for(app.expectations_loaded.wait(), 10)
        await app.wait_for_views()
        assert "ETA" in app.main_screen.detail.shown_text  # the live one, of a known kind
        await pilot.press("H")
        await app.wait_for_views()
        [key] = [k for k, r in app.state.visible if r.operation_id == "op-was-running"]
        assert app.state.history_last_seen(key) is not None
        app.main_screen.table.move_cursor(app.main_screen.table.row_keys().index(key))
        await pilot.pause()  # the detail follows the cursor after the frame
        await app.wait_for_views()
        assert app.selected_key == key
        shown = app.main_screen.detail.shown_text
        assert "From history" in shown and "ETA" not in shown and "slow" not in shown
        assert "while running; its end was not seen" in shown.splitlines()[0]


async def test_h_without_a_history_says_so(clock: ManualClock, tmp_path: Path) -> None:
    app = make_app(_live_source(), clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.press("H")
        await pilot.pause()
        assert not app.state.show_history
        assert [n.message for n in notifications(app)] == ["No local history: --no-history."]
