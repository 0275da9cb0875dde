"""Where the history file lives when ``--history`` does not say."""

from collections.abc import Mapping
from pathlib import Path

HISTORY_FILE_NAME = "history.sqlite3"


def default_history_path(environ: Mapping[str, str]) -> Path:
    """``$XDG_STATE_HOME/bcs-tui/history.sqlite3``; ``~/.local/state/bcs-tui/...`` when the
    variable is unset or empty (as the XDG base directory specification says)."""
    state_home = environ.get("XDG_STATE_HOME", "").strip()
    if state_home:
        base = Path(state_home).expanduser()
    else:
        base = Path(environ.get("HOME", "~")).expanduser() / ".local" / "state"
    return base / "bcs-tui" / HISTORY_FILE_NAME
