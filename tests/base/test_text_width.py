from bcs_tui.base.text_width import cell_width, clip, pad_right


def test_wide_characters_take_two_cells_and_combining_marks_none() -> None:
    assert cell_width("abc") == 3
    assert cell_width("宽字") == 4
    assert cell_width("e\u0301") == 1
    assert cell_width("a宽") == 3


def test_every_ascii_character_takes_one_cell() -> None:
    """ASCII text is measured by its length (the fast path): true of each of its characters,
    control characters included (each is shown as one cell, or made safe before)."""
    assert cell_width("".join(map(chr, range(128)))) == 128
    assert all(cell_width(f"{chr(code)}\u00e9") == 2 for code in range(128))


def test_pad_right_pads_by_cells_and_never_cuts() -> None:
    assert pad_right("宽", 4) == "宽  "
    assert pad_right("toolong", 3) == "toolong"


def test_clip_cuts_by_cells_and_marks_the_cut() -> None:
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"
    assert clip("宽字符", 4) == "宽…"
    assert clip("abcdef", 4, "...") == "a..."
