"""Untrusted text made inert: no escape sequence, control character or bidi override survives."""

import pytest

from bcs_tui.base.safe_text import safe_lines, safe_text
from bcs_tui.sim.hostile import HOSTILE_STRINGS

ESC = "\x1b"


def test_escape_sequences_become_visible_placeholders() -> None:
    assert safe_text(ESC + "[2Jgone") == "\u241b[2Jgone"
    assert safe_text(ESC + "]0;title\x07") == "\u241b]0;title\u2407"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x00b", "a\u2400b"),
        ("del\x7f", "del\u2421"),
        ("c1\x9b2J", "c1\ufffd2J"),
        ("tab\there", "tab here"),
        ("cr\rlf\n", "cr\u240dlf\u240a"),
        ("\u202egpj.exe", "\ufffdgpj.exe"),
        ("\u2067iso\u2069", "\ufffdiso\ufffd"),
        ("op\u200bid\u2060x\ufeff", "op\ufffdid\ufffdx\ufffd"),  # invisible: IDs that look alike
        ("a\u200cb\u200dc", "a\ufffdb\ufffdc"),
        ("e\u0301 combining", "e\u0301 combining"),  # a combining mark stays in its cell
        ("plain [bold]text[/] 宽 🧨", "plain [bold]text[/] 宽 🧨"),
    ],
)
def test_single_characters(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_none_and_non_strings() -> None:
    assert safe_text(None) == ""
    assert safe_text(42) == "42"


def test_newlines_can_be_kept_for_multi_line_text() -> None:
    assert safe_text("a\nb\x1b", keep_newlines=True) == "a\nb\u241b"


def test_safe_lines_splits_embedded_newlines() -> None:
    assert safe_lines(["one\ntwo", "", "three\x1b[1m"]) == ["one", "two", "", "three\u241b[1m"]


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
def test_no_hostile_string_keeps_a_control_character(hostile: str) -> None:
    shown = safe_text(hostile)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert not any(ch in shown for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert not any(ch in shown for ch in "\u200b\u200c\u200d\u2060\ufeff")
