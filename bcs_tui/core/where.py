"""Where an operation is: the step > sub-step being worked on while it runs, or the one
that failed (or stopped) with the start of its message, for the list's "Where" column and
the detail pane's ``Failed at`` / ``Now at`` line.

Read from the places its step tree took when the record was parsed (``StepTree.current``
and ``StepTree.failed``): the list asks this of every record, and building a record's
steps again costs about 50 us (api/step_tree.py). Every server string is passed through
``safe_text`` here, on one line (a newline inside a message shows as ``␊``).
"""

from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.api.step_tree import StepPlace
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import FAILED_OR_STOPPED, Status
from bcs_tui.base.text_width import clip
from bcs_tui.core.status_view import GlyphSet

MAX_WHERE_WIDTH = 200
"""The column's text is cut here (it is clipped to the column anyway): the detail pane
shows the whole message."""


@dataclass(frozen=True)
class Whereabouts:
    """The place to show, and whether it is where the operation failed or stopped."""

    place: StepPlace
    failed: bool
    status: Status
    """The operation's status, for the glyph of a failure (``✗`` failed, ``⊘`` stopped)."""
    message: tuple[str, ...]
    """The place's message as received; for a failure that has none, the operation's."""


def whereabouts(record: OperationRecord) -> Whereabouts | None:
    """The failed (or stopped) place of an operation that ended so, or the current place
    of one still going (its failed place if a sub-step failed meanwhile); ``None`` for a
    finished one, or when the steps say nothing."""
    status = record.operation_status
    if not record.is_valid or status is Status.FINISHED:
        return None
    steps = record.operation_process
    failed = steps.failed
    if failed is not None:
        return Whereabouts(failed, True, status, failed.message or tuple(record.message))
    if status.is_ended or steps.current is None:
        return None
    return Whereabouts(steps.current, False, status, steps.current.message)


def failure_lines(record: OperationRecord) -> tuple[str, ...]:
    """Why an operation failed or stopped, as received: the message of the place where it
    did (its detail when it says nothing else), else the operation's own message; empty
    when nothing failed or stopped, or nothing says why. The one answer the list, the
    detail, the copy menu and the events log all give."""
    found = whereabouts(record)
    if found is not None and found.failed:
        return found.message
    if record.is_valid and record.operation_status in FAILED_OR_STOPPED:
        return tuple(record.message)
    return ()


def failure_glyph(status: Status, glyphs: GlyphSet) -> str:
    """``✗`` for a failure, the stopped glyph for a stop (a still running operation whose
    sub-step failed is marked failed)."""
    return glyphs.status(status if status is Status.STOP else Status.FAILED)


def place_path(place: StepPlace, glyphs: GlyphSet) -> str:
    """``Deploy Nodes > Pull image`` (with the glyph set's separator; the step alone when
    no sub-step is the place)."""
    step = safe_text(place.step)
    if place.sub_step is None:
        return step
    return f"{step} {glyphs.step_separator} {safe_text(place.sub_step)}"


def one_line_message(lines: tuple[str, ...] | list[str]) -> str:
    """Message lines on one line, each made safe (an embedded newline shows as ``␊``)."""
    return " ".join(safe_text(line).strip() for line in lines if line.strip())


def where_cell(record: OperationRecord, glyphs: GlyphSet) -> str:
    """The list's "Where" text: ``x Deploy Nodes > Pull image: ImagePullBackOff...`` for a
    failure, ``Deploy Nodes > Pull image`` for a running operation (in ASCII), else empty. A failed
    operation whose steps name no failure shows its own message."""
    return where_texts(record, glyphs)[0]


def where_texts(record: OperationRecord, glyphs: GlyphSet) -> tuple[str, str | None]:
    """The "Where" text (``where_cell``) and its shorter form for a column too narrow for
    it, or ``None`` if it has none: the step left out, so the why stays in view
    (``x Pull image: ImagePullBackOff...``) and a running one shows its sub-step alone."""
    found = whereabouts(record)
    if found is None:
        status = record.operation_status
        if record.is_valid and status in FAILED_OR_STOPPED and record.message:
            text = f"{failure_glyph(status, glyphs)} {one_line_message(record.message)}"
            return _cut(text, glyphs), None
        return "", None
    place = found.place
    path = place_path(place, glyphs)
    sub_step = safe_text(place.sub_step or "")
    if not found.failed:
        return _cut(path, glyphs), _cut(sub_step, glyphs) if sub_step else None
    glyph = failure_glyph(found.status, glyphs)
    message = one_line_message(found.message)
    why = f": {message}" if message else ""
    short = _cut(f"{glyph} {sub_step}{why}", glyphs) if sub_step else None
    return _cut(f"{glyph} {path}{why}", glyphs), short


def _cut(text: str, glyphs: GlyphSet) -> str:
    return clip(text, MAX_WHERE_WIDTH, glyphs.ellipsis)


def where_search_parts(record: OperationRecord) -> list[str]:
    """What the ``/`` search finds of the "Where" column (as received)."""
    found = whereabouts(record)
    if found is None:
        return []
    place = found.place
    parts = [place.step, *([] if place.sub_step is None else [place.sub_step])]
    return parts + list(found.message) if found.failed else parts
