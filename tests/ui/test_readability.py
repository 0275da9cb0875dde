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
    assert stops == 12
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


@pytest.mark.parametrize("theme", THEMES)
async def test_labels_are_quieter_than_their_values_and_still_readable(
    theme: str, tmp_path: Path
) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = _app(tmp_path, clock, sim, theme)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            for widget in (app.screen.query_one(StatusHeader), app.screen.query_one(DetailPane)):
                label = _contrast_of(widget, "piece--label")
                value = _contrast_of(widget, "piece--value")
                assert TEXT_CONTRAST <= label < value, (widget, label, value)


@pytest.mark.parametrize("theme", THEMES)
async def test_every_style_class_reads_at_4_5_in_every_widget_that_draws_it(
    theme: str, tmp_path: Path
) -> None:
    """The classes the tour may not show (paused, stopped, an unknown status, ...): each
    ``piece--*`` class as Textual resolves it from the stylesheet, in each widget."""
    clock = ManualClock(FROZEN_AT)
    failures: list[str] = []
    with running_sim(clock) as sim:
        app = _app(tmp_path, clock, sim, theme)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            for widget_class in (StatusHeader, DetailPane, RecordList):
                widget = app.screen.query_one(widget_class)
                for component in sorted(PIECE_COMPONENT_CLASSES):
                    ratio = _contrast_of(widget, component)
                    if ratio < TEXT_CONTRAST:
                        failures.append(f"{widget_class.__name__} .{component}: {ratio:.2f}:1")
    assert not failures, failures


def _standard(color: Color) -> int | None:
    return color.downgrade(ColorSystem.STANDARD).number


@pytest.mark.parametrize("theme", THEMES)
async def test_in_16_colours_the_focus_mark_is_not_red(theme: str, tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = _app(tmp_path, clock, sim, theme)
        async with app.run_test(size=SIZE) as pilot:
            await fetched(app, 1)
            await pilot.pause()
            for pane in (app.screen.query_one(RecordList), app.screen.query_one(DetailPane)):
                pane.focus()
                await pilot.pause()
                assert app.focused is pane
                _kind, border = pane.styles.border_top
                assert _standard(border.rich_color) not in RED, (pane, border)
            cursor = app.screen.query_one(RecordList).focus()
            await pilot.pause()
            style = cursor.get_component_rich_style("record-list--cursor", partial=False)
            assert style.bgcolor is not None
            assert _standard(style.bgcolor) not in RED
