import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bcs_tui.base.text_width import cell_width, clip, clip_middle, pad_right


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


def _width_char_by_char(text: str) -> int:
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


@given(st.text(alphabet=st.sampled_from("ab -✗\u203a…宽字\u0301\u0300🧨\ufffd␊"), max_size=40))
def test_mixed_text_measures_as_each_character_would(text: str) -> None:
    """Only the characters outside ASCII are looked at one by one: the same total."""
    assert cell_width(text) == _width_char_by_char(text)


def test_pad_right_pads_by_cells_and_never_cuts() -> None:
    assert pad_right("宽", 4) == "宽  "
    assert pad_right("toolong", 3) == "toolong"


def test_clip_cuts_by_cells_and_marks_the_cut() -> None:
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"
    assert clip("宽字符", 4) == "宽…"
    assert clip("abcdef", 4, "...") == "a..."


def test_clip_middle_keeps_the_start_and_the_end() -> None:
    operation_id = "BCSSVC01-99-1767229198721993855"
    assert clip_middle(operation_id, 18) == "BCSSVC01-99-…93855"
    assert clip_middle(operation_id, 18, "...") == "BCSSVC01-9...93855"
    assert clip_middle(operation_id, len(operation_id)) == operation_id  # fits: whole
    assert clip_middle("ab", 1) == "…"


def test_clip_middle_never_exceeds_the_width_with_wide_characters() -> None:
    for width in range(2, 12):
        clipped = clip_middle("宽字符-abc-宽字符", width)
        assert cell_width(clipped) <= width
        assert "…" in clipped
    assert clip_middle("宽字符宽字符", 7) == "宽字…符"
