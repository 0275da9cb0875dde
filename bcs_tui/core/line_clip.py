"""A styled line cut to a width with an ellipsis, for lines that must stay one screen
line (the header: wrapped, it would push the list down at 80 columns)."""

from bcs_tui.base.text_width import cell_width, clip
from bcs_tui.core.detail_view import DetailLine, Piece


def clip_line(line: DetailLine, width: int, ellipsis: str) -> DetailLine:
    """``line`` when it fits in ``width`` cells; else its pieces up to the width, the last
    one cut to end with ``ellipsis`` (in that piece's style)."""
    widths = [cell_width(piece.text) for piece in line]
    if sum(widths) <= width:
        return line
    room = max(0, width - cell_width(ellipsis))
    out: list[Piece] = []
    used = 0
    for piece, size in zip(line, widths, strict=True):
        if used + size > room:
            # clip() with no ellipsis of its own: it only cuts; the ellipsis ends the line.
            cut = clip(piece.text, max(0, room - used), "")
            out.append(Piece(cut + ellipsis, piece.style))
            break
        out.append(piece)
        used += size
    return tuple(out)
