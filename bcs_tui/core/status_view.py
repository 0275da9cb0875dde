"""Status glyphs and words: meaning is carried by shape and text, never by colour alone.

Two glyph sets: Unicode for modern terminals, plain ASCII for ``--ascii`` (the Linux console,
serial lines, fonts without the symbols). Every glyph is one cell wide.
"""

from dataclasses import dataclass
from enum import StrEnum

from bcs_tui.base.safe_text import safe_text


class StatusKind(StrEnum):
    """What a status means to the eye; also the name of its style class."""

    FINISHED = "finished"
    FAILED = "failed"
    STOPPED = "stopped"
    PROCESSING = "processing"
    WAITING = "waiting"
    PENDING = "pending"
    UNKNOWN = "unknown"
    INVALID = "invalid"


_KIND_OF_STATUS = {
    "finished": StatusKind.FINISHED,
    "failed": StatusKind.FAILED,
    "stop": StatusKind.STOPPED,
    "processing": StatusKind.PROCESSING,
    "waiting": StatusKind.WAITING,
    "": StatusKind.PENDING,
}

_WORDS = {
    StatusKind.FINISHED: "finished",
    StatusKind.FAILED: "failed",
    StatusKind.STOPPED: "stopped",
    StatusKind.PROCESSING: "processing",
    StatusKind.WAITING: "waiting",
    StatusKind.PENDING: "pending",
    StatusKind.INVALID: "invalid",
}


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

    def status(self, kind: StatusKind) -> str:
        return self.status_by_name(kind.value)

    def status_by_name(self, name: str) -> str:
        return str(getattr(self, name))


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
)


def glyph_set(ascii_only: bool) -> GlyphSet:
    return ASCII_GLYPHS if ascii_only else UNICODE_GLYPHS


def status_kind(status: str | None) -> StatusKind:
    """``None`` and ``""`` (a sub-step not started yet) are pending; unknown values stay
    unknown but are still shown, by ``status_word``."""
    if status is None:
        return StatusKind.PENDING
    return _KIND_OF_STATUS.get(status.strip().lower(), StatusKind.UNKNOWN)


def status_word(status: str | None) -> str:
    kind = status_kind(status)
    if kind is StatusKind.UNKNOWN:
        return safe_text(status).strip()
    return _WORDS[kind]


def status_label(status: str | None, glyphs: GlyphSet) -> str:
    """Glyph and word together, e.g. ``✓ finished``."""
    return f"{glyphs.status(status_kind(status))} {status_word(status)}"
