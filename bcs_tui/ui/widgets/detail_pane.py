"""The selected record: header fields and the step / sub-step timeline, updated in place
(the same widget is re-rendered, so its scroll position survives a refresh)."""

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from bcs_tui.core.detail_view import DetailLine
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.styled_text import PIECE_COMPONENT_CLASSES, same_height, styled_lines

EMPTY_MESSAGE = "No record selected."


class DetailPane(VerticalScroll, can_focus=True):
    BINDINGS = bindings("detail")
    COMPONENT_CLASSES = PIECE_COMPONENT_CLASSES

    class WidthChanged(Message):
        """The pane was resized: the timeline's columns must be fitted again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = Static(EMPTY_MESSAGE, classes="detail-body")
        self._shown: Text | None = None
        self._width: int | None = None

    @property
    def text_width(self) -> int | None:
        """Cells available for one line of text, or ``None`` before the first layout."""
        width = self.scrollable_content_region.width
        return width if width > 0 else None

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width != self._width:
            self._width = self.text_width
            self.post_message(self.WidthChanged())

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, lines: list[DetailLine] | None) -> None:
        text = Text(EMPTY_MESSAGE) if lines is None else styled_lines(self, lines)
        if text != self._shown:
            layout = not same_height(self._shown, text, self._body.content_region)
            self._shown = text
            self._body.update(text, layout=layout)

    def forget(self) -> None:
        """Drop what was shown so the next ``show`` redraws (styles may have changed)."""
        self._shown = None

    @property
    def shown_text(self) -> str:
        return self._shown.plain if self._shown is not None else EMPTY_MESSAGE
