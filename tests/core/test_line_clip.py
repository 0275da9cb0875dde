"""Header lines cut to the window's width with an ellipsis, never wrapped."""

from bcs_tui.base.text_width import cell_width
from bcs_tui.core.detail_view import Piece
from bcs_tui.core.line_clip import clip_line


def test_a_line_that_fits_is_the_very_same_line() -> None:
    line = (Piece("abc", "value"), Piece("def", "muted"))
    assert clip_line(line, 6, "…") is line


def test_a_long_line_ends_with_the_ellipsis_in_the_style_of_the_piece_it_cuts() -> None:
    line = (Piece("abc", "value"), Piece("defgh", "muted"), Piece("ijk", "error"))
    assert clip_line(line, 6, "…") == (Piece("abc", "value"), Piece("de…", "muted"))
    # A piece that ends right where the ellipsis must go is cut too: the line says it goes on.
    assert clip_line(line, 4, "...") == (Piece("a...", "value"),)
    assert clip_line(line, 8, "…") == (Piece("abc", "value"), Piece("defg…", "muted"))


def test_wide_characters_are_counted_in_cells() -> None:
    line = (Piece("区块链区块链", "value"),)
    clipped = clip_line(line, 6, "…")
    assert clipped == (Piece("区块…", "value"),)
    assert cell_width("".join(piece.text for piece in clipped)) <= 6
