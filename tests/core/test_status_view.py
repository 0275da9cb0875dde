import pytest

from bcs_tui.base.status import Status, parse_status
from bcs_tui.base.text_width import cell_width
from bcs_tui.core.status_view import (
    ASCII_GLYPHS,
    INVALID_STYLE,
    STATUS_STYLES,
    UNICODE_GLYPHS,
    status_label,
    status_style,
    status_word,
)


def label(sent: str | None) -> str:
    return status_label(parse_status(sent), sent, UNICODE_GLYPHS)


def test_known_statuses_have_glyph_and_word() -> None:
    assert label("finished") == "✓ finished"
    assert label("failed") == "✗ failed"
    assert label("stop") == "⊘ stopped"
    assert status_label(Status.PROCESSING, "processing", ASCII_GLYPHS) == "* processing"


def test_case_and_spaces_do_not_change_the_label() -> None:
    assert label(" Finished") == label("FINISHED") == "✓ finished"
    assert label("STOP ") == "⊘ stopped"


def test_not_started_sub_step_is_pending() -> None:
    assert label("") == label(None) == "· pending"
    assert status_style(parse_status("")) == "status-pending"


def test_unknown_status_is_shown_as_sent_but_made_safe() -> None:
    assert label("rolling-back") == "? rolling-back"
    assert status_word(Status.UNKNOWN, "x\x1b]0;pwn\x07") == "x␛]0;pwn␇"
    assert status_style(Status.UNKNOWN) == "status-unknown"


def test_every_status_and_invalid_has_its_own_style() -> None:
    assert len(set(STATUS_STYLES)) == len(Status) + 1
    assert INVALID_STYLE in STATUS_STYLES


def test_ascii_set_is_plain_ascii() -> None:
    for value in vars(ASCII_GLYPHS).values():
        assert value.isascii()


@pytest.mark.parametrize("status", list(Status))
def test_every_glyph_is_one_cell_wide(status: Status) -> None:
    assert cell_width(UNICODE_GLYPHS.status(status)) == 1
    assert cell_width(ASCII_GLYPHS.status(status)) == 1
