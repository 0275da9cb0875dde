"""Turn styled lines from ``core`` (text + style class names) into ``rich.text.Text``.

Style classes are Textual component classes named ``piece--<class>``, so every colour comes
from the stylesheet. ``Text`` is never parsed as markup: server strings stay literal.
"""

from rich.style import Style
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
        "slowest",
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


def piece_style(widget: Widget, name: str) -> Style:
    """The style of the piece class ``name`` in ``widget`` (none for an unknown class)."""
    if name in PIECE_STYLES:
        return widget.get_component_rich_style(f"piece--{name}", partial=True)
    return Style()


def styled_line(widget: Widget, line: DetailLine, styles: dict[str, Style] | None = None) -> Text:
    """``line`` as text; ``styles`` keeps the piece styles looked up (by class name), for a
    caller that draws many lines while the styles stay the same."""
    text = Text(no_wrap=False)
    for piece in line:
        style = None if styles is None else styles.get(piece.style)
        if style is None:
            style = piece_style(widget, piece.style)
            if styles is not None:
                styles[piece.style] = style
        text.append(piece.text, style or None)
    return text
