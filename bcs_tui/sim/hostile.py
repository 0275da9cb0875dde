"""Text a hostile or broken server could send, to prove the dashboard shows it inertly.

Each entry attacks one way a terminal or a markup renderer could be fooled. The corpus is
shared: the simulator's "hostile" fault serves it, and UI tests elsewhere reuse it.
"""

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"

CLEAR_SCREEN = ESC + "[2J" + ESC + "[H" + "screen cleared"
CURSOR_MOVES = "up" + ESC + "[5A" + "left" + ESC + "[10D" + "saved" + ESC + "7" + ESC + "8"
COLOUR_CSI = ESC + "[31;1m" + "red bold" + ESC + "[0m"
OSC_TITLE = ESC + "]0;pwned" + BEL + "title changed"
OSC8_HYPERLINK = ESC + "]8;;http://evil.example/" + ST + "click me" + ESC + "]8;;" + ST
DCS_SEQUENCE = ESC + "P" + "+q544e" + ST + "device control"
C1_CONTROLS = "c1:\x9b2J\x9d0;c1-title\x9c\x85\x90end"
NUL_BYTES = "before\x00after\x00"
C0_CONTROLS = "bell\x07back\x08space\rreturn\x0bvt\x0cff\x7fdel"
RICH_MARKUP = "[bold red]x[/]"
RICH_LINK = "[link=http://x]y[/link]"
TEXTUAL_MARKUP = "[@click=app.quit]quit[/] $variable [b]unclosed"
BIDI_OVERRIDE = "invoice\u202egpj.exe\u202c done"
BIDI_ISOLATES = "\u2067isolated\u2069 \u200fmark\u200e"
ZERO_WIDTH = "zero\u200bwidth\u200c\u200djoin\ufeffbom"
COMBINING = "Z\u0351\u0358\u0302a\u0310\u0361\u036el\u0344\u0314g\u0352\u0357o"
NEWLINES = "line one\nline two\r\nline three"
WIDE_AND_EMOJI = "宽字符 🧨💥 wide"
VERY_LONG = ("0123456789" * 1000)[:10_000]

HOSTILE_STRINGS: tuple[str, ...] = (
    CLEAR_SCREEN,
    CURSOR_MOVES,
    COLOUR_CSI,
    OSC_TITLE,
    OSC8_HYPERLINK,
    DCS_SEQUENCE,
    C1_CONTROLS,
    NUL_BYTES,
    C0_CONTROLS,
    RICH_MARKUP,
    RICH_LINK,
    TEXTUAL_MARKUP,
    BIDI_OVERRIDE,
    BIDI_ISOLATES,
    ZERO_WIDTH,
    COMBINING,
    NEWLINES,
    WIDE_AND_EMOJI,
    VERY_LONG,
)
"""Every hostile string; the last one is the 10,000-character line."""

SHORT_HOSTILE_STRINGS: tuple[str, ...] = tuple(text for text in HOSTILE_STRINGS if len(text) < 200)
"""The corpus without the very long line, for filling many fields without a huge body."""
