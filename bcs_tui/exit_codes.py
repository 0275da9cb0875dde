"""Exit codes of every command, documented in ``--help`` and the README.

A command-line concept: the client in ``api/`` raises typed errors and knows nothing of
these; ``cli.exit_code_for`` maps an error to its code. Imports nothing from the project,
so the simulator's command can use it too.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    OPERATION_FAILED = 1
    """``watch --exit-status``: the watched operation failed or was stopped (``wait``: one
    of the operations it waited for)."""
    USAGE = 2
    AUTH = 3
    API = 4
    NETWORK = 5
    BAD_RESPONSE = 6
    DEADLINE = 7
    """``watch --deadline`` / ``wait --deadline``: the operations had not ended in time."""
    TERMINAL_GONE = 129
    """The dashboard's terminal went away: 128 + SIGHUP, as a shell reports a hang-up."""
