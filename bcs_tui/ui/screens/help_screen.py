"""``?``: what the screen shows (a legend of glyphs, time bars, header states and columns),
then every key, grouped by where it applies, with the user's remapped keys. Laid out to fit
an 80-column terminal without scrolling sideways."""

from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from bcs_tui.base.status import Status
from bcs_tui.base.text_width import cell_width, pad_right
from bcs_tui.core.header_view import Connection, state_glyph
from bcs_tui.core.record_view import COLUMNS
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.ui.keys import KEY_ACTIONS, SCOPE_TITLES, bindings, display_keys, effective_keys

TEXT_WIDTH = 74
"""Cells for the help's text in an 80-column terminal: the box's border and padding take
four, the vertical scrollbar two."""
TERM_WIDTH = 12
"""The legend's first column (``Status``, ``Time bar``, ...)."""

STATUS_NOTES: Mapping[Status, str] = {
    Status.PENDING: "pending (not started)",
    Status.UNKNOWN: "a status not documented, as sent",
}
INVALID_NOTE = "a record not read in full"

HEADER_STATES: Mapping[Connection, str] = {
    Connection.CONNECTING: "no answer yet",
    Connection.LIVE: "the data is current",
    Connection.REFRESHING: "a fetch is taking a while",
    Connection.STALE: "fetches fail; the last data stays, with the error",
    Connection.PAUSED: "not refreshing (p resumes)",
}

COLUMN_MEANINGS: Mapping[str, str] = {
    "source": "with several sources",
    "status": "the operation's",
    "operation": "its type",
    "blockchain": "the chain's name",
    "progress": "sub-steps done / all",
    "duration": "to now while running",
    "updated": "last change",
    "resource": "its type",
    "operation_id": "for `bcs-tui watch`",
    "where": "the step now, or where and why it failed",
}
"""Short: two to a line, so the legend leaves the keys' first lines in sight of a 100x30
window."""
HEALTH_NOTE = (
    "in the detail: the chain's status, what is done to it, its age when not fresh;"
    " b: the chain's view"
)


def _flow(items: Iterable[str], width: int, gap: str = "  ") -> list[str]:
    """``items`` on as few lines as fit ``width``, ``gap`` apart, never split."""
    lines: list[str] = []
    line = ""
    for item in items:
        joined = f"{line}{gap}{item}" if line else item
        if line and cell_width(joined) > width:
            lines.append(line)
            line = item
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


def _entry(text: Text, term: str, lines: list[str]) -> None:
    for number, line in enumerate(lines):
        text.append("  " + pad_right(term if number == 0 else "", TERM_WIDTH), style="bold")
        text.append(line + "\n")


def legend_text(glyphs: GlyphSet) -> Text:
    """What the glyphs, time bars, header states and columns mean."""
    room = TEXT_WIDTH - 2 - TERM_WIDTH
    text = Text()
    text.append("What the screen shows\n", style="bold")
    statuses = [
        f"{glyphs.status(status)} {STATUS_NOTES.get(status, status.word)}" for status in Status
    ]
    _entry(text, "Status", _flow([*statuses, f"{glyphs.invalid} {INVALID_NOTE}"], room))
    _entry(text, glyphs.running_marker, ["the step being worked on now"])
    bar = glyphs.bar_empty * 3 + glyphs.bar_filled * 4 + glyphs.bar_empty * 3
    _entry(text, "Time bar", _flow([bar, "when the step ran in the operation, how long"], room))
    _entry(text, glyphs.slowest, ["the slowest step and sub-step of the operation"])
    usual = "ETA, ~1m05s (a step's usual time), slow: past its usual p90; from the history"
    _entry(text, "Usual", _flow(usual.split(" "), room, gap=" "))
    sort_marks = f"{glyphs.sort_ascending} / {glyphs.sort_descending}"
    _entry(text, sort_marks, ["the column the list is sorted by, ascending / descending"])
    states = [
        f"{state_glyph(state, glyphs)} {state.value}: {meaning}"
        for state, meaning in HEADER_STATES.items()
    ]
    _entry(text, "Header", _flow(states, room))
    _entry(text, "Health", _flow(HEALTH_NOTE.split(" "), room, gap=" "))
    # The Source column first, as the list shows it.
    ordered = sorted(COLUMNS, key=lambda column: column.key != "source")
    columns = [f"{c.title}: {COLUMN_MEANINGS.get(c.key, '')}".rstrip(": ") for c in ordered]
    _entry(text, "Columns", _flow(columns, room))
    return text


def help_text(keymap: Mapping[str, str]) -> Text:
    """Every key by scope, with the binding ID that ``keymap`` in the config file remaps.
    An ID that would not fit beside its description goes on a line of its own."""
    rows = [
        (item.scope, display_keys(effective_keys(item, keymap)), item.description, item.id)
        for item in KEY_ACTIONS
    ]
    keys_width = max(cell_width(keys) for _, keys, _, _ in rows) + 2
    description_width = max(cell_width(description) for _, _, description, _ in rows) + 2
    text = Text()
    for scope, title in SCOPE_TITLES.items():
        text.append(f"{title}\n", style="bold")
        for item_scope, keys, description, binding_id in rows:
            if item_scope != scope:
                continue
            line = "  " + pad_right(keys, keys_width) + pad_right(description, description_width)
            if cell_width(line + binding_id) > TEXT_WIDTH:
                text.append(line.rstrip() + "\n")
                line = " " * (2 + keys_width)
            text.append(line)
            text.append(f"{binding_id}\n", style="dim")
        text.append("\n")
    text.append("Command palette\n", style="bold")
    text.append("  " + pad_right("ctrl+p", keys_width) + "Every action by name\n")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, keymap: Mapping[str, str], glyphs: GlyphSet) -> None:
        super().__init__()
        self._keymap = keymap
        self._glyphs = glyphs

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Help"
            box.border_subtitle = "esc closes"
            text = legend_text(self._glyphs)
            text.append("\n")
            text.append_text(help_text(self._keymap))
            yield Static(text, id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

    def action_scroll_help(self, lines: int) -> None:
        # At once, without animation: keys in a burst each scroll a line.
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_to(y=box.scroll_y + lines, animate=False, immediate=True)
