"""The installed ``bcs-tui --demo`` in a real pseudo-terminal with ``--desktop-notify`` and
``--notify-command``: when an operation ends, the terminal receives the OSC 777 and OSC 9
sequences, and the command runs with what ended in its environment; what the command writes
goes to the log, never to the screen."""

import json
import os
import sys
from pathlib import Path

import pytest

from tests.pty_terminal import PtyTerminal

BCS_TUI = Path(sys.executable).parent / "bcs-tui"
ENDING_TIMEOUT_S = 40.0
OSC_777 = b"\x1b]777;notify;bcs-tui: Operation "
OSC_9 = b"\x1b]9;bcs-tui: Operation "

DUMP_ENV = (
    f"{sys.executable} -c 'import json, os; print(json.dumps("
    '{k: v for k, v in os.environ.items() if k.startswith("BCS_TUI_")}))\' >> "$NOTIFIED"'
    "; echo OUT-OF-NOTIFY; echo ERR-OF-NOTIFY >&2"
)


@pytest.mark.timeout(90)
def test_an_ending_reaches_the_terminal_and_the_notify_command(tmp_path: Path) -> None:
    notified = tmp_path / "notified.jsonl"
    log = tmp_path / "log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "NOTIFIED": str(notified),
    }
    argv = [
        str(BCS_TUI),
        "--demo",
        "--demo-speed",
        "20",
        "--interval",
        "1",
        "--desktop-notify",
        "--notify-command",
        DUMP_ENV,
        "--log-file",
        str(log),
    ]

    def endings_told(_screen: str) -> list[dict[str, str]]:
        if not notified.exists():
            return []
        lines = notified.read_text(encoding="utf-8").splitlines()
        return [event for event in map(json.loads, lines) if event["BCS_TUI_EVENT"] == "ended"]

    with PtyTerminal(argv, env, columns=120, lines=30, cwd=tmp_path) as terminal:
        # Checked on each output (the clock ticks every second, so there is output).
        terminal.wait_for(
            lambda screen: OSC_777 in terminal.raw and bool(endings_told(screen)),
            ENDING_TIMEOUT_S,
        )
        assert OSC_9 in terminal.raw
        sequence = bytes(terminal.raw[terminal.raw.index(OSC_777) :]).split(b"\x07")[0]
        assert sequence.count(b";") >= 3  # 777 ; notify ; title ; body
        ended = endings_told("")[0]
        assert ended["BCS_TUI_STATUS"] in ("finished", "failed", "stopped")
        assert ended["BCS_TUI_OPERATION_ID"] and ended["BCS_TUI_SOURCE"]
        terminal.wait_for(
            lambda _screen: log.exists() and "stderr: ERR-OF-NOTIFY" in log.read_text("utf-8"),
            ENDING_TIMEOUT_S,
        )
        assert "stdout: OUT-OF-NOTIFY" in log.read_text("utf-8")
        terminal.send(b"q")
        assert terminal.wait_exit(10) == 0
    assert b"OUT-OF-NOTIFY" not in terminal.raw
    assert b"ERR-OF-NOTIFY" not in terminal.raw
