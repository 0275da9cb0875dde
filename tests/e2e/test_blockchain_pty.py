"""The installed ``bcs-tui --demo`` in a real pseudo-terminal: the selected record's chain
health in the detail pane, and ``b`` opening the blockchain view and ``esc`` closing it."""

import os
import sys
from pathlib import Path

import pytest

from tests.pty_terminal import PtyTerminal

BCS_TUI = Path(sys.executable).parent / "bcs-tui"
STARTUP_TIMEOUT_S = 30.0
KEY_TIMEOUT_S = 10.0


@pytest.mark.timeout(90)
def test_b_opens_the_blockchain_view_of_the_selected_record(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),  # no user config or credentials can leak in
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }
    argv = [str(BCS_TUI), "--demo", "--utc"]
    with PtyTerminal(argv, env, columns=100, lines=40, cwd=tmp_path) as terminal:
        # The chain's health arrives beside the record (fetched once it is selected).
        screen = terminal.wait_for(
            lambda text: "Health      " in text and "Version     v" in text, STARTUP_TIMEOUT_S
        )
        assert "Health      unavailable" not in screen

        terminal.send(b"b")
        view = terminal.wait_for(
            lambda text: "Resources" in text and "Elastic IP" in text, KEY_TIMEOUT_S
        )
        assert "Consensus" in view and "esc Back" in view

        terminal.send(b"\x1b")
        # The list's own footer back (not only "Resources" gone: a frame drawn in part
        # may lack it while the view is still up, and a `q` sent then would follow the
        # escape as alt+q).
        terminal.wait_for(
            lambda text: "Resources" not in text and "/ Search" in text, KEY_TIMEOUT_S
        )

        terminal.send(b"q")
        assert terminal.wait_exit(KEY_TIMEOUT_S) == 0
