"""Turn styled lines from ``core`` (text + style class names) into ``rich.text.Text``.

Style classes are Textual component classes named ``piece--<class>``, so every colour comes
from the stylesheet. ``Text`` is never parsed as markup: server strings stay literal.
"""

from rich.text import Text
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
