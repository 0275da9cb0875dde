"""Whether the terminal's locale is UTF-8: the dashboard turns ``--ascii`` on by itself when
it is not (the Linux console, a serial line, ``LANG=C`` over SSH), so nothing is drawn that
the terminal would show as mojibake."""

import os
import sys
from collections.abc import Mapping

LOCALE_VARIABLES = ("LC_ALL", "LC_CTYPE", "LANG")
"""In POSIX order: the first one set (and not empty) is the character locale."""


def locale_is_utf8(environ: Mapping[str, str] | None = None, utf8_mode: bool | None = None) -> bool:
    env = os.environ if environ is None else environ
    forced = bool(sys.flags.utf8_mode) if utf8_mode is None else utf8_mode
    if forced and "PYTHONUTF8" not in env:
        # Python turns its UTF-8 mode on by itself only in the C or POSIX locale, and then
        # sets LC_CTYPE=C.UTF-8 for itself (PEP 538, 540): the terminal's locale was C.
        return False
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            normalised = value.lower().replace("-", "")
            return "utf8" in normalised
    return False  # no locale at all is the C locale
