"""The footer: one line of the keys shown for what has focus (``show`` in ui/keys.py's
table, with the user's remapped keys), and the command palette's key on the right.

It says what Textual's ``Footer`` says, drawn as one line of text instead of a widget per
key: composing those widgets (and again at each focus change) cost the dashboard 70-100 ms
of its start-up (benchmarks/RESULTS.md, rows 3 and 11). A click on a key presses it.
"""

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from bcs_tui.ui.ascii_mode import is_ascii

PALETTE_BORDER = "▏"
ASCII_PALETTE_BORDER = "|"


@dataclass(frozen=True)
class FooterKey:
    key: str
    """The key pressed when the label is clicked."""
    display: str
    description: str
    enabled: bool


class KeyFooter(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--border",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--border {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._clickable: list[tuple[int, int, str]] = []
        """Each key's label on the line: (first column, column after, key)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[FooterKey], FooterKey | None]:
        """The keys shown (the first key of each action, in the order of the focus chain's
        bindings) and the command palette's key."""
        active = self.screen.active_bindings
        shown: dict[str, FooterKey] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                display = self.app.get_key_display(binding)
                shown[binding.action] = FooterKey(
                    binding.key, display, binding.description, enabled
                )
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            display = self.app.get_key_display(binding)
            palette = FooterKey(binding.key, display, binding.description, enabled)
        return list(shown.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        shown, palette = self.keys()
        width = self.size.width
        if palette is not None and self._labels_width(shown) + self._palette_width(palette) > width:
            # Too narrow for both: the keys of what has focus (and Quit, last) come first;
            # the palette is one key away whether shown or not.
            palette = None
        right = Text()
        border = ASCII_PALETTE_BORDER if is_ascii(self.app) else PALETTE_BORDER
        if palette is not None:
            right.append(border, self.get_component_rich_style("key-footer--border"))
            self._label(right, palette, key_style, description_style, padded=False)
            right.append(" ")
        line = Text(no_wrap=True, overflow="crop")
        clickable: list[tuple[int, int, str]] = []
        room = max(width - right.cell_len, 0)
        for key in shown:
            start = line.cell_len
            if start >= room:
                break
            self._label(line, key, key_style, description_style, padded=True)
            clickable.append((start, line.cell_len, key.key))
        line.truncate(room)
        if palette is not None and width >= right.cell_len:
            line.append(" " * (room - line.cell_len))
            start = line.cell_len + len(border)
            line.append_text(right)
            clickable.append((start, line.cell_len, palette.key))
        self._clickable = clickable
        return line

    @staticmethod
    def _labels_width(shown: list[FooterKey]) -> int:
        return sum(cell_len(f" {key.display} {key.description} ") for key in shown)

    @staticmethod
    def _palette_width(palette: FooterKey) -> int:
        return cell_len(f"{PALETTE_BORDER}{palette.display} {palette.description} ")

    @staticmethod
    def _label(
        line: Text, key: FooterKey, key_style: Style, description_style: Style, *, padded: bool
    ) -> None:
        dim = Style(dim=not key.enabled)
        key_text = f" {key.display} " if padded else key.display
        line.append(key_text, key_style + dim)
        description = f"{key.description} " if padded else f" {key.description}"
        line.append(description, description_style + dim)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._clickable:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
