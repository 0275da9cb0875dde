"""Terminal cell width of text, so columns line up even with wide (CJK) characters."""

import unicodedata


def cell_width(text: str) -> int:
    if text.isascii():
        return len(text)  # no wide or combining character below U+0080; one pass in C
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad_right(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells; longer text is left whole."""
    return text + " " * max(0, width - cell_width(text))


def clip(text: str, width: int, ellipsis: str = "…") -> str:
    """At most ``width`` cells: longer text is cut and ends with ``ellipsis``."""
    if cell_width(text) <= width:
        return text
    room = max(0, width - cell_width(ellipsis))
    out: list[str] = []
    used = 0
    for char in text:
        size = cell_width(char)
        if used + size > room:
            break
        out.append(char)
        used += size
    return "".join(out) + ellipsis
