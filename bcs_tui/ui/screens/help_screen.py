"""``?``: every key, grouped by where it applies, with the user's remapped keys."""

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from bcs_tui.ui.keys import KEY_ACTIONS, SCOPE_TITLES, display_keys, effective_keys


def help_text(keymap: Mapping[str, str]) -> Text:
    """Every key by scope, with the binding ID that ``keymap`` in the config file remaps."""
    text = Text()
    for scope, title in SCOPE_TITLES.items():
        text.append(f"{title}\n", style="bold")
        for item in KEY_ACTIONS:
            if item.scope == scope:
                keys = display_keys(effective_keys(item, keymap))
                text.append(f"  {keys:<14}{item.description:<34}")
                text.append(f"{item.id}\n", style="dim")
        text.append("\n")
    text.append("Command palette\n", style="bold")
    text.append(f"  {'ctrl+p':<14}Every action by name\n")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(help_text(self._keymap), id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
