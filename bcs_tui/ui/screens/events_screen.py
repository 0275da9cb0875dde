"""``L``: the events log, every transition seen since the dashboard started, newest first.
Enter on one closes the log and puts the list's cursor on that operation; ``j`` / ``k``
move as in every list.

Each event is one line, cut with the glyph set's ellipsis when longer than the log is wide
(the operation, where enter goes, shows the whole message)."""

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bcs_tui.base.text_width import cell_width
from bcs_tui.core.event_log import LoggedEvent, event_line
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.ui.keys import bindings

NO_EVENTS = "Nothing yet: operations that appear or end are listed here."


def event_text(event: LoggedEvent, glyphs: GlyphSet, *, utc: bool) -> Text:
    """One line of the log, as text (server strings are already safe, never markup)."""
    line = event_line(event, glyphs.arrow, utc=utc)
    text = Text(no_wrap=True, overflow="crop")
    text.append(f"{line.time}  {line.operation}  ")
    text.append(line.change, style="bold")
    if line.message:
        text.append(f"  {line.message}", style="italic")
    return text


def one_line(text: Text, width: int, ellipsis: str) -> Text:
    """``text`` if it fits in ``width`` cells, else its start ending with ``ellipsis``."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(max(0, width - cell_width(ellipsis)))
    cut.append(ellipsis)
    return cut


def _event_options(
    texts: Sequence[Text], width: int | None = None, ellipsis: str = ""
) -> list[Option]:
    """An option per event (its index as ID), cut to ``width`` if given."""
    if not texts:
        return [Option(NO_EVENTS, disabled=True)]
    return [
        Option(text if width is None else one_line(text, width, ellipsis), id=str(index))
        for index, text in enumerate(texts)
    ]


class EventList(OptionList):
    """The events, one line each: cut again to the list's width whenever it changes."""

    def __init__(self, texts: Sequence[Text], ellipsis: str, *, id: str | None = None) -> None:
        super().__init__(*_event_options(texts), id=id)
        self._texts = texts
        self._ellipsis = ellipsis
        self._cut_at: int | None = None

    def on_resize(self, _event: Resize) -> None:
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - padding.width
        if width <= 0 or width == self._cut_at or not self._texts:
            return
        self._cut_at = width
        highlighted = self.highlighted
        self.set_options(_event_options(self._texts, width, self._ellipsis))
        self.highlighted = highlighted


class EventsScreen(ModalScreen[str | None]):
    """Dismissed with the row key of the event chosen, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("events")

    def __init__(self, events: Sequence[LoggedEvent], glyphs: GlyphSet, *, utc: bool) -> None:
        super().__init__()
        self._events = events
        self._glyphs = glyphs
        self._utc = utc

    def compose(self) -> ComposeResult:
        with Vertical(id="events-box") as box:
            box.border_title = f"Events ({len(self._events)}, newest first)"
            box.border_subtitle = "enter: go to the operation, esc closes"
            texts = [event_text(event, self._glyphs, utc=self._utc) for event in self._events]
            yield EventList(texts, self._glyphs.ellipsis, id="events")

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        index = message.option.id
        if index is not None:
            self.dismiss(self._events[int(index)].key)

    def action_cursor_down(self) -> None:
        self.query_one(EventList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(EventList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
