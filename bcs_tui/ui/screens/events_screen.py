"""``L``: the events log, every transition seen since the dashboard started, newest first.
Enter on one closes the log and puts the list's cursor on that operation."""

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bcs_tui.base.timefmt import format_clock_time
from bcs_tui.core.event_log import LoggedEvent
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.ui.keys import bindings

NO_EVENTS = "Nothing yet: operations that appear or end are listed here."


def event_text(event: LoggedEvent, glyphs: GlyphSet, *, utc: bool) -> Text:
    """One line of the log, as text (server strings are already safe, never markup)."""
    text = Text(no_wrap=True, overflow="crop")
    text.append(format_clock_time(event.at_ns, utc=utc))
    text.append(f"  {event.operation}  ")
    text.append(f"{event.before} {glyphs.arrow} {event.after}", style="bold")
    if event.message:
        text.append(f"  {event.message}", style="italic")
    return text


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
            options = [
                Option(event_text(event, self._glyphs, utc=self._utc), id=str(index))
                for index, event in enumerate(self._events)
            ]
            if not options:
                options = [Option(NO_EVENTS, disabled=True)]
            yield OptionList(*options, id="events")

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        index = message.option.id
        if index is not None:
            self.dismiss(self._events[int(index)].key)

    def action_close(self) -> None:
        self.dismiss(None)
