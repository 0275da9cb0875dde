"""The selected record: header fields and the step / sub-step timeline, updated in place
(the same widget is drawn again, so its scroll position survives a refresh; another record
starts at its top).

On Textual's line API (``ScrollView`` + ``render_line``): each line is drawn once and kept
while it reads the same (``LineStrips``), so the once-a-second tick of a running record
repaints its ticking lines (ages, durations, bars) alone, not the whole pane.
"""

from textual import events
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from bcs_tui.core.detail_view import DetailLine, Piece
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.line_strips import LineStrips, plain_text
from bcs_tui.ui.widgets.styled_text import PIECE_COMPONENT_CLASSES

EMPTY_MESSAGE = "No record selected."
_EMPTY_LINES: list[DetailLine] = [(Piece(EMPTY_MESSAGE),)]


class DetailPane(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = bindings("detail")
    COMPONENT_CLASSES = PIECE_COMPONENT_CLASSES

    class WidthChanged(Message):
        """The pane was resized: the timeline's columns must be fitted again."""

    def __init__(self, *, id: str | None = None, opened_by_key: bool = False) -> None:
        """``opened_by_key``: the pane comes with a key (the full-screen detail): scrolling
        keys that reach it before its record does were typed for that record, and count."""
        super().__init__(id=id)
        self._opened_by_key = opened_by_key
        self._lines: list[DetailLine] = _EMPTY_LINES
        self._strips = LineStrips(self)
        self._width: int | None = None
        self._subject: str | None = None
        """What the lines are about (the record's key): another one starts at the top."""
        self._scroll_wanted: float | None = None
        """Where scrolling keys took a pane opened by key before its record was shown (keys
        typed in the same burst as the `enter` that opened it): applied once it is."""

    @property
    def text_width(self) -> int | None:
        """Cells available for one line of text, or ``None`` before the first layout."""
        width = self.scrollable_content_region.width
        return width if width > 0 else None

    @property
    def lines_drawn(self) -> int:
        """Lines drawn so far (not taken from those kept), for tests."""
        return self._strips.lines_drawn

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width != self._width:
            self._width = self.text_width
            self._lay_out(repaint_all=True)
            self.post_message(self.WidthChanged())

    def show(self, lines: list[DetailLine] | None, subject: str | None = None) -> None:
        """Show ``lines``; ``subject`` names what they are about (the record's key): the
        same subject keeps the scroll position (a refresh), another one starts at the top
        (where its ID and status are), not at the old record's offset."""
        lines = _EMPTY_LINES if lines is None else lines
        new_subject = subject != self._subject
        self._subject = subject
        if lines == self._lines and self._strips.strips and not new_subject:
            return
        self._lines = lines
        if new_subject:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._lay_out()

    def _lay_out(self, *, repaint_all: bool = False) -> None:
        width = self.text_width
        if width is None:
            return  # not laid out yet: the first resize draws it
        changed = self._strips.lay_out(self._lines, width)
        height = len(self._strips.strips)
        if changed is None or repaint_all:
            self.virtual_size = Size(width, height)
            self.refresh()
        else:
            for y in changed:
                self.refresh_line(y)
        if self._scroll_wanted is not None and self._subject is not None:
            # Forced: the scroll bar that allows it comes with the next layout.
            self.scroll_to(y=self._scroll_wanted, animate=False, immediate=True, force=True)
            self._scroll_wanted = None

    def forget(self) -> None:
        """Drop what was drawn so the pane draws anew (styles may have changed)."""
        self._strips.forget()
        self._lay_out(repaint_all=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.forget()
        self._lay_out(repaint_all=True)

    @property
    def shown_text(self) -> str:
        return plain_text(self._lines).plain

    # Scrolling by key, at once and without animation. Textual's own actions scroll after
    # the next frame, from the target of the scroll before: every key of a burst handled
    # before that frame (held keys, a paste, a busy moment) asked for the same line, and
    # ten `j` moved one line.
    def _scroll_by_key(self, y: float) -> None:
        if self._opened_by_key and (self._subject is None or not self._strips.strips):
            # Just mounted (the full-screen detail opened by `enter` a moment ago): its
            # record, or its first layout, is still to come, and a scroll now would be
            # clamped to 0 (or refused: no scroll bar yet).
            self._scroll_wanted = max(0.0, y)
            return
        taller = self.virtual_size.height > self.scrollable_content_region.height
        if not self.allow_vertical_scroll and not taller:
            raise SkipAction()
        # Forced when its lines were laid out a moment ago and the scroll bar that allows
        # the scroll comes with the next layout (a key in the burst of the opening `enter`).
        self.scroll_to(y=y, animate=False, immediate=True, force=not self.allow_vertical_scroll)

    @property
    def _scrolled_to(self) -> float:
        """Where the pane is scrolled, or will be once it has its lines."""
        return self.scroll_y if self._scroll_wanted is None else self._scroll_wanted

    def action_scroll_down(self) -> None:
        self._scroll_by_key(self._scrolled_to + 1)

    def action_scroll_up(self) -> None:
        self._scroll_by_key(self._scrolled_to - 1)

    def action_page_down(self) -> None:
        self._scroll_by_key(self._scrolled_to + self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by_key(self._scrolled_to - self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self._scroll_by_key(0)

    def action_scroll_end(self) -> None:
        self._scroll_by_key(self.max_scroll_y)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width > 0 and (width != self._strips.width or not self._strips.strips):
            self._strips.lay_out(self._lines, width)  # the resize that follows sizes it
        line = self._strips.screen_line(round(self.scroll_offset.y) + y)
        return line if line is not None else Strip.blank(width, self.visual_style.rich_style)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return self._strips.selected_text(selection)

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
