"""The escape sequences of ``--desktop-notify``: both forms, tmux's wrapping, and server text
that cannot end a sequence early or start one of its own."""

from bcs_tui.core.desktop_notification import desktop_notification, tmux_passthrough

ESC, BEL = "\x1b", "\x07"


def test_osc_777_and_osc_9_carry_the_title_and_body() -> None:
    assert desktop_notification("bcs-tui: Operation failed", "upgrade on chain-a (OP-1)") == (
        f"{ESC}]777;notify;bcs-tui: Operation failed;upgrade on chain-a (OP-1){BEL}"
        f"{ESC}]9;bcs-tui: Operation failed: upgrade on chain-a (OP-1){BEL}"
    )


def test_inside_tmux_each_sequence_is_wrapped_with_its_escapes_doubled() -> None:
    wrapped = desktop_notification("t", "b", in_tmux=True)
    assert wrapped == (
        f"{ESC}Ptmux;{ESC}{ESC}]777;notify;t;b{BEL}{ESC}\\{ESC}Ptmux;{ESC}{ESC}]9;t: b{BEL}{ESC}\\"
    )
    assert tmux_passthrough(f"{ESC}]9;x{BEL}") == f"{ESC}Ptmux;{ESC}{ESC}]9;x{BEL}{ESC}\\"


def test_hostile_text_cannot_end_the_sequence_or_add_a_field_to_the_title() -> None:
    title = f"a;b{BEL}{ESC}]0;owned{BEL}"
    body = f"x{ESC}\\{BEL}\x9c\n\x00y;z"
    sequence = desktop_notification(title, body)
    osc777, osc9, rest = sequence.split(BEL)
    assert rest == ""  # exactly two sequences, each ended by its own BEL
    assert [osc777.count(ESC), osc9.count(ESC)] == [1, 1]  # no escape but the opening one
    assert osc777.startswith(f"{ESC}]777;notify;")
    assert osc777.count(";") == 3 + body.count(";")  # the title added none
    assert "\x9c" not in sequence and "\x00" not in sequence and "\n" not in sequence


def test_a_long_body_is_clipped() -> None:
    sequence = desktop_notification("t", "x" * 5000)
    assert len(sequence) < 600
