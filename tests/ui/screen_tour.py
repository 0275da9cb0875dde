"""A tour of every kind of screen the dashboard shows, for tests that must look at all of
them (contrast, ``--ascii``): the list and the detail pane (each with the focus), a failed
record selected, the full-screen detail, help, the filter dialog, the text filter, the
command palette and its theme picker, Textual's keys panel, toasts, and the stale state with
its error line.

Each stop yields the app's own screenshot (``App.export_screenshot``): what a terminal shows.
"""

from collections.abc import AsyncIterator
from typing import Any

from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen

from bcs_tui.api.errors import ApiError
from bcs_tui.base.status import Status
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.main_screen import MainScreen
from tests.ui.settle import until
from tests.ui.support import ScriptedSource, fetched, health_settled


async def _settled(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, DashboardApp)
    await health_settled(app, pilot)


async def select_failed(pilot: Pilot[Any]) -> None:
    """Move the cursor to the first failed record of the simulator's list (as ``j`` does, at
    once: a key press each costs a frame)."""
    app = pilot.app
    assert isinstance(app, DashboardApp)
    steps = next(
        (
            index
            for index, (_key, record) in enumerate(app.state.visible)
            if record.operation_status is Status.FAILED
        ),
        None,
    )
    assert steps is not None, "the simulator made no failed operation"
    app.main_screen.table.move_cursor(steps)
    await _settled(pilot)
    record = app.selected_record
    assert record is not None and record.operation_status is Status.FAILED


def _dialog(pilot: Pilot[Any], selector: str) -> Region:
    return pilot.app.screen.query_one(selector).region


def _on_top(screen: Screen[Any]) -> Region | None:
    """What a modal screen draws over the faded screen behind it (``None``: all of it)."""
    if not isinstance(screen, ModalScreen):
        return None
    # Textual's own layers (toasts, tooltip) cover the whole screen, transparent.
    own = [child for child in screen.children if not (child.id or "").startswith("textual-")]
    return Region.from_union([child.region for child in own])


def _toast_count(app: DashboardApp) -> int:
    return len([toast for toast in app.screen.query("Toast") if toast.is_attached])


OTHER_SCREENS = ("L", "Y")
"""Keys that open a screen of their own (the events log, the copy menu): visited when the
dashboard has them."""

Stop = tuple[str, str, Region | None]
"""Name, SVG screenshot, and the dialog on top (the screen behind it is drawn faded on
purpose: it is not there to be read) or ``None``."""


async def screen_tour(pilot: Pilot[Any]) -> AsyncIterator[Stop]:
    """Each stop of the tour; it ends on the stale state."""
    app = pilot.app
    assert isinstance(app, DashboardApp)
    await fetched(app, 1)
    await _settled(pilot)
    yield "list focused", app.export_screenshot(), None
    await select_failed(pilot)
    yield "failed selected", app.export_screenshot(), None
    await pilot.press("tab")
    await _settled(pilot)
    yield "detail focused", app.export_screenshot(), None
    await pilot.press("shift+tab", "enter")
    await _settled(pilot)
    yield "full-screen detail", app.export_screenshot(), None
    await pilot.press("escape", "question_mark")
    await _settled(pilot)
    yield "help", app.export_screenshot(), _on_top(app.screen)
    await pilot.press("escape", "f")
    await _settled(pilot)
    yield "filter dialog", app.export_screenshot(), _on_top(app.screen)
    await pilot.press("escape", "slash", "x")
    await _settled(pilot)
    yield "text filter, nothing matches", app.export_screenshot(), None
    await pilot.press("escape", "ctrl+p")
    await _settled(pilot)
    yield "command palette", app.export_screenshot(), _dialog(pilot, "#--container")
    await pilot.press("escape")
    await _settled(pilot)
    app.search_themes()
    await _settled(pilot)
    yield "theme picker", app.export_screenshot(), _dialog(pilot, "#--container")
    await pilot.press("escape")
    await _settled(pilot)
    app.action_show_help_panel()
    await _settled(pilot)
    yield "Textual's keys panel", app.export_screenshot(), None
    app.action_hide_help_panel()
    for key in OTHER_SCREENS:
        await pilot.press(key)
        await _settled(pilot)
        if not isinstance(app.screen, MainScreen):
            yield f"the screen of {key}", app.export_screenshot(), _on_top(app.screen)
            await pilot.press("escape")
            await _settled(pilot)
    # Two toasts fit at 24 lines; one is too long for its toast, so it is cut.
    app.notify("An information " + "far too long for one toast " * 4, title="Done", markup=False)
    app.notify("A failure", title="Failed", severity="error", markup=False)
    await until(pilot, lambda: _toast_count(app) == 2, "two toasts")
    await _settled(pilot)
    yield "toasts, one cut", app.export_screenshot(), None
    app.clear_notifications()
    app.notify("A warning", severity="warning", markup=False)
    await until(pilot, lambda: _toast_count(app) == 1, "a warning toast")
    await _settled(pilot)
    yield "a warning toast", app.export_screenshot(), None
    app.clear_notifications()
    app.source = ScriptedSource(
        error=ApiError(500, "BCS.5000500", "Internal Server Error", "req-0001")
    )
    await pilot.press("r")
    await fetched(app, 2)
    await _settled(pilot)
    yield "stale with its error", app.export_screenshot(), None
