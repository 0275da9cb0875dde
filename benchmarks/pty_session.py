"""Run a real program in a pseudo-terminal and watch what it writes, byte for byte.

Only the master side is read here; the program sees an ordinary terminal, 120x40 unless
told otherwise.
"""

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

COLUMNS, LINES = 120, 40
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Chunk:
    at: float
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class PtySession:
    """A child process on a pty; ``read_for`` collects its output with timestamps."""

    argv: Sequence[str]
    env: Mapping[str, str]
    columns: int = COLUMNS
    lines: int = LINES
    listeners: list[Callable[[Chunk], None]] = field(default_factory=list)
    """Called with every chunk as it is read (e.g. to keep a screen image up to date)."""
    process: subprocess.Popen[bytes] = field(init=False)
    master: int = field(init=False)
    started_at: float = field(init=False)
    seen: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0))
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            list(self.argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(self.env),
            # Not the repository: ``python -m`` puts the working directory first on the
            # import path, which would hide a candidate tree given by PYTHONPATH.
            cwd=self.env.get("HOME", "/"),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master

    def read_for(self, seconds: float) -> list[Chunk]:
        """Everything written during the next ``seconds``."""
        return self._read(deadline=time.perf_counter() + seconds)

    def read_until(self, marker: bytes, timeout_s: float) -> float:
        """Seconds since spawn when ``marker`` first appeared in the output."""
        deadline = time.perf_counter() + timeout_s
        while marker not in self.seen:
            if time.perf_counter() > deadline or self._read_chunk() is None:
                raise TimeoutError(f"{marker!r} not written within {timeout_s}s")
        return time.perf_counter() - self.started_at

    def read_until_quiet(self, quiet_s: float, timeout_s: float) -> None:
        """Drain output until nothing arrives for ``quiet_s``."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet_s)
            if not ready:
                return
            self._read_chunk()

    def first_output_after(self, data: bytes, timeout_s: float = 5.0) -> float:
        """Write ``data`` (a key) and return the seconds until the first output byte."""
        self.read_until_quiet(0.0, 1.0)
        start = time.perf_counter()
        os.write(self.master, data)
        ready, _, _ = select.select([self.master], [], [], timeout_s)
        if not ready:
            raise TimeoutError("no repaint after a key press")
        elapsed = time.perf_counter() - start
        self._read_chunk()
        return elapsed

    def _read(self, deadline: float) -> list[Chunk]:
        chunks: list[Chunk] = []
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return chunks
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                chunk = self._read_chunk()
                if chunk is None:
                    return chunks
                chunks.append(chunk)

    def _read_chunk(self) -> Chunk | None:
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            return None
        if not data:
            return None
        chunk = Chunk(time.perf_counter(), data)
        self.seen += data
        if len(self.seen) > 1 << 20:
            del self.seen[: len(self.seen) - (1 << 16)]
        for listener in self.listeners:
            listener(chunk)
        return chunk

    def write(self, data: bytes) -> float:
        """Send ``data`` (keys) to the program; returns when it was sent (``perf_counter``)."""
        sent_at = time.perf_counter()
        os.write(self.master, data)
        return sent_at

    def cpu_seconds(self) -> float:
        """User + system CPU of the child so far (all its threads)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def main_thread_cpu_ns(self) -> int:
        """CPU time of the child's main thread (where its event loop runs), in ns."""
        with open(f"/proc/{self.process.pid}/task/{self.process.pid}/schedstat") as stat:
            return int(stat.read().split()[0])

    def peak_rss_bytes(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in /proc status")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)

    def __enter__(self) -> "PtySession":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
