"""Header: profile / region / project, connection state, data age, interval, view settings,
and the error while the data is stale."""

from rich.text import Text
from textual.widgets import Static

from bcs_tui.core.header_view import HeaderView, error_line, identity_line, view_line
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.ui.widgets.styled_text import (
    PIECE_COMPONENT_CLASSES,
    same_height,
    styled_line,
    styled_lines,
)


class StatusHeader(Static):
    COMPONENT_CLASSES = PIECE_COMPONENT_CLASSES

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._shown: Text | None = None

    def forget(self) -> None:
        self._shown = None

    def show(self, view: HeaderView, glyphs: GlyphSet) -> None:
        lines = [identity_line(view, glyphs), view_line(view, glyphs)]
        text = styled_lines(self, lines)
        self.set_class(view.error is not None, "-stale")
        if text != self._shown:
            layout = not same_height(self._shown, text, self.content_region)
            self._shown = text
            self.update(text, layout=layout)


class ErrorLine(Static):
    """The last error, shown only while the data is stale."""

    COMPONENT_CLASSES = PIECE_COMPONENT_CLASSES

    def show(self, view: HeaderView) -> None:
        line = error_line(view)
        self.display = line is not None
        if line is not None:
            self.update(styled_line(self, line))
