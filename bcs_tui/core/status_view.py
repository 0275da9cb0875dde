"""Status glyphs and words: meaning is carried by shape and text, never by colour alone.

Two glyph sets: Unicode for modern terminals, plain ASCII for ``--ascii`` (the Linux console,
serial lines, fonts without the symbols). Every glyph is one cell wide.
"""

from dataclasses import dataclass

from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import Status

INVALID_STYLE = "status-invalid"
"""The style of a record that could not be read in full (it has no trustworthy status)."""


def status_style(status: Status) -> str:
    """The style class of a status: ``status-finished``, ``status-stopped``, ..."""
    return f"status-{status.word}"


STATUS_STYLES: tuple[str, ...] = (*(status_style(status) for status in Status), INVALID_STYLE)


@dataclass(frozen=True)
class GlyphSet:
    finished: str
    failed: str
    stopped: str
    processing: str
    waiting: str
    pending: str
    unknown: str
    invalid: str
    bar_filled: str
    bar_empty: str
    running_marker: str
    arrow: str
    separator: str
    ellipsis: str
    slowest: str
    """Marks the slowest step and sub-step of a timeline, beside the duration."""
    step_separator: str
    """Between a step and its sub-step: ``Deploy Nodes > Pull image`` (in ASCII)."""
    sort_ascending: str
    sort_descending: str
    paused: str
    """The header's paused state: the dashboard's own choice, not an operation's ``stopped``."""

    def status(self, status: Status) -> str:
        return str(getattr(self, status.word))


UNICODE_GLYPHS = GlyphSet(
    finished="✓",
    failed="✗",
    stopped="⊘",
    processing="●",
    waiting="○",
    pending="·",
    unknown="?",
    invalid="!",
    bar_filled="█",
    bar_empty="░",
    running_marker="▶",
    arrow="→",
    separator="·",
    ellipsis="…",
    slowest="◆",
    step_separator="\u203a",  # a single right-pointing angle quotation mark
    sort_ascending="▲",
    sort_descending="▼",
    paused="‖",
)

ASCII_GLYPHS = GlyphSet(
    finished="+",
    failed="x",
    stopped="#",
    processing="*",
    waiting="o",
    pending=".",
    unknown="?",
    invalid="!",
    bar_filled="#",
    bar_empty=".",
    running_marker=">",
    arrow="->",
    separator="|",
    ellipsis="...",
    slowest="<",
    step_separator=">",
    sort_ascending="^",
    sort_descending="v",
    paused="=",
)


def glyph_set(ascii_only: bool) -> GlyphSet:
    return ASCII_GLYPHS if ascii_only else UNICODE_GLYPHS


def status_word(status: Status, text: str | None) -> str:
    """The word shown for a status; one outside the vocabulary is shown as received, made
    safe (``text`` is the status as the server sent it)."""
    if status is Status.UNKNOWN:
        return safe_text(text).strip() or status.word
    return status.word


def status_label(status: Status, text: str | None, glyphs: GlyphSet) -> str:
    """Glyph and word together, e.g. ``✓ finished``."""
    return f"{glyphs.status(status)} {status_word(status, text)}"
