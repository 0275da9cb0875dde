"""Red means failed in every colour system. Each status (and each header state that reuses
one) keeps a colour of its own when Rich downgrades it to the 16 standard colours
(``TEXTUAL_COLOR_SYSTEM=standard``: the Linux console, old terminals) and to 256: failed
red, finished green, stopped yellow, processing cyan, waiting blue, as ``watch`` colours
them (bcs_tui/terminal_colour.py). The colours come from the running app's stylesheet, as
tests/ui/test_readability.py resolves them; that test checks their contrast.
"""

from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.style import Style
from textual.widget import Widget

from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.record_list import RecordList
from bcs_tui.ui.widgets.status_header import StatusHeader
from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, ScriptedSource, dashboard_options

THEMES = ("textual-dark", "textual-light")

FAMILIES: Mapping[str, frozenset[int]] = {
    "red": frozenset({1, 9}),
    "green": frozenset({2, 10}),
    "yellow": frozenset({3, 11}),
    "blue": frozenset({4, 12}),
    "magenta": frozenset({5, 13}),
    "cyan": frozenset({6, 14}),
    "grey": frozenset({0, 7, 8, 15}),
}
"""The 16 standard colours (their numbers in Rich's STANDARD palette) by the colour they
name: a normal and a bright shade each; black and white count as grey."""

STATUS_FAMILIES: Mapping[str, str] = {
    "status-failed": "red",
    "status-finished": "green",
    "status-stopped": "yellow",
    "status-processing": "cyan",
    "status-waiting": "blue",
    "status-pending": "grey",
    "status-unknown": "magenta",
    "status-invalid": "magenta",
}
"""Each status in the list and the detail pane; unknown and invalid differ by their style."""

HEADER_FAMILIES: Mapping[str, str] = {
    "state-stale": "red",
    "state-live": "green",
    "state-paused": "yellow",
    "state-refreshing": "blue",
    "state-connecting": "grey",
    "error": "red",
}

DETAIL_FAMILIES: Mapping[str, str] = {
    "error": "red",
    "running-marker": "cyan",  # the step being worked on: running is not a warning
}


def family(color: Color) -> str:
    number = color.downgrade(ColorSystem.STANDARD).number
    return next(name for name, numbers in FAMILIES.items() if number in numbers)


def _style(widget: Widget, name: str) -> Style:
    return widget.get_component_rich_style(f"piece--{name}", partial=False)


def _colour(widget: Widget, name: str) -> Color:
    color = _style(widget, name).color
    assert color is not None, name
    return color


def wrong_families(app: DashboardApp) -> list[str]:
    """Each class whose colour is not of its family once downgraded to 16 colours."""
    expected: list[tuple[type[Widget], Mapping[str, str]]] = [
        (RecordList, STATUS_FAMILIES),
        (DetailPane, STATUS_FAMILIES),
        (DetailPane, DETAIL_FAMILIES),
        (StatusHeader, HEADER_FAMILIES),
    ]
    wrong = []
    for widget_class, families in expected:
        widget = app.screen.query_one(widget_class)
        for name, want in families.items():
            color = _colour(widget, name)
            if family(color) != want:
                hex_colour = color.get_truecolor().hex
                wrong.append(f"{widget_class.__name__} .{name}: {hex_colour} is {family(color)}")
    return wrong


def _look(widget: Widget, name: str, system: ColorSystem) -> tuple[object, ...]:
    """What tells a status apart on a terminal of ``system``: its colour and its style."""
    style = _style(widget, name)
    assert style.color is not None
    return (style.color.downgrade(system).number, style.bold, style.italic, style.reverse)


def statuses_alike(app: DashboardApp) -> list[str]:
    """Pairs of statuses that look the same in 16 or 256 colours, and any other status drawn
    in failed's colour (or red, in 16 colours)."""
    wrong = []
    for widget_class in (RecordList, DetailPane):
        widget = app.screen.query_one(widget_class)
        where = widget_class.__name__
        for system in (ColorSystem.STANDARD, ColorSystem.EIGHT_BIT):
            for first, second in combinations(STATUS_FAMILIES, 2):
                if _look(widget, first, system) == _look(widget, second, system):
                    wrong.append(f"{where} {system.name}: {first} looks like {second}")
            failed = _colour(widget, "status-failed").downgrade(system).number
            for name in STATUS_FAMILIES.keys() - {"status-failed"}:
                color = _colour(widget, name)
                if color.downgrade(system).number == failed or family(color) == "red":
                    wrong.append(f"{where} {system.name}: {name} is drawn as failed")
    return wrong


class PlantedColourApp(DashboardApp):
    """The dashboard with failed drawn in the dark theme's pastel $text-error, which Rich turns
    grey in 16 colours (as it was), and stopped in red."""

    CSS = """
    RecordList > .piece--status-failed { color: #d17e92; }
    DetailPane > .piece--status-stopped { color: #ff5555; }
    """


async def _checked(theme: str, tmp_path: Path, app_class: type[DashboardApp]) -> list[str]:
    clock = ManualClock(FROZEN_AT)
    app = app_class(ScriptedSource(), dashboard_options(clock, tmp_path, theme=theme))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return wrong_families(app) + statuses_alike(app)


@pytest.mark.parametrize("theme", THEMES)
async def test_each_status_keeps_its_colour_in_16_and_256_colours(
    theme: str, tmp_path: Path
) -> None:
    wrong = await _checked(theme, tmp_path, DashboardApp)
    assert not wrong, "\n".join(wrong)


async def test_the_check_finds_a_failed_status_that_is_not_red(tmp_path: Path) -> None:
    wrong = await _checked("textual-dark", tmp_path, PlantedColourApp)
    assert "RecordList .status-failed: #d17e92 is grey" in wrong, wrong
    assert "RecordList STANDARD: status-pending is drawn as failed" in wrong, wrong
    assert "DetailPane .status-stopped: #ff5555 is red" in wrong, wrong
    assert "DetailPane STANDARD: status-stopped is drawn as failed" in wrong, wrong
