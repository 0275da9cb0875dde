"""Every text readable in both themes: each character on screen (read back from the app's
own screenshot, after Textual composed every layer) against the background it is drawn on,
at WCAG's 4.5:1, over a tour of every screen; labels quieter than the values they name; and
in 16 colours the focus mark is not red (red says "failed").

Nothing here lists colours: they come from the running app, so a colour added or changed in
styles/*.tcss (or by a Textual upgrade) is checked as it is drawn.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from textual.pilot import Pilot
from textual.widget import Widget

from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.record_list import RecordList
from bcs_tui.ui.widgets.status_header import StatusHeader
from bcs_tui.ui.widgets.styled_text import PIECE_COMPONENT_CLASSES
from tests.clock import ManualClock
from tests.ui.screen_cells import Cell, screen_cells
from tests.ui.screen_tour import screen_tour
from tests.ui.support import (
    FROZEN_AT,
    dashboard_options,
    fetched,
    running_sim,
    sim_client,
)

THEMES = ("textual-dark", "textual-light")
"""The dark theme (the default) and the light one (``--light``)."""
TEXT_CONTRAST = 4.5
"""WCAG 2 AA for text."""
SIZE = (120, 40)
RED = {1, 9}
"""Red and bright red among the 16 standard colours."""


def _graphic(char: str) -> bool:
    """Box drawing and block elements: borders, rules, scrollbars and time bars, not text."""
    return 0x2500 <= ord(char) <= 0x259F


def _channel(value: int) -> float:
    level = value / 255
    return level / 12.92 if level <= 0.04045 else ((level + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    red, green, blue = Color.parse(color).get_truecolor()
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def unreadable(cells: list[Cell]) -> Iterator[str]:
    """One line per colour pair below 4.5:1, with the text drawn in it."""
    found: dict[tuple[str, str], list[Cell]] = {}
    for cell in cells:
        if not _graphic(cell.char) and contrast(cell.foreground, cell.background) < TEXT_CONTRAST:
            found.setdefault((cell.foreground, cell.background), []).append(cell)
    for (foreground, background), where in found.items():
        first = where[0]
        sample = "".join(cell.char for cell in where[:24])
        yield (
            f"{foreground} on {background} ({contrast(foreground, background):.2f}:1) "
            f"at row {first.row}, column {first.column}: {sample!r}"
        )


class PlantedColourApp(DashboardApp):
    """The dashboard with one low-contrast colour planted in its stylesheet."""

    CSS = "DetailPane > .piece--label { color: #777777; }"


def _app(
    tmp_path: Path, clock: ManualClock, sim: object, theme: str, **options: object
) -> DashboardApp:
    app_class = options.pop("app_class", DashboardApp)
    assert isinstance(app_class, type)
    return app_class(  # type: ignore[no-any-return]
        sim_client(sim, clock),  # type: ignore[arg-type]
        dashboard_options(clock, tmp_path, theme=theme, **options),
        close_source=True,
    )


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_on_every_screen_has_a_contrast_of_at_least_4_5(
    theme: str, tmp_path: Path
) -> None:
    clock = ManualClock(FROZEN_AT)
    failures: list[str] = []
    stops = 0
    with running_sim(clock) as sim:
        app = _app(tmp_path, clock, sim, theme)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            async for stop, svg, dialog in screen_tour(pilot):
                stops += 1
                cells = [
                    cell
                    for cell in screen_cells(svg)
                    if dialog is None or dialog.contains(cell.column, cell.row)
                ]
                failures += [f"{stop}: {line}" for line in unreadable(cells)]
    assert stops >= 12  # and one for each screen of OTHER_SCREENS
    assert not failures, "\n".join(failures)


async def test_the_contrast_check_finds_a_planted_low_contrast_colour(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = _app(tmp_path, clock, sim, "textual-dark", app_class=PlantedColourApp)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            await app.wait_for_views()
            found = list(unreadable(screen_cells(app.export_screenshot())))
    assert any(line.startswith("#777777 on ") and "Operation" in line for line in found), found


def _contrast_of(widget: Widget, component: str) -> float:
    style = widget.get_component_rich_style(component, partial=False)
    assert style.color is not None and style.bgcolor is not None
    return contrast(style.color.get_truecolor().hex, style.bgcolor.get_truecolor().hex)


def labels_louder_than_values(app: DashboardApp) -> list[str]:
    """Labels must be quieter than the values they name, and still read at 4.5:1."""
    wrong = []
    for widget in (app.screen.query_one(StatusHeader), app.screen.query_one(DetailPane)):
        label = _contrast_of(widget, "piece--label")
        value = _contrast_of(widget, "piece--value")
        if not TEXT_CONTRAST <= label < value:
            wrong.append(f"{type(widget).__name__}: label {label:.2f}, value {value:.2f}")
    return wrong


def unreadable_style_classes(app: DashboardApp) -> list[str]:
    """The classes the tour may not show (paused, stopped, an unknown status, ...): each
    ``piece--*`` class as Textual resolves it from the stylesheet, in each widget."""
    wrong = []
    for widget_class in (StatusHeader, DetailPane, RecordList):
        widget = app.screen.query_one(widget_class)
        for component in sorted(PIECE_COMPONENT_CLASSES):
            ratio = _contrast_of(widget, component)
            if ratio < TEXT_CONTRAST:
                wrong.append(f"{widget_class.__name__} .{component}: {ratio:.2f}:1")
    return wrong


def _standard(color: Color) -> int | None:
    return color.downgrade(ColorSystem.STANDARD).number


async def red_focus_marks(app: DashboardApp, pilot: Pilot[int]) -> list[str]:
    """What marks the focus, in 16 colours (``TEXTUAL_COLOR_SYSTEM=standard``), must not
    be red: the focused pane's top border and the focused list's cursor."""
    wrong = []
    table = app.screen.query_one(RecordList)
    for pane in (app.screen.query_one(DetailPane), table):
        pane.focus()
        await pilot.pause()
        assert app.focused is pane
        _kind, border = pane.styles.border_top
        if _standard(border.rich_color) in RED:
            wrong.append(f"{type(pane).__name__} border {border.hex}")
    cursor = table.get_component_rich_style("record-list--cursor", partial=False)
    assert cursor.bgcolor is not None
    if _standard(cursor.bgcolor) in RED:
        wrong.append(f"cursor {cursor.bgcolor}")
    return wrong


@pytest.mark.parametrize("theme", THEMES)
async def test_theme_colours_from_the_stylesheet(theme: str, tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = _app(tmp_path, clock, sim, theme)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            assert not labels_louder_than_values(app)
            assert not unreadable_style_classes(app)
            assert not await red_focus_marks(app, pilot)
