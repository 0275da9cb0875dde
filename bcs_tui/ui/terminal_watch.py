"""Noticing that the terminal went away when no hang-up signal says so.

A dashboard started without a controlling terminal (``setsid``, a supervisor, a harness that
starts it in a new session) gets no SIGHUP when its terminal closes; reading the terminal
then fails at once, again and again, and the input thread spins a core for ever. Once the
terminal the dashboard started on is no terminal any more, it exits (code 129, as a shell
reports a hang-up)."""

import os
import sys

from bcs_tui.exit_codes import ExitCode

TERMINAL_GONE_EXIT = ExitCode.TERMINAL_GONE


class TerminalWatch:
    def __init__(self) -> None:
        stream = sys.__stdin__
        self._fd = stream.fileno() if stream is not None else -1
        self._was_terminal = self._fd >= 0 and os.isatty(self._fd)

    def gone(self) -> bool:
        """The dashboard started on a terminal, and that terminal is gone (hung up)."""
        return self._was_terminal and not os.isatty(self._fd)


def silence_lost_terminal() -> None:
    """Point the standard streams' descriptors at the null device: the terminal is gone."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
    finally:
        os.close(null)
