"""``--ascii`` for what Textual draws itself: scrollbars, key names, the command palette.
Borders are switched in styles/ascii.tcss (the app carries the class ``-ascii``)."""

from typing import ClassVar

from textual.app import App
from textual.command import CommandInput, CommandPalette
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender

ASCII_CLASS = "-ascii"


class AsciiScrollBarRender(ScrollBarRender):
    """The thumb as blank cells in the thumb's colour: no eighth-block glyphs at its ends."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def use_ascii_scrollbars(on: bool) -> None:
    """Textual's documented way to change how every scrollbar is drawn (one app runs in a
    process; tests running apps one after another switch it back)."""
    ScrollBar.renderer = AsciiScrollBarRender if on else ScrollBarRender


def is_ascii(app: App[object]) -> bool:
    return app.has_class(ASCII_CLASS)


def ascii_text(text: str) -> str:
    """Text Textual writes itself (placeholders) in ASCII."""
    return text.replace("…", "...").encode("ascii", "replace").decode("ascii")


def ascii_palette(screen: Screen[object]) -> None:
    """Each command palette (the commands, the theme picker) as it opens: its placeholder
    ends in an ellipsis character; the search icon is hidden by styles/ascii.tcss."""
    if isinstance(screen, CommandPalette):
        try:
            field = screen.query_one(CommandInput)
        except NoMatches:
            screen.call_after_refresh(ascii_palette, screen)
            return
        field.placeholder = ascii_text(field.placeholder)


def ascii_key_display(key: str, display: str) -> str:
    """A key's label in ASCII: Textual shows ``enter`` as a symbol, for one."""
    return display if display.isascii() else key
