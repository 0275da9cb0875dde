"""What is on screen, cell by cell, read back from the app's own SVG screenshot
(``App.export_screenshot``, Textual's public API): each cell's character and the colours it
is drawn in, after Textual has composed every layer (screens, dialogs, toasts) and rich has
applied dim and reverse. Tests of contrast and of ``--ascii`` read the screen through this,
so they see what the user sees, whichever stylesheet, theme or widget drew it.

rich writes one ``<rect>`` per run of cells with a background and one ``<text>`` per run of
cells with something other than blanks, both placed in pixels on a fixed grid.
"""

import html
import re
from dataclasses import dataclass

from rich.cells import cell_len

CHAR_WIDTH = 20 * 0.61
"""rich's SVG grid: a cell is 0.61 of the 20-pixel character height wide ..."""
LINE_HEIGHT = 20 * 1.22
"""... and 1.22 of it high."""
TEXT_BASELINE = 20
RECT_TOP = 1.5

_CLASS_RULE = re.compile(r"\.(terminal(?:-\d+)?-r\d+) \{ fill: (#[0-9a-f]{6})")
_RECT = re.compile(
    r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
    r'height="[\d.]+" shape-rendering="crispEdges"/>'
)
_TEXT = re.compile(
    r'<text class="(terminal(?:-\d+)?-r\d+)" x="([\d.]+)" y="([\d.]+)" '
    r'textLength="[\d.]+" clip-path="[^"]*">([^<]*)</text>'
)


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    char: str
    foreground: str
    """``#rrggbb`` as drawn (dim already blended in)."""
    background: str


def _cell_at(x: str, offset: float, step: float) -> int:
    return round((float(x) - offset) / step)


def screen_cells(svg: str) -> list[Cell]:
    """Every cell that holds a character other than a blank, in reading order."""
    fills = dict(_CLASS_RULE.findall(svg))
    backgrounds: dict[tuple[int, int], str] = {}
    for fill, x, y, width in _RECT.findall(svg):
        row = _cell_at(y, RECT_TOP, LINE_HEIGHT)
        first = _cell_at(x, 0, CHAR_WIDTH)
        for column in range(first, first + round(float(width) / CHAR_WIDTH)):
            backgrounds[(row, column)] = fill
    cells: list[Cell] = []
    for class_name, x, y, content in _TEXT.findall(svg):
        row = _cell_at(y, TEXT_BASELINE, LINE_HEIGHT)
        column = _cell_at(x, 0, CHAR_WIDTH)
        for char in html.unescape(content):
            if not char.isspace():
                background = backgrounds.get((row, column))
                assert background is not None, f"no background under {char!r} at {row},{column}"
                cells.append(Cell(row, column, char, fills[class_name], background))
            column += cell_len(char)
    return sorted(cells, key=lambda cell: (cell.row, cell.column))


def screen_text(svg: str) -> list[str]:
    """The screen as lines of text (blanks where nothing is drawn)."""
    rows: dict[int, dict[int, str]] = {}
    for cell in screen_cells(svg):
        rows.setdefault(cell.row, {})[cell.column] = cell.char
    height = max(rows, default=-1) + 1
    return [
        "".join(
            rows.get(y, {}).get(x, " ") for x in range(max(rows.get(y, {0: ""}), default=0) + 1)
        )
        for y in range(height)
    ]
