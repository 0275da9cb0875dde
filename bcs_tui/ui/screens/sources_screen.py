"""``P``: the sources view, one line per source: name, region, project, state, last
success, record count and last error. Enter on one closes the view and shows that source's
records alone (``1`` or ``esc`` in the list shows every source again)."""

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bcs_tui.core.source_state import Fleet
from bcs_tui.core.source_summary import SOURCE_TITLES, aligned_rows, source_rows
from bcs_tui.ui.keys import bindings


class SourcesScreen(ModalScreen[str | None]):
    """Dismissed with the name of the source chosen, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("sources")

    def __init__(self, fleet: Fleet, now: int) -> None:
        super().__init__()
        self._fleet = fleet
        self._names = [state.name for state in fleet.states]
        self._lines = self._rows(now)

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-box") as box:
            box.border_title = f"Sources ({len(self._names)})"
            box.border_subtitle = "enter: show this source alone, esc closes"
            title, *lines = self._lines
            options = [Option(_line(title, title=True), disabled=True)]
            options += [Option(_line(line), id=str(index)) for index, line in enumerate(lines)]
            yield OptionList(*options, id="sources")

    def _rows(self, now: int) -> list[str]:
        return aligned_rows([SOURCE_TITLES, *source_rows(self._fleet.states, now)])

    def show_at(self, now: int) -> None:
        """The sources as they are at ``now`` (the app calls it with the clock's tick)."""
        lines = self._rows(now)
        if lines == self._lines:
            return
        self._lines = lines
        listed = self.query_one(OptionList)
        for index, line in enumerate(lines):
            listed.replace_option_prompt_at_index(index, _line(line, title=index == 0))

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 1

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        index = message.option.id
        if index is not None:
            self.dismiss(self._names[int(index)])

    def action_close(self) -> None:
        self.dismiss(None)


def _line(text: str, *, title: bool = False) -> Text:
    """One line, cut at the view's edge (the error, last, is what is cut)."""
    return Text(text, style="bold" if title else "", no_wrap=True, overflow="crop")
