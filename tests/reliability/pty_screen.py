"""Run the real program in a pseudo-terminal and watch what a terminal would show (pyte).

A reader thread feeds every byte the program writes into a pyte screen and keeps the raw
bytes too; tests wait on a condition (new output arrived) for what they expect to see.

One adaptation: pyte stops drawing the rest of a text run at a zero-width character that is
not combining (U+200B and friends), where xterm or VTE draw nothing and go on. Those are
taken out before pyte sees the text, so the screen is what a real terminal shows; tests
check the raw bytes on their own.
"""

import codecs
import fcntl
import os
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

import pyte

from tests.reliability.conftest import BCS_TUI


class PtyProgram:
    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        columns: int = 120,
        lines: int = 40,
        cwd: Path | None = None,
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.Stream(self.screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.raw = bytearray()
        self.titles: list[str] = []
        """Every window title the program set, in order (pyte keeps only the last)."""
        self._changed = threading.Condition()
        self._closed = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self._master = master
        self.process = subprocess.Popen(
            [*BCS_TUI, *args],
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
                self.stream.feed(self._decoder.decode(chunk))
                if self.screen.title != before:
                    self.titles.append(self.screen.title)
                self._changed.notify_all()

    def text(self) -> str:
        with self._changed:
            return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, seen: Callable[[], bool], timeout_s: float = 30.0) -> None:
        """Until ``seen()`` holds (checked after each piece of output) or the program ends."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not seen():
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise AssertionError(f"never seen; the screen shows:\n{self._text()}")
                self._changed.wait(left)

    def _text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def send(self, keys: bytes) -> None:
        os.write(self._master, keys)

    def wait_exit(self, timeout_s: float = 30.0) -> int:
        code = self.process.wait(timeout=timeout_s)
        self._reader.join(timeout=timeout_s)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
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
