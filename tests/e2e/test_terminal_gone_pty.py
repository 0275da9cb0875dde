"""The terminal goes away with no hang-up signal (the dashboard was started in a session of
its own, as a supervisor or a harness does): the real program exits, 129, rather than spin a
core reading a terminal that is gone."""

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bcs_tui.ui.terminal_watch import TERMINAL_GONE_EXIT

BCS_TUI = Path(sys.executable).parent / "bcs-tui"
STARTUP_TIMEOUT_S = 30.0
EXIT_TIMEOUT_S = 10.0


@pytest.mark.timeout(60)
def test_a_terminal_gone_without_a_hang_up_ends_the_dashboard(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    env |= {"LANG": "C.UTF-8", "TERM": "xterm-256color"}
    program = subprocess.Popen(
        [str(BCS_TUI), "--demo"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # no controlling terminal: no SIGHUP when it closes
        close_fds=True,
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while b"records" not in seen and time.monotonic() < deadline:
            seen += os.read(master, 65536)
        assert b"records" in seen, "the dashboard never drew its records"
        os.close(master)  # the terminal goes away
        assert program.wait(timeout=EXIT_TIMEOUT_S) == TERMINAL_GONE_EXIT
    finally:
        if program.poll() is None:
            program.kill()
            program.wait()
