"""A long first list is painted a screenful first, then whole: the first records show
before the row views of every record are built (benchmarks/RESULTS.md, row 11)."""

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest

from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.core.record_view import RowView
from bcs_tui.ui.screens.help_screen import HelpScreen
from bcs_tui.ui.widgets.record_list import RecordList as RecordListWidget
from tests.clock import ManualClock
from tests.ui.support import fetched, make_app, running_sim, sim_client

SIZE = (100, 30)
FRAME = "(the first screenful is painted)"


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The row keys of each non-empty ``RecordListWidget.sync``, in order."""
    calls: list[list[str]] = []
    sync = RecordListWidget.sync

    def recording(
        self: RecordListWidget,
        rows: Sequence[RowView],
        *,
        keep: str | None = None,
        since: tuple[Sequence[RowView], Sequence[int]] | None = None,
    ) -> None:
        if rows:
            calls.append([row.key for row in rows])
        sync(self, rows, keep=keep, since=since)

    monkeypatch.setattr(RecordListWidget, "sync", recording)
    return calls


async def test_a_long_first_list_shows_one_screen_first_then_every_record(
    clock: ManualClock, tmp_path: Path, synced: list[list[str]]
) -> None:
    with running_sim(clock, records=400) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                table = app.main_screen.table
                first, whole = synced[0], synced[-1]
                # One screen's worth first, the same rows the whole list starts with.
                assert len(first) <= SIZE[1] < len(whole)
                assert whole[: len(first)] == first
                assert len(synced) == 2
                # Then the whole list, the cursor still on the first record.
                assert table.row_keys() == whole
                assert len(whole) == len(app.records) >= 400
                assert table.selected_key == whole[0] == app.selected_key
                await pilot.press("G")
                assert table.selected_key == whole[-1]


async def test_nothing_renders_the_whole_list_before_the_first_screenful_is_painted(
    clock: ManualClock,
    tmp_path: Path,
    synced: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A render asked for while the first screenful is on its way (a clock tick, a key)
    waits for that frame: it must not build every row first."""
    wait_for_refresh = RecordListWidget.wait_for_refresh

    async def tick_then_wait(self: RecordListWidget) -> bool:
        self.app.render_views()  # what the once-a-second clock tick does
        painted = await wait_for_refresh(self)
        synced.append([FRAME])
        return painted

    monkeypatch.setattr(RecordListWidget, "wait_for_refresh", tick_then_wait)
    with running_sim(clock, records=400) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                assert len(synced[0]) <= SIZE[1]
                assert synced[1] == [FRAME]
                assert synced[2] == app.main_screen.table.row_keys()
                assert len(synced[2]) == len(app.records)


async def test_a_list_that_fits_is_shown_in_one_go(
    clock: ManualClock, tmp_path: Path, synced: list[list[str]]
) -> None:
    with running_sim(clock, records=12) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                assert synced == [app.main_screen.table.row_keys()]


async def test_a_long_list_after_the_first_is_shown_in_one_go(
    clock: ManualClock, tmp_path: Path, synced: list[list[str]]
) -> None:
    with running_sim(clock, records=400) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await fetched(app, 1)
                synced.clear()
                clock.advance(60 * 10**9)
                await pilot.press("r")
                await fetched(app, 2)
                await pilot.pause()
                assert synced, "the refresh changed no row"
                assert all(len(keys) == len(app.records) for keys in synced), (
                    [len(keys) for keys in synced],
                    len(app.records),
                )


class GatedSource:
    """The simulator's answers, each held until the test opens the gate."""

    def __init__(self, client: BcsClient) -> None:
        self.client = client
        self.gate = asyncio.Event()

    async def list_records(self, filters: RecordFilters) -> RecordList:
        await self.gate.wait()
        return await self.client.list_records(filters)


async def test_a_long_first_list_arriving_under_another_screen_is_shown_whole(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock, records=400) as sim:
        async with sim_client(sim, clock) as client:
            source = GatedSource(client)
            app = make_app(source, clock, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("question_mark")
                assert isinstance(app.screen, HelpScreen)
                source.gate.set()
                await fetched(app, 1)
                await pilot.press("escape")
                await pilot.pause()
                assert app.main_screen.table.row_count == len(app.records) >= 400


async def test_the_first_list_is_asked_for_before_the_screen_is_composed(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    """The server builds the first answer while the first frame is drawn; the poll loop's
    first fetch takes that answer instead of asking again."""
    asked: list[bool] = []

    class Watching:
        async def list_records(self, filters: RecordFilters) -> RecordList:
            asked.append(app.main_screen.is_mounted if app.screen_stack else False)
            return await client.list_records(filters)

    app = make_app(Watching(), clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        assert asked == [False]
        assert app.main_screen.table.row_count > 0
