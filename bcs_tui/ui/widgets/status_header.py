"""Header: profile / region / project, connection state, data age, interval, view settings,
and the error while the data is stale."""

from rich.text import Text
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from bcs_tui.core.detail_view import DetailLine
from bcs_tui.core.header_view import HeaderView, error_line, identity_line, view_line
from bcs_tui.core.line_clip import clip_line
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.ui.widgets.line_strips import LineStrips, plain_text
from bcs_tui.ui.widgets.styled_text import PIECE_COMPONENT_CLASSES, styled_line


class StatusHeader(Widget):
    """On Textual's line API: a tick that moves "updated 5s ago" repaints that line alone
    (``LineStrips``). Each line stays one screen line, clipped with an ellipsis when the
    window is narrow: a wrapped header would push the list down at 80 columns."""

    COMPONENT_CLASSES = PIECE_COMPONENT_CLASSES

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[DetailLine] = []
        self._ellipsis = "…"
        self._strips = LineStrips(self)
        self._shown: tuple[HeaderView, GlyphSet] | None = None

    @property
    def lines_drawn(self) -> int:
        return self._strips.lines_drawn

    def forget(self) -> None:
        self._strips.forget()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.forget()

    def show(self, view: HeaderView, glyphs: GlyphSet) -> None:
        self.set_class(view.error is not None, "-stale")
        self._shown = (view, glyphs)
        width = self.content_size.width
        lines = self._lines_at(width)
        if lines == self._lines and glyphs.ellipsis == self._ellipsis:
            return
        self._lines = lines
        self._ellipsis = glyphs.ellipsis
        if width <= 0:
            self.refresh(layout=True)  # not laid out yet: the first layout draws it
            return
        changed = self._strips.lay_out(self._clipped(width), width)
        if changed is None:
            self.refresh(layout=True)  # a line more or less: the header's height changes
        else:
            for y in changed:
                self.refresh(Region(0, y, width, 1))

    def render(self) -> Text:
        """What the header says, as plain text (it is drawn line by line)."""
        return plain_text(self._lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._laid_out(width))

    def render_line(self, y: int) -> Strip:
        self._laid_out(self.content_size.width)
        line = self._strips.screen_line(y)
        if line is not None:
            return line
        return Strip.blank(self.content_size.width, self.visual_style.rich_style)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return self._strips.selected_text(selection)

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def _lines_at(self, width: int) -> list[DetailLine]:
        """The header's lines, the first fitted to ``width`` (any width before layout)."""
        if self._shown is None:
            return self._lines
        view, glyphs = self._shown
        fit = width if width > 0 else None
        return [identity_line(view, glyphs, fit), view_line(view, glyphs)]

    def _laid_out(self, width: int) -> list[Strip]:
        if width > 0 and (width != self._strips.width or not self._strips.strips):
            if width != self._strips.width:
                self._lines = self._lines_at(width)  # the first line fits the new width
            self._strips.lay_out(self._clipped(width), width)
        return self._strips.strips

    def _clipped(self, width: int) -> list[DetailLine]:
        return [clip_line(line, width, self._ellipsis) for line in self._lines]


class ErrorLine(Static):
    """The last error, shown only while the data is stale: one screen line, the error cut
    to the width with the retry countdown kept; the whole error is its tooltip."""

    COMPONENT_CLASSES = PIECE_COMPONENT_CLASSES

    def __init__(self, content: str = "", *, id: str | None = None) -> None:
        super().__init__(content, id=id)
        self._shown: tuple[HeaderView, GlyphSet] | None = None

    def show(self, view: HeaderView, glyphs: GlyphSet) -> None:
        self._shown = (view, glyphs)
        self.display = view.error is not None
        # Text, not a string: a string tooltip is read as markup, and this is server text.
        self.tooltip = None if view.error is None else Text(view.error)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._shown is None:
            return
        view, glyphs = self._shown
        # Before its first layout (hidden until an error) the screen's width stands in:
        # the line spans it, less the padding.
        width = self.content_size.width or self.screen.size.width - self.styles.gutter.width
        line = error_line(view, glyphs, width if width > 0 else None)
        if line is not None:
            self.update(styled_line(self, line))
