"""The ``--demo`` simulator in a process of its own, started first thing: its imports, its
start and its answers run on another core while the dashboard starts (in-process, they
took the dashboard's own time: benchmarks/RESULTS.md, row 3).

The parent binds the listening socket and hands it over, so the endpoint is known at once
and never waits for the child: a request made before the child serves waits in the
socket's backlog. The child serves until its stdin closes, which also happens when the
parent dies, however it dies. It runs in a session of its own, with no terminal: the
dashboard owns the screen and the keys.

    python -m bcs_tui.sim.process FD SPEED
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from bcs_tui.sim.defaults import DEFAULT_HOST

if TYPE_CHECKING:
    from bcs_tui.sim.server import SimConfig

STOP_TIMEOUT_S = 5.0


class SimProcess:
    """``with SimProcess(speed) as sim:`` serves the demo at ``sim.endpoint``."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self.endpoint = ""
        self._child: subprocess.Popen[bytes] | None = None

    def start(self) -> "SimProcess":
        """Raises ``OSError`` when no loopback port can be bound or no process started."""
        with socket.create_server((DEFAULT_HOST, 0)) as listening:
            fd = listening.fileno()
            self._child = subprocess.Popen(
                [sys.executable, "-m", "bcs_tui.sim.process", str(fd), repr(self.speed)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(fd,),
                start_new_session=True,
            )
            self.endpoint = f"http://{DEFAULT_HOST}:{listening.getsockname()[1]}"
        return self

    @property
    def pid(self) -> int | None:
        """The child's process ID while it runs."""
        return None if self._child is None else self._child.pid

    def stop(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    def __enter__(self) -> "SimProcess":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@contextmanager
def demo_simulator(speed: float) -> Iterator[str]:
    """The demo's endpoint, served for the block's lifetime: by a process of its own where a
    listening socket can be handed to one (POSIX), else in this process. ``OSError`` when
    it cannot start."""
    if os.name == "posix":
        with SimProcess(speed) as process:
            yield process.endpoint
        return
    from bcs_tui.sim.server import SimServer

    with SimServer(demo_config(speed)) as server:
        yield server.endpoint


def demo_config(speed: float) -> "SimConfig":
    """What the demo serves: the fleet, so it shows several sources."""
    from bcs_tui.sim.fleet import DEMO_FLEET, DEMO_UNSERVED
    from bcs_tui.sim.server import SimConfig

    return SimConfig(speed=speed, fleet=DEMO_FLEET, unserved_projects=DEMO_UNSERVED)


def main(argv: list[str]) -> int:
    """The child: serve on the inherited socket until stdin closes."""
    from bcs_tui.sim.server import SimServer

    fd, speed = int(argv[0]), float(argv[1])
    listening = socket.socket(fileno=fd)
    with SimServer(demo_config(speed), listening=listening):
        while os.read(sys.stdin.fileno(), 4096):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
