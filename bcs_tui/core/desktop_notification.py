"""``--desktop-notify``: a desktop notification asked of the terminal by escape sequence,
which works over SSH (the terminal on the user's desk shows it).

Two sequences, as terminals differ: OSC 777 (``ESC ] 777 ; notify ; TITLE ; BODY BEL``:
urxvt, foot, WezTerm, Ghostty, VTE-based ones) and OSC 9 (``ESC ] 9 ; BODY BEL``: iTerm2,
Windows Terminal, kitty, WezTerm; a terminal that knows both may show two). Inside tmux each
is wrapped for passthrough (``ESC P tmux; ... ESC \\`` with every ESC doubled), which tmux
forwards when ``allow-passthrough`` is on.

Text from the server must not end the sequence early or start another: every control
character is made visible (``safe_text``), and the title, whose end OSC 777 marks with
``;``, has none.
"""

from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import clip
from bcs_tui.core.diffing import Transition

ESC = "\x1b"
BEL = "\x07"
TITLE_WIDTH = 60
BODY_WIDTH = 200
TITLE_PREFIX = "bcs-tui: "


def _field(text: str, width: int) -> str:
    return clip(safe_text(text), width)


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped so that tmux hands it to the terminal outside."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ESC}\\"


def desktop_notification(title: str, body: str, *, in_tmux: bool = False) -> str:
    """The escape sequences that ask the terminal for one notification."""
    safe_title = _field(title, TITLE_WIDTH).replace(";", ",")
    safe_body = _field(body, BODY_WIDTH)
    # OSC 9 has no title: the body says it. It must not start with a digit and ';' either
    # (ConEmu's and Windows Terminal's OSC 9;N sub-commands): it starts with the title.
    sequences = (
        f"{ESC}]777;notify;{safe_title};{safe_body}{BEL}",
        f"{ESC}]9;{safe_title}: {safe_body}{BEL}",
    )
    if in_tmux:
        return "".join(tmux_passthrough(sequence) for sequence in sequences)
    return "".join(sequences)


def ending_notification(ending: Transition, *, in_tmux: bool = False) -> str:
    """The sequences for one operation that ended (``Operation failed`` / ``create on ...``):
    the dashboard's, ``wait``'s and ``watch``'s."""
    return desktop_notification(TITLE_PREFIX + ending.title(), ending.text(), in_tmux=in_tmux)
