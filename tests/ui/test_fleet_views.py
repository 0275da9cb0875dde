"""What the operator sees of a fleet: the record's source in the detail, the sources view
(``P``) one line per source at any width with j / k and its cursor on the source shown
alone, j / k in the events log, and the list's columns at 80 columns."""

from pathlib import Path

from textual.widgets import OptionList

from bcs_tui.base.text_width import cell_width
from bcs_tui.core.diffing import Transition, TransitionKind
from bcs_tui.core.named_source import NamedSource
from bcs_tui.sim.faults import FAULT_500
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.blockchain_screen import BlockchainScreen
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.screens.events_screen import EventsScreen
from bcs_tui.ui.screens.main_screen import MainScreen
from bcs_tui.ui.screens.sources_screen import SourcesScreen
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.support import (
    ScriptedSource,
    dashboard_options,
    fetched,
    health_settled,
    record_payload,
    refresh_now,
    running_fleet,
    wait_until,
)


def fleet_app(sources: list[NamedSource], clock: ManualClock, tmp_path: Path) -> DashboardApp:
    return DashboardApp(sources, dashboard_options(clock, tmp_path), close_source=True)


def prompts(listed: OptionList) -> list[str]:
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def source_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Source ")]


async def test_at_80_columns_the_source_shows_in_the_list_and_in_the_detail(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={"seed": 3}, sg={"seed": 4}) as (_, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await fetched(app, 2)
            await health_settled(app, pilot)
            columns = {column.key: column for column in app.main_screen.table.shown_columns}
            assert next(iter(columns)) == "source"
            assert columns["blockchain"].middle  # bcs-le…kcv: the suffix tells chains apart
            record = app.selected_record
            named = app.named_source_of(app.selected_key)
            assert record is not None and named is not None
            expected = f"Source      {named.name} · cn-north-4 · {named.project_id}"
            assert source_lines(app.main_screen.detail.shown_text) == [expected]
            await pilot.press("b")  # the blockchain view says whose chain it is
            assert isinstance(app.screen, BlockchainScreen)
            await health_settled(app, pilot)
            assert source_lines(app.screen.view.shown_text) == [expected]
            await pilot.press("escape", "enter")  # and so does the full-screen detail
            await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
            await pilot.pause()
            assert source_lines(app.screen.detail.shown_text) == [expected]
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            for _ in range(8):  # sorted by each column: the source stays
                await pilot.press("s")
                await pilot.pause()
                assert app.main_screen.table.shown_columns[0].key == "source"


async def test_the_sources_view_is_one_line_per_source_and_j_k_move_in_it(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={}, sg={}, audit={}) as (sims, sources):
        sims["sg"].set_faults([FAULT_500])
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await fetched(app, 3)
            await pilot.press("P")
            await wait_until(pilot, lambda: isinstance(app.screen, SourcesScreen))
            await pilot.pause()
            listed = app.screen.query_one(OptionList)
            padding = listed.get_component_styles("option-list--option").padding
            width = listed.scrollable_content_region.width - padding.width
            lines = prompts(listed)
            assert all(cell_width(line) <= width for line in lines), lines
            assert lines[0].split() == [
                "Source", "Region", "Project", "State", "Last", "OK", "Records", "Last", "error"
            ]  # fmt: skip
            sg = lines[2]
            assert sg.startswith("sg") and "failing" in sg and sg.endswith("…"), sg
            # Every source on one line: nothing wraps onto the next option's line.
            assert listed.virtual_size.height == len(lines)
            assert listed.highlighted == 1
            await pilot.press("j", "j")
            assert listed.highlighted == 3
            await pilot.press("k")
            assert listed.highlighted == 2
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            assert app.state.source_filter == "sg"
            # Opened again: its cursor is on the source shown alone.
            await pilot.press("P")
            await wait_until(pilot, lambda: isinstance(app.screen, SourcesScreen))
            await pilot.pause()
            assert app.screen.query_one(OptionList).highlighted == 2


async def test_at_120_columns_the_sources_view_shows_whole_projects_or_more_of_the_error(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, north={}, sg={}) as (sims, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=(120, 30)) as pilot:
            await fetched(app, 2)
            await pilot.press("P")
            await wait_until(pilot, lambda: isinstance(app.screen, SourcesScreen))
            await pilot.pause()
            listed = app.screen.query_one(OptionList)
            assert sources[1].project_id in prompts(listed)[2]  # no error: room for it
            await pilot.press("escape")
            sims["sg"].set_faults([FAULT_500])
            app.action_refresh_now()
            await fetched(app, 4)
            await pilot.press("P")
            await wait_until(pilot, lambda: isinstance(app.screen, SourcesScreen))
            await pilot.pause()
            listed = app.screen.query_one(OptionList)
            sg = prompts(listed)[2]
            # The project's start tells it apart; its error gets the room, cut on one line.
            assert "HTTP 500 BCS.5000500: Internal Server Error" in sg and sg.endswith("…")
            assert listed.virtual_size.height == listed.option_count


async def test_j_and_k_move_in_the_events_log(clock: ManualClock, tmp_path: Path) -> None:
    with running_fleet(clock, north={}, sg={}) as (_, sources):
        app = fleet_app(sources, clock, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await fetched(app, 2)
            found = [
                Transition(TransitionKind.APPEARED, key, record, source="north")
                for key, record in app.state.visible[:3]
            ]
            app.events.add(found, app.now())
            await pilot.press("L")
            await wait_until(pilot, lambda: isinstance(app.screen, EventsScreen))
            await pilot.pause()
            listed = app.screen.query_one(OptionList)
            assert listed.highlighted == 0
            await pilot.press("j", "j")
            assert listed.highlighted == 2
            await pilot.press("k")
            assert listed.highlighted == 1


async def test_a_toast_of_a_fleet_keeps_the_source_what_and_chain_at_80_columns(
    clock: ManualClock, tmp_path: Path
) -> None:
    alpha, sg = ScriptedSource(), ScriptedSource()
    alpha.set_records(record_payload("OP-1"))
    sg.set_records(record_payload("BCSSVC01-99-1767225597123300436", status="processing"))
    sources = [
        NamedSource("north-test", "cn-north-4", "p1", alpha),
        NamedSource("sg", "ap-southeast-1", "p2", sg),
    ]
    app = DashboardApp(sources, dashboard_options(clock, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 2)
        failed = record_payload(
            "BCSSVC01-99-1767225597123300436", status="failed", blockchain_name="bcs-trace-fhja"
        )
        sg.set_records(failed)
        await refresh_now(app, pilot)
        await fetched(app, 4)
        await pilot.pause()
        told = [notification.message for notification in notifications(app)]
        kind = told[0].split(" ")[1]  # the record's operation type, as the list says it
        assert told == [f"sg: {kind} failed on bcs-trace-fhja"], told


async def test_one_source_narrowed_to_is_named_in_the_header_with_its_region(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_fleet(clock, sg={}) as (_, sources):
        only = sources[0]
        sg = NamedSource(only.name, "ap-southeast-1", only.project_id, only.client)
        app = DashboardApp([sg], dashboard_options(clock, tmp_path), close_source=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            header = str(app.main_screen.query_one("#header").render())
            assert f"{app.options.profile} · sg · ap-southeast-1 · project " in header, header
