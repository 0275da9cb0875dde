"""What a notification says on its one line, and how many fit: a toast covers the right half
of the bottom rows at most, so its text is cut here to that room, keeping the part that
matters (a file's name, an ID's end) rather than letting the terminal cut the end.

Cut with the glyph set's ellipsis (``...`` with ``--ascii``), never the terminal's own.
"""

from enum import Enum

from bcs_tui.api.models import operation_type_name
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import cell_width, clip, clip_middle
from bcs_tui.core.diffing import Transition
from bcs_tui.core.record_view import record_status_word

TOAST_CHROME_CELLS = 3
"""A toast's left border and one cell of padding on each side (styles/dashboard.tcss)."""
MIN_TOAST_CELLS = 20
THREE_TOASTS_FROM_LINES = 30
"""Below this many lines two toasts at most: at 80x24 the detail pane has only ten rows."""
MIN_REASON_CELLS = 12
"""A failure's reason is added when at least this much of it fits: less says nothing."""
MIN_MESSAGE_CELLS = 8
"""Less room than this beside the title: the whole line is cut at its end instead."""


class Cut(Enum):
    """Which part of a message too long for its toast is given up."""

    END = "end"
    MIDDLE = "middle"
    """For an ID: its end (the digits that tell two IDs apart) matters as much as its
    start."""
    PATH = "path"
    """For a file written: its name matters most (the ``-2`` of a second export), then the
    start of its folder; a name too long itself is cut in the middle, keeping more of its
    end."""


def toast_room(screen_width: int) -> int:
    """Cells for a toast's text: half the screen (styles/dashboard.tcss, ``max-width``), less
    its border and padding."""
    return max(MIN_TOAST_CELLS, screen_width // 2 - TOAST_CHROME_CELLS)


def toasts_at_most(screen_height: int) -> int:
    """How many toasts may be on screen at once, for the terminal's height."""
    return 3 if screen_height >= THREE_TOASTS_FROM_LINES else 2


def toast_line(
    title: str,
    message: str,
    room: int,
    ellipsis: str,
    *,
    cut: Cut = Cut.END,
    reason: str = "",
) -> str:
    """``Title: message: reason`` in at most ``room`` cells. The title stays whole; the
    message is cut as ``cut`` says; the reason (why an operation failed) is added when at
    least ``MIN_REASON_CELLS`` of it (or all of it) fit, the message then cut in its
    middle if need be."""
    lead = f"{title}: " if title else ""
    rest = room - cell_width(lead)
    if rest < MIN_MESSAGE_CELLS:
        return clip(lead + message, room, ellipsis)
    if reason:
        # The operation's name gives up its middle (down to 3/5 of the room) to the reason.
        named_room = max(rest - 2 - cell_width(reason), rest * 3 // 5)
        named = _cut(message, named_room, ellipsis, Cut.MIDDLE)
        reason_room = rest - cell_width(named) - 2
        if reason_room >= min(MIN_REASON_CELLS, cell_width(reason)):
            return f"{lead}{named}: {clip(reason, reason_room, ellipsis)}"
    return lead + _cut(message, rest, ellipsis, cut)


def fitting_title(title: str, short_title: str, message: str, room: int) -> str:
    """``title`` when the whole line fits the room, else ``short_title`` (which leaves the
    message, say a copied ID, more of it)."""
    return title if cell_width(f"{title}: {message}") <= room else short_title


def _cut(text: str, room: int, ellipsis: str, cut: Cut) -> str:
    if cut is Cut.END or cell_width(text) <= room:
        return clip(text, room, ellipsis)
    if cut is Cut.PATH:
        folder, slash, name = text.rpartition("/")
        folder_room = room - cell_width(ellipsis + slash + name)
        if folder and folder_room >= 1:
            return clip(folder, folder_room + cell_width(ellipsis), ellipsis) + slash + name
        # The name alone is too long: its start (``bcs-operation-``) is the same in every
        # export, so the end keeps two thirds (``clip_middle`` of the reversed name).
        return clip_middle(name[::-1], room, ellipsis[::-1])[::-1]
    return clip_middle(text, room, ellipsis)


SOURCE_CELLS = 10
"""A source's name in a toast is cut to this: what it is about needs the room more."""
MIN_CHAIN_CELLS = 6
"""A chain's name cut in the middle keeps at least this (``bc…kcv``), else the line is cut."""


def fleet_operation_line(
    source: str,
    what: str,
    chain: str,
    operation_id: str,
    reason: str,
    room: int,
    ellipsis: str,
) -> str:
    """An operation's news with several sources, in ``room`` cells:
    ``sg: upgrade failed on bcs-trace-fhja (BCSSVC01-…4202): Failed to create ...``.

    The source names the project, ``what`` (``upgrade failed``) and the chain say what
    happened where: they stay. The ID gives way first (the events log and the list have
    it), to the reason when both do not fit whole; a chain's name too long is cut in its
    middle (chains of one project differ by their end). All text is already safe."""
    lead = f"{clip(source, SOURCE_CELLS, ellipsis)}: {what} on "
    chain_room = room - cell_width(lead)
    if cell_width(chain) > chain_room:
        if chain_room < MIN_CHAIN_CELLS:
            return clip(lead + chain, room, ellipsis)
        # Its end keeps two thirds: chains of one project share their start.
        return lead + clip_middle(chain[::-1], chain_room, ellipsis[::-1])[::-1]
    head = lead + chain
    ident = f" ({operation_id})" if operation_id else ""
    if reason:
        whole = f"{head}{ident}: {reason}"
        if cell_width(whole) <= room:
            return whole
        reason_room = room - cell_width(head) - 2
        if reason_room >= min(MIN_REASON_CELLS, cell_width(reason)):
            return f"{head}: {clip(reason, reason_room, ellipsis)}"
    id_room = room - cell_width(head) - 3  # " (" and ")"
    if ident and id_room >= min(MIN_MESSAGE_CELLS, cell_width(operation_id)):
        return f"{head} ({clip_middle(operation_id, id_room, ellipsis)})"
    return head


def fleet_transition_line(transition: Transition, reason: str, room: int, ellipsis: str) -> str:
    """``fleet_operation_line`` of an operation that appeared (``new upgrade``) or ended
    (``upgrade failed``, also when first seen already ended); ``reason`` is already safe."""
    record = transition.record
    kind = operation_type_name(record.operation_type) or "operation"
    what = f"{kind} {record_status_word(record)}" if transition.ended else f"new {kind}"
    return fleet_operation_line(
        safe_text(transition.source),
        safe_text(what),
        safe_text(record.blockchain_name or record.blockchain_id or "?"),
        safe_text(record.operation_id or transition.key),
        reason,
        room,
        ellipsis,
    )
