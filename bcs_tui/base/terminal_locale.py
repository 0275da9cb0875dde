"""Whether the terminal's locale is UTF-8: the dashboard turns ``--ascii`` on by itself when
it is not (the Linux console, a serial line, ``LANG=C`` over SSH), so nothing is drawn that
the terminal would show as mojibake."""

import os
import sys
from collections.abc import Mapping

LOCALE_VARIABLES = ("LC_ALL", "LC_CTYPE", "LANG")
"""In POSIX order: the first one set (and not empty) is the character locale."""


COERCED_CTYPES = frozenset({"c.utf8", "c.utf-8", "utf-8", "utf8"})
"""What Python writes into LC_CTYPE when it coerces a C locale (PEP 538)."""
C_LOCALES = frozenset({"", "c", "posix"})


def locale_is_utf8(environ: Mapping[str, str] | None = None, utf8_mode: bool | None = None) -> bool:
    env = os.environ if environ is None else environ
    utf8 = bool(sys.flags.utf8_mode) if utf8_mode is None else utf8_mode
    if utf8 and _coerced_from_c(env):
        # Python started in the C locale and set LC_CTYPE=C.UTF-8 for itself (PEP 538,
        # 540): the terminal's locale was C. UTF-8 mode alone (python -X utf8) says nothing
        # about the terminal: the variables below decide then.
        return False
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            normalised = value.lower().replace("-", "")
            return "utf8" in normalised
    return False  # no locale at all is the C locale


def _coerced_from_c(env: Mapping[str, str]) -> bool:
    """LC_CTYPE is the coerced C.UTF-8 while nothing else names a locale but C: what
    PEP 538 leaves. (A LANG naming a UTF-8 locale that is not installed is coerced too,
    but that LANG still says the terminal speaks UTF-8.)"""
    if env.get("LC_ALL", ""):
        return False
    ctype = env.get("LC_CTYPE", "").lower()
    return ctype in COERCED_CTYPES and env.get("LANG", "").lower() in C_LOCALES
