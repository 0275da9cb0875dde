"""Screenshots of the dashboard compared with accepted SVGs (pytest-textual-snapshot).

Deterministic: a seeded simulator and the app share one frozen clock, times are shown in
UTC, and the one random value (the request ID of an error) comes from a scripted source.
Update after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from bcs_tui.api.errors import ApiError
from bcs_tui.base.status import Status
from bcs_tui.ui.app import DashboardApp
from tests.clock import ManualClock
from tests.ui.support import (
    FROZEN_AT,
    ScriptedSource,
    dashboard_options,
    fetched,
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
    await pilot.pause()


def test_main_screen_80x24(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(dashboard(), terminal_size=(80, 24), run_before=_loaded)


def test_main_screen_160x48(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(dashboard(), terminal_size=(160, 48), run_before=_loaded)


def test_help_screen(snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]) -> None:
    assert snap_compare(
        dashboard(), terminal_size=(100, 40), run_before=_loaded, press=["question_mark"]
    )


def test_full_screen_detail(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    assert snap_compare(
        dashboard(), terminal_size=(100, 36), run_before=_loaded, press=["j", "enter"]
    )


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


def test_ascii_glyphs_light_theme(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    app = dashboard(ascii=True, theme="textual-light")
    assert snap_compare(app, terminal_size=(100, 30), run_before=_loaded)


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


def test_failed_operation_selected_80x24(
    snap_compare: SnapCompare, dashboard: Callable[..., DashboardApp]
) -> None:
    """The "Where" column and the ``Failed at`` line with its message, without scrolling."""

    async def select_failed(pilot: Pilot[int]) -> None:
        await _loaded(pilot)
        app = pilot.app
        assert isinstance(app, DashboardApp)
        statuses = {key: record.operation_status for key, record in app.state.records}
        keys = app.main_screen.table.row_keys()
        index = next(i for i, key in enumerate(keys) if statuses[key] is Status.FAILED)
        await pilot.press(*["j"] * index)
        await app.wait_for_views()
        await pilot.pause()

    assert snap_compare(dashboard(), terminal_size=(80, 24), run_before=select_failed)
