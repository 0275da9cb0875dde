"""Screenshots of the dashboard compared with accepted SVGs (pytest-textual-snapshot).

Deterministic: a seeded simulator and the app share one frozen clock, times are shown in
UTC, and the one random value (the request ID of an error) comes from a scripted source.
Update after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from bcs_tui.api.errors import ApiError
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.ui.app import DashboardApp
from tests.clock import ManualClock
from tests.ui.memory_history import MemoryHistory, stored
from tests.ui.screen_tour import select_failed
from tests.ui.support import (
    FROZEN_AT,
    ScriptedSource,
    dashboard_options,
    fetched,
    health_settled,
    record_payload,
    running_fleet,
    running_sim,
    sim_client,
)

SnapCompare = Callable[..., bool]


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[Callable[..., DashboardApp]]:
    """Builds a dashboard on a fresh seeded simulator; the app closes its client on exit."""
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:

        def build(*, faults: frozenset[str] = frozenset(), **options: Any) -> DashboardApp:
            sim.set_faults(faults)
            client = sim_client(sim, clock)
            return DashboardApp(
                client, dashboard_options(clock, tmp_path, **options), close_source=True
            )

        yield build


async def _loaded(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, DashboardApp)
    await fetched(app, 1)
    await health_settled(app, pilot)


def _loaded_then(*keys: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Loaded, then ``keys`` pressed, and the blockchain health of the record they select
    arrived (a fetch over loopback: the screenshot must not race it)."""

    async def run_before(pilot: Pilot[int]) -> None:
        await _loaded(pilot)
        await pilot.press(*keys)
        assert isinstance(pilot.app, DashboardApp)
        await health_settled(pilot.app, pilot)

    return run_before


SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x55": (200, 55)}
"""The smallest terminal we support, a common one, and a wide one (detail beside the list)."""
THEMES = ("textual-dark", "textual-light")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_main_screen(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp], size: str, theme: str
) -> None:
    app = dashboard(theme=theme)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_loaded)


@pytest.mark.parametrize("size", SIZES)
def test_failed_operation_selected(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp], size: str
) -> None:
    async def failed_selected(pilot: Pilot[int]) -> None:
        await _loaded(pilot)
        await select_failed(pilot)
        await pilot.pause()

    assert snap_compare(dashboard(), terminal_size=SIZES[size], run_before=failed_selected)


@pytest.mark.parametrize(
    ("size", "theme"), [("80x24", "textual-dark"), ("120x40", "textual-light")]
)
def test_ascii(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp], size: str, theme: str
) -> None:
    async def failed_selected(pilot: Pilot[int]) -> None:
        await _loaded(pilot)
        await select_failed(pilot)
        await pilot.pause()

    app = dashboard(ascii=True, theme=theme)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=failed_selected)


def test_help_screen_80x24(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(
        dashboard(), terminal_size=(80, 24), run_before=_loaded, press=["question_mark"]
    )


def test_full_screen_detail(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(dashboard(), terminal_size=(100, 36), run_before=_loaded_then("j", "enter"))


def test_stale_state_with_error(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    async def fail_after_load(pilot: Pilot[int]) -> None:
        await _loaded(pilot)
        app = pilot.app
        assert isinstance(app, DashboardApp)
        app.source = ScriptedSource(
            error=ApiError(500, "BCS.5000500", "Internal Server Error", "req-0001")
        )
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()

    assert snap_compare(dashboard(), terminal_size=(100, 30), run_before=fail_after_load)


def test_hostile_strings_record(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    app = dashboard(faults=frozenset({"hostile"}))
    assert snap_compare(app, terminal_size=(120, 36), run_before=_loaded)


def test_no_color_is_still_readable(
    snap_compare: SnapCompare,
    dashboard: Callable[..., DashboardApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(dashboard(), terminal_size=(100, 30), run_before=_loaded)


def test_server_filter_dialog_80x24(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(dashboard(), terminal_size=(80, 24), run_before=_loaded, press=["f"])


def test_failed_only_with_the_copy_menu_80x24(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(dashboard(), terminal_size=(80, 24), run_before=_loaded_then("3", "Y"))


def test_blockchain_view_of_the_abnormal_chain_80x24(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    async def abnormal_chain_view(pilot: Pilot[int]) -> None:
        await _loaded(pilot)
        app = pilot.app
        assert isinstance(app, DashboardApp)
        row = next(
            index
            for index, (_key, record) in enumerate(app.state.visible)
            if record.blockchain_name == "bcs-audit-k4vw"  # the seeded sim's Abnormal chain
        )
        app.main_screen.table.move_cursor(row)
        await health_settled(app, pilot)
        await pilot.press("b")
        await health_settled(app, pilot)

    assert snap_compare(dashboard(), terminal_size=(80, 24), run_before=abnormal_chain_view)


@pytest.fixture
def fleet_dashboard(tmp_path: Path) -> Iterator[DashboardApp]:
    """Three sources, each a seeded simulator of its own project, as the demo shows them."""
    clock = ManualClock(FROZEN_AT)
    names = {"north": {"seed": 3}, "north-test": {"seed": 4}, "sg": {"seed": 5}}
    with running_fleet(clock, **names) as (_, sources):
        yield DashboardApp(sources, dashboard_options(clock, tmp_path), close_source=True)


async def _fleet_loaded(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, DashboardApp)
    await fetched(app, 3)
    # The cursor stays on the row it was on as each source's answer arrives (in any order):
    # the first row, for the same screen every run.
    await pilot.press("g")
    await health_settled(app, pilot)


@pytest.mark.parametrize("size", ["80x24", "120x40"])
def test_three_sources(snap_compare: SnapCompare, fleet_dashboard: DashboardApp, size: str) -> None:
    assert snap_compare(fleet_dashboard, terminal_size=SIZES[size], run_before=_fleet_loaded)


def test_the_sources_view_80x24(snap_compare: SnapCompare, fleet_dashboard: DashboardApp) -> None:
    assert snap_compare(
        fleet_dashboard, terminal_size=(80, 24), run_before=_fleet_loaded, press=["P"]
    )


def test_history_shown_120x40(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    """``H``: three stored operations the simulator no longer lists, below the live ones,
    muted and marked "history"; the last (selected) one's detail says when it was seen."""
    old = FROZEN_AT - 2 * 86_400 * NS_PER_S
    history = MemoryHistory(
        [
            stored(record_payload(f"OLD-OPERATION-{n}", status=status, record_time=old - n))
            for n, status in enumerate(("finished", "failed", "finished"))
        ]
    )

    async def history_shown(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, DashboardApp)
        await fetched(app, 1)
        await asyncio.wait_for(app.history_loaded.wait(), 10)
        await pilot.press("H", "G")
        await health_settled(app, pilot)

    app = dashboard(history=history)
    assert snap_compare(app, terminal_size=(120, 40), run_before=history_shown)
