"""Removed toasts leave nothing behind: no empty holder in the toast rack, no style cache
held by Textual's class-wide cache (bcs_tui/ui/removed_widgets.py says why both happen)."""

import gc
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.textual_compat import toast_holders
from tests.clock import ManualClock
from tests.ui.settle import until
from tests.ui.support import ScriptedSource, fetched, make_app

LONG_S = 600.0  # no toast times out during a test: only the test removes them


def _holders(app: DashboardApp) -> list[Widget]:
    return toast_holders(app.screen)


def _toasts(app: DashboardApp) -> list[Widget]:
    return [toast for holder in _holders(app) for toast in holder.children]


@asynccontextmanager
async def _dashboard(
    clock: ManualClock, tmp_path: Path
) -> AsyncIterator[tuple[DashboardApp, Pilot[int]]]:
    """The dashboard with toasts on (``run_test`` turns them off), after its first fetch."""
    app = make_app(ScriptedSource(), clock, tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await fetched(app, 1)
        yield app, pilot


async def test_a_new_toast_clears_away_holders_left_empty(
    clock: ManualClock, tmp_path: Path
) -> None:
    async with _dashboard(clock, tmp_path) as (app, pilot):
        app.notify("first", timeout=LONG_S)
        app.notify("second", timeout=LONG_S)
        await until(pilot, lambda: len(_toasts(app)) == 2, "two toasts shown")

        app.clear_notifications()  # the rack removes both toasts and, in Textual, not their holders
        await until(pilot, lambda: not _toasts(app), "both toasts removed")

        app.notify("third", timeout=LONG_S)
        await until(pilot, lambda: len(_toasts(app)) == 1, "the third toast shown")
        await pilot.pause()
        holders = _holders(app)
        assert len(holders) == 1
        assert [str(toast.render()) for toast in holders[0].children] == ["third"]


async def test_a_removed_widget_leaves_no_style_cache_behind(
    clock: ManualClock, tmp_path: Path
) -> None:
    # A plain widget, not a toast: a toast's cancelled timer keeps it reachable from the event
    # loop's queue until the time it was set for, which would hide what is tested here.
    async with _dashboard(clock, tmp_path) as (app, pilot):
        passing = Static("here for a moment", id="passing")
        await app.main_screen.mount(passing)
        await pilot.pause()  # painted: Textual's class-wide cache now has its style cache
        style_cache = weakref.ref(passing._styles_cache)
        await passing.remove()
        del passing
        # The parent's child list remembers its last order until its children change again.
        await app.main_screen.mount(Static("after it"))
        await pilot.pause()

        app.notify("next", timeout=LONG_S)
        await until(pilot, lambda: len(_toasts(app)) == 1, "the next toast shown")
        gc.collect()
        assert style_cache() is None
