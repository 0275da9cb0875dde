"""``Y``: a small menu of what to copy from the selected record (operation ID, blockchain
ID, failure message, the record as JSON). Chosen by number, or with the arrows (j / k)
and enter; the app copies it (OSC 52) and confirms."""

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bcs_tui.core.copy_choices import CopyChoice
from bcs_tui.ui.keys import bindings

LABEL_WIDTH = 17


class CopyScreen(ModalScreen[CopyChoice | None]):
    """Dismissed with the choice (never one with nothing to copy), or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("copy-menu")

    def __init__(self, choices: list[CopyChoice]) -> None:
        super().__init__()
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box") as box:
            box.border_title = "Copy"
            box.border_subtitle = "1-4 or enter, esc closes"
            yield OptionList(
                *(
                    Option(_prompt(number, choice), id=str(number), disabled=choice.text is None)
                    for number, choice in enumerate(self._choices, start=1)
                ),
                id="copy-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_choose(self, index: int) -> None:
        if not 0 <= index < len(self._choices):
            return
        choice = self._choices[index]
        if choice.text is None:
            # The menu stays: the user sees why and can choose another.
            self.notify(
                f"This record has no {choice.label.lower()}.", severity="warning", markup=False
            )
            return
        self.dismiss(choice)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option_index)


def _prompt(number: int, choice: CopyChoice) -> Text:
    # Text, not markup: the summary is server text.
    text = Text(f"{number}  {choice.label:<{LABEL_WIDTH}}")
    text.append(choice.summary, style="italic")
    return text
