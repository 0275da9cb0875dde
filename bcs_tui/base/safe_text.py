"""The one place where untrusted text (anything from the server) is made safe to show.

Control characters, including the ESC that starts ANSI CSI / OSC / DCS sequences, are turned
into visible placeholders, so a record can never move the cursor, retitle the window, clear
the screen or open a hyperlink. Bidirectional overrides are made visible too, so text cannot
be shown reversed, and so are zero-width characters, so two names that differ only by an
invisible character do not look alike (and a joined emoji sequence, whose width terminals
disagree on, cannot push a column out of line). Markup is a separate concern: widgets build
``rich.text.Text`` from the result, which never interprets ``[bold]`` and the like.
"""

import re

# Bidi embedding/override/isolate characters and marks, which can reorder what the user reads;
# zero-width spaces and joiners, invisible operators, BOM and the Mongolian vowel separator;
# lone surrogates (from a JSON "\ud800" escape), which cannot be encoded at all: writing one
# to a terminal or file raises.
_INVISIBLE_OR_REORDERING = (
    "\u202a-\u202e\u2066-\u2069\u061c\u200b-\u200f\u2060-\u2064\ufeff\u180e\ud800-\udfff"
)
# With those: C0 controls (tab is handled apart; newline only when lines are not kept), DEL
# and C1 controls.
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_INVISIBLE_OR_REORDERING}]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE_OR_REORDERING}]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␛, ␀, ␊ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe_text(value: object, *, keep_newlines: bool = False) -> str:
    """``value`` as inert, printable text; ``None`` becomes the empty string."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\t", " ")
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(_placeholder, text)


def safe_lines(lines: list[str]) -> list[str]:
    """Message lines made safe, a line with embedded newlines split into several."""
    out: list[str] = []
    for line in lines:
        out.extend(safe_text(line, keep_newlines=True).splitlines() or [""])
    return out
