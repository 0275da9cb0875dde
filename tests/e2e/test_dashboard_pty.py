"""The installed ``bcs-tui --demo`` in a real pseudo-terminal: it draws live records,
answers keys and quits cleanly with exit status 0."""

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyte
import pytest

COLUMNS, LINES = 100, 30
BCS_TUI = Path(sys.executable).parent / "bcs-tui"
STARTUP_TIMEOUT_S = 30.0
KEY_TIMEOUT_S = 10.0


class Terminal:
    """A pty with a pyte screen fed from everything the program writes."""

    def __init__(self, master_fd: int, process: subprocess.Popen[bytes]) -> None:
        self.master_fd = master_fd
        self.process = process
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def _read_available(self, timeout_s: float) -> bool:
        ready, _, _ = select.select([self.master_fd], [], [], timeout_s)
        if not ready:
            return True
        try:
            data = os.read(self.master_fd, 65536)
        except OSError:  # EIO: the program closed the terminal
            return False
        if not data:
            return False
        self.stream.feed(data)
        return True

    def wait_for(self, condition: Callable[[str], bool], timeout_s: float) -> str:
        """Read output until ``condition(screen text)`` holds; fail with the screen if not."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if condition(self.text()):
                return self.text()
            if not self._read_available(min(0.2, deadline - time.monotonic())):
                break
        if condition(self.text()):
            return self.text()
        pytest.fail(f"timed out; the screen shows:\n{self.text()}")

    def press(self, keys: bytes) -> None:
        os.write(self.master_fd, keys)

    def wait_exit(self, timeout_s: float) -> int:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and self.process.poll() is None:
            self._read_available(0.1)
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    master_fd, slave_fd = pty.openpty()
    fcntl.ioctl(slave_fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),  # no user config or credentials can leak in
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }
    process = subprocess.Popen(
        [str(BCS_TUI), "--demo", "--demo-speed", "4", "--utc"],
        stdin=slave_fd,
        stdout=slave_fd,
        stderr=slave_fd,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(slave_fd)
    try:
        yield Terminal(master_fd, process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(master_fd)


@pytest.mark.timeout(90)
def test_demo_dashboard_runs_in_a_real_terminal(terminal: Terminal) -> None:
    # Records listed and the first one's detail drawn: live data from the simulator.
    screen = terminal.wait_for(
        lambda text: "processing" in text and "sub-steps finished" in text, STARTUP_TIMEOUT_S
    )
    assert "demo" in screen and "records" in screen

    terminal.press(b"?")
    terminal.wait_for(lambda text: "Show every key" in text and "Everywhere" in text, KEY_TIMEOUT_S)
    terminal.press(b"\x1b")
    terminal.wait_for(lambda text: "Everywhere" not in text, KEY_TIMEOUT_S)

    terminal.press(b"p")
    terminal.wait_for(lambda text: "paused" in text, KEY_TIMEOUT_S)
    terminal.press(b"p")
    terminal.wait_for(lambda text: "paused" not in text, KEY_TIMEOUT_S)

    terminal.press(b"j")
    terminal.press(b"\r")
    terminal.wait_for(lambda text: "esc Back" in text, KEY_TIMEOUT_S)
    terminal.press(b"\x1b")
    terminal.wait_for(lambda text: "esc Back" not in text, KEY_TIMEOUT_S)

    terminal.press(b"q")
    assert terminal.wait_exit(KEY_TIMEOUT_S) == 0
