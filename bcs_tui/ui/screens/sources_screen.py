"""``P``: the sources view, one line per source: name, region, project, state, last
success, record count and last error. Enter on one closes the view and shows that source's
records alone (``1`` or ``esc`` in the list shows every source again). The cursor starts on
the source shown alone, if one is; ``j`` / ``k`` move it as in every list."""

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bcs_tui.core.source_state import Fleet
from bcs_tui.core.sources_view import sources_view_lines
from bcs_tui.ui.keys import bindings

UNMEASURED_WIDTH = 1_000
"""Before the list is laid out, its lines are not cut (they are again once it is)."""


class SourceList(OptionList):
    """The title and a line per source, cut to the list's width whenever it changes (an
    option list would wrap a long line onto the next)."""

    def __init__(self, lines_at: Callable[[int], list[str]], *, id: str | None = None) -> None:
        self._read_lines = lines_at
        self._text_width = UNMEASURED_WIDTH
        self._shown_lines = lines_at(self._text_width)
        title, *lines = self._shown_lines
        options = [Option(_line(title, title=True), disabled=True)]
        options += [Option(_line(line), id=str(index)) for index, line in enumerate(lines)]
        super().__init__(*options, id=id)

    def on_resize(self, _event: Resize) -> None:
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - padding.width
        if width > 0:
            self._text_width = width
            self.redraw()

    def redraw(self) -> None:
        """The lines as they read now, at the list's width (only those that changed)."""
        lines = self._read_lines(self._text_width)
        for index, line in enumerate(lines):
            if index >= len(self._shown_lines) or line != self._shown_lines[index]:
                self.replace_option_prompt_at_index(index, _line(line, title=index == 0))
        self._shown_lines = lines


class SourcesScreen(ModalScreen[str | None]):
    """Dismissed with the name of the source chosen, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("sources")

    def __init__(self, fleet: Fleet, now: int, shown: str | None, ellipsis: str) -> None:
        """``shown``: the source the list shows alone (``None``: every source)."""
        super().__init__()
        self._fleet = fleet
        self._names = [state.name for state in fleet.states]
        self._now = now
        self._shown = shown
        self._ellipsis = ellipsis

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-box") as box:
            box.border_title = f"Sources ({len(self._names)})"
            box.border_subtitle = "enter: show this source alone, esc closes"
            yield SourceList(self._lines_at, id="sources")

    def _lines_at(self, width: int) -> list[str]:
        return sources_view_lines(self._fleet.states, self._now, width, self._ellipsis)

    def show_at(self, now: int) -> None:
        """The sources as they are at ``now`` (the app calls it with the clock's tick)."""
        self._now = now
        try:
            listed = self.query_one(SourceList)
        except NoMatches:
            return  # not composed yet: it shows ``now`` once it is
        listed.redraw()

    def on_mount(self) -> None:
        shown = self._names.index(self._shown) if self._shown in self._names else 0
        self.query_one(SourceList).highlighted = 1 + shown  # the title is the first line

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        index = message.option.id
        if index is not None:
            self.dismiss(self._names[int(index)])

    def action_cursor_down(self) -> None:
        self.query_one(SourceList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(SourceList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)


def _line(text: str, *, title: bool = False) -> Text:
    """One line (already cut to the view's width)."""
    return Text(text, style="bold" if title else "", no_wrap=True, overflow="crop")
