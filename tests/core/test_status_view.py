from bcs_tui.core.status_view import (
    ASCII_GLYPHS,
    UNICODE_GLYPHS,
    StatusKind,
    status_kind,
    status_label,
    status_word,
)


def test_known_statuses_have_glyph_and_word() -> None:
    assert status_label("finished", UNICODE_GLYPHS) == "✓ finished"
    assert status_label("failed", UNICODE_GLYPHS) == "✗ failed"
    assert status_label("stop", UNICODE_GLYPHS) == "⊘ stopped"
    assert status_label("processing", ASCII_GLYPHS) == "* processing"


def test_not_started_sub_step_is_pending() -> None:
    assert status_kind("") is StatusKind.PENDING
    assert status_kind(None) is StatusKind.PENDING
    assert status_word("") == "pending"


def test_unknown_status_is_shown_as_sent_but_made_safe() -> None:
    assert status_kind("rolling-back") is StatusKind.UNKNOWN
    assert status_word("rolling-back") == "rolling-back"
    assert status_word("x\x1b]0;pwn\x07") == "x␛]0;pwn␇"


def test_ascii_set_is_plain_ascii() -> None:
    for value in vars(ASCII_GLYPHS).values():
        assert value.isascii()


def test_every_glyph_is_one_cell_wide() -> None:
    from bcs_tui.base.text_width import cell_width

    for kind in StatusKind:
        assert cell_width(UNICODE_GLYPHS.status(kind)) == 1
        assert cell_width(ASCII_GLYPHS.status(kind)) == 1
