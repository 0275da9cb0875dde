"""Styled lines from ``core`` drawn one line at a time, for widgets on Textual's line API.

A ``Static`` given new text renders all of it again and repaints its whole region: once a
second, for a header whose only change is "updated 5s ago" -> "6s ago", or a detail pane
whose only changes are a running step's duration and bar (benchmarks/RESULTS.md, row 7).
Here each line is drawn once and kept while its text, its styles and the width stay the
same; a new set of lines reports which screen lines differ, so the widget repaints those
alone. A line that fits is drawn straight into segments; a longer one is wrapped exactly
as a ``Static`` wraps it. Text selection with the mouse works as in a ``Static``.
"""

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from bcs_tui.core.detail_view import DetailLine, Piece
from bcs_tui.ui.widgets.styled_text import piece_style, styled_line


class LineStrips:
    """The screen lines (``strips``) of a widget's styled lines at one width."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._width = 0
        self._drawn: dict[DetailLine, tuple[Strip, ...]] = {}
        self._styles: dict[str, Style] = {}
        self.strips: list[Strip] = []
        self.lines_drawn = 0
        """Lines drawn (not taken from those kept), for tests: a tick that changes one
        line draws one line."""

    @property
    def width(self) -> int:
        return self._width

    def forget(self) -> None:
        """Draw every line anew next time (the styles changed)."""
        self._drawn = {}
        self._styles = {}
        self.strips = []

    def lay_out(self, lines: Sequence[DetailLine], width: int) -> list[int] | None:
        """Draw ``lines`` at ``width`` cells, reusing each line drawn before. Returns the
        screen lines that differ from the last layout, or ``None`` when their number
        changed (then everything below moved: the widget repaints whole)."""
        if width != self._width:
            self._drawn = {}
            self._width = width
        kept = self._drawn
        drawn: dict[DetailLine, tuple[Strip, ...]] = {}
        strips: list[Strip] = []
        for line in lines:
            found = drawn.get(line) or kept.get(line)
            if found is None:
                found = self._draw(line, width)
            drawn[line] = found
            strips.extend(found)
        old, self.strips, self._drawn = self.strips, strips, drawn
        if len(old) != len(strips):
            return None
        return [
            y
            for y, (before, after) in enumerate(zip(old, strips, strict=True))
            if before is not after
        ]

    def screen_line(self, y: int) -> Strip | None:
        """Screen line ``y`` as drawn, with the selection (if any) shown over it and the
        offsets a mouse selection reads; ``None`` past the last line."""
        if y >= len(self.strips):
            return None
        strip = self.strips[y]
        selection = self._widget.text_selection
        span = None if selection is None else selection.get_span(y)
        if span is not None:
            start, end = span
            style = self._widget.screen.get_component_rich_style("screen--selection")
            strip = _restyled(strip, start, len(strip.text) if end == -1 else end, style)
        return strip.apply_offsets(0, y)

    def selected_text(self, selection: Selection) -> tuple[str, str]:
        """What ``Widget.get_selection`` answers: the selected text and its line end."""
        return selection.extract("\n".join(strip.text for strip in self.strips)), "\n"

    def _draw(self, line: DetailLine, width: int) -> tuple[Strip, ...]:
        widget = self._widget
        self.lines_drawn += 1
        base = widget.visual_style.rich_style
        segments = [Segment(piece.text, base + self._style(piece.style)) for piece in line]
        strip = Strip([segment for segment in segments if segment.text])
        if strip.cell_length <= width:
            return (strip,)
        indent, rest = _hanging(line)
        if indent and width - indent >= MIN_HANGING_WIDTH:
            # "Now at   Deploy Nodes > ... (2s" / "         ago)": the wrapped part stays
            # in the value's column, under the label's blank, not back at column 0.
            lead = Strip(segments[: len(line) - len(rest)] or [Segment(" " * indent, base)])
            lead = lead.crop_extend(0, indent, base)
            blank = Strip.blank(indent, base)
            wrapped = self._wrapped(rest, width - indent)
            return tuple(
                Strip.join([lead if index == 0 else blank, part])
                for index, part in enumerate(wrapped)
            )
        return self._wrapped(line, width)

    def _wrapped(self, line: DetailLine, width: int) -> tuple[Strip, ...]:
        widget = self._widget
        visual = visualize(widget, styled_line(widget, line, self._styles))
        return tuple(Visual.to_strips(widget, visual, width, None, widget.visual_style))

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = piece_style(self._widget, name)
        return style


MIN_HANGING_WIDTH = 20
"""Below this many cells beside the indent, a long line wraps from column 0 as before."""


def _hanging(line: DetailLine) -> tuple[int, DetailLine]:
    """The indent a wrapped line keeps (a label's width, or the blanks it starts with) and
    the pieces that wrap within the rest; ``0`` when it has none."""
    if not line:
        return 0, line
    first = line[0]
    if first.style == "label":
        return cell_len(first.text), line[1:]
    text = first.text.lstrip(" ")
    indent = len(first.text) - len(text)
    if not indent:
        return 0, line
    return indent, (Piece(text, first.style), *line[1:])


def _restyled(strip: Strip, start: int, end: int, over: Style) -> Strip:
    """``strip`` with ``over`` on top of the characters from ``start`` to ``end``."""
    segments: list[Segment] = []
    at = 0
    for segment in strip:
        text, style = segment.text, segment.style or Style()
        first, after = at, at + len(text)
        at = after
        low, high = max(first, start), min(after, end)
        if low >= high:
            segments.append(segment)
            continue
        if low > first:
            segments.append(Segment(text[: low - first], style))
        segments.append(Segment(text[low - first : high - first], style + over))
        if high < after:
            segments.append(Segment(text[high - first :], style))
    return Strip(segments, strip.cell_length)


def plain_text(lines: Sequence[DetailLine]) -> Text:
    """The lines as one unstyled text, a line each (what the widget says, for tests)."""
    return Text("\n".join("".join(piece.text for piece in line) for line in lines))
