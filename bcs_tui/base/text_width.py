"""Terminal cell width of text, so columns line up even with wide (CJK) characters."""

import re
import unicodedata

_NON_ASCII = re.compile("[^\x00-\x7f]")


def cell_width(text: str) -> int:
    if text.isascii():
        return len(text)  # no wide or combining character below U+0080; one pass in C
    # One cell a character, corrected for the characters outside ASCII alone (found in C):
    # a list's "Where" text is mostly ASCII with a glyph or two.
    width = len(text)
    for char in _NON_ASCII.findall(text):
        if unicodedata.combining(char):
            width -= 1
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1
    return width


def pad_right(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells; longer text is left whole."""
    return text + " " * max(0, width - cell_width(text))


def clip(text: str, width: int, ellipsis: str = "…") -> str:
    """At most ``width`` cells: longer text is cut and ends with ``ellipsis``."""
    if cell_width(text) <= width:
        return text
    return _fitting(text, max(0, width - cell_width(ellipsis))) + ellipsis


def clip_middle(text: str, width: int, ellipsis: str = "…") -> str:
    """At most ``width`` cells: longer text keeps its start and its end with ``ellipsis``
    between (``BCSSVC01-99-…93855``), for names whose end tells them apart (IDs ending
    in a timestamp). Two thirds of the room go to the start."""
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    if room < 2:
        return clip(text, width, ellipsis)
    head = _fitting(text, room - room // 3)
    tail = _fitting(text[::-1], room - cell_width(head))[::-1]
    return head + ellipsis + tail


def _fitting(text: str, room: int) -> str:
    """The longest start of ``text`` at most ``room`` cells wide."""
    out: list[str] = []
    used = 0
    for char in text:
        size = cell_width(char)
        if used + size > room:
            break
        out.append(char)
        used += size
    return "".join(out)
