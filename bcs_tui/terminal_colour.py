"""Colour for the command line's own output (``watch``): status words coloured on a
terminal, plain when the output is piped, ``NO_COLOR`` is set (https://no-color.org) or
the terminal says it is dumb (``TERM=dumb``).
The word is always there: colour only repeats what it says."""

import os
from collections.abc import Mapping
from typing import TextIO

from bcs_tui.base.status import Status

_SGR: dict[Status, str] = {
    Status.FINISHED: "32",  # green
    Status.FAILED: "1;31",  # bold red
    Status.STOP: "33",  # yellow
    Status.PROCESSING: "36",  # cyan: running, not a warning
    Status.WAITING: "34",  # blue
    Status.PENDING: "2",  # dim
    Status.UNKNOWN: "35",  # magenta: a word the API does not document
}
_RESET = "\x1b[0m"


def colour_wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def coloured(text: str, status: Status) -> str:
    """``text`` (already made safe) in the colour of ``status``."""
    return f"\x1b[{_SGR[status]}m{text}{_RESET}"
