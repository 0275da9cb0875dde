"""Turn styled lines from ``core`` (text + style class names) into ``rich.text.Text``.

Style classes are Textual component classes named ``piece--<class>``, so every colour comes
from the stylesheet. ``Text`` is never parsed as markup: server strings stay literal.
"""

from collections.abc import Iterable

from rich.text import Text
from textual.geometry import Region
from textual.widget import Widget

from bcs_tui.core.detail_view import DetailLine
from bcs_tui.core.status_view import STATUS_STYLES

PIECE_STYLES: frozenset[str] = frozenset(
    {
        "label",
        "value",
        "heading",
        "muted",
        "detail",
        "message",
        "step-name",
        "sub-step-name",
        "running-marker",
        "bar",
        "error",
        "state-live",
        "state-refreshing",
        "state-stale",
        "state-paused",
        "state-connecting",
        *STATUS_STYLES,
    }
)

PIECE_COMPONENT_CLASSES: set[str] = {f"piece--{name}" for name in PIECE_STYLES}


def styled_line(widget: Widget, line: DetailLine) -> Text:
    text = Text(no_wrap=False)
    for piece in line:
        if piece.style in PIECE_STYLES:
            text.append(
                piece.text, widget.get_component_rich_style(f"piece--{piece.style}", partial=True)
            )
        else:
            text.append(piece.text)
    return text


def same_height(old: Text | None, new: Text, content: Region) -> bool:
    """Whether ``new`` takes exactly the lines ``old`` took in the ``content`` region, and
    the widget is already that tall: then an update needs no layout, and repaints that
    widget alone instead of the whole screen (benchmarks/RESULTS.md, rows 5 and 6). A first
    update can come before the first layout has sized the widget: its height then says so."""
    if old is None or content.width <= 0:
        return False
    old_lines, new_lines = old.split(allow_blank=True), new.split(allow_blank=True)
    return len(old_lines) == len(new_lines) == content.height and all(
        line.cell_len <= content.width for line in (*old_lines, *new_lines)
    )


def styled_lines(widget: Widget, lines: Iterable[DetailLine]) -> Text:
    return Text("\n").join(styled_line(widget, line) for line in lines)
