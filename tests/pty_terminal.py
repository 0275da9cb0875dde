"""The real program in a pseudo-terminal, seen as a terminal would show it (pyte): the one
terminal harness of the tests.

A reader thread keeps every byte the program writes and feeds it into a pyte screen; a test
waits for a condition on the screen, checked each time new output arrives, never for a set time.
"""

import codecs
import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

import pyte


class PtyTerminal:
    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        columns: int = 120,
        lines: int = 40,
        cwd: Path | None = None,
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.Stream(self.screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.raw = bytearray()
        """Every byte the program wrote."""
        self.titles: list[str] = []
        """Every window title the program set, in order (pyte keeps only the last)."""
        self._changed = threading.Condition()
        self._closed = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self._master = master
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
            start_new_session=True,
            cwd=cwd,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                chunk = b""  # EIO: the program closed its side of the terminal
            with self._changed:
                if not chunk:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self.raw.extend(chunk)
                before = self.screen.title
                self._stream.feed(self._decoder.decode(chunk))
                if self.screen.title != before:
                    self.titles.append(self.screen.title)
                self._changed.notify_all()

    def _text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def text(self) -> str:
        """The screen, one line per row, without trailing blanks."""
        with self._changed:
            return self._text()

    def wait_for(self, condition: Callable[[str], bool], timeout_s: float = 30.0) -> str:
        """The screen text once ``condition(screen text)`` holds; fails, showing the screen,
        if it does not within ``timeout_s`` or the program ends first."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not condition(text := self._text()):
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise AssertionError(f"never seen; the screen shows:\n{text}")
                self._changed.wait(left)
            return text

    def send(self, keys: bytes) -> None:
        os.write(self._master, keys)

    def wait_exit(self, timeout_s: float = 30.0) -> int:
        """The program's exit status, once it has ended and all its output is read."""
        code = self.process.wait(timeout=timeout_s)
        self._reader.join(timeout=timeout_s)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it may have just ended
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: children too
            self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        os.close(self._master)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
