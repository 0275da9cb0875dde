"""``--notify-command CMD``: the user's command, run when an operation ends or appears.

The command line is the user's text, run by ``/bin/sh -c`` exactly as given; what happened
is passed only in the environment (``BCS_TUI_EVENT``, ``BCS_TUI_OPERATION_ID``, ...), each
value made safe first (``safe_text``: no NUL, no control character, no escape sequence), so
a hostile record can never become shell syntax. Asyncio subprocesses in the caller's event
loop: the dashboard's screen never waits for one. At most ``AT_ONCE`` run together; the
others queue (at most ``QUEUE_LIMIT``: past that the oldest waiting one is dropped and
logged: a storm of endings must not grow memory or delay the news for minutes). Each gets
``TIMEOUT_S`` and is then killed with its whole process group. Its output and any failure
go to the log (``--log-file``).
"""

import asyncio
import contextlib
import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from bcs_tui.api.models import OperationRecord, operation_type_name
from bcs_tui.base.safe_text import safe_text
from bcs_tui.core.desktop_notification import ending_notification
from bcs_tui.core.diffing import Transition, TransitionKind
from bcs_tui.core.record_view import record_status_word

AT_ONCE = 4
QUEUE_LIMIT = 100
TIMEOUT_S = 10.0
OUTPUT_LOGGED = 4096
"""Bytes of each output stream kept for the log; the rest is read and dropped."""
DROPS_TOLD_EVERY = 100
"""Of the events dropped from a full queue, the log tells the first, then one in this many."""
MESSAGE_LIMIT = 2000
"""Characters of the failure message passed on (an environment is not a place for a book)."""

SHELL = "/bin/sh"

SECRET_VARIABLES = frozenset(
    {
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "BCS_TUI_AUTH_TOKEN",
        "BCS_TUI_IAM_PASSWORD",
    }
)
"""The environment variables that hold a secret (precedence.py's rows for sk,
security_token, token and password; tests/test_notify_command.py keeps the two in step):
left out of the command's environment. A notification needs none, and its output goes to
the log, where no secret may appear."""

logger = logging.getLogger(__name__)
# Nothing configured (no --log-file): stay silent rather than fall back to writing on
# stderr, which is the dashboard's screen.
logger.addHandler(logging.NullHandler())

EventKind = Literal["ended", "new"]


@dataclass(frozen=True)
class NotifyEvent:
    """One operation that ended or appeared, as the command's environment tells it."""

    event: EventKind
    operation_id: str
    status: str
    operation_type: str
    blockchain: str
    source: str
    message: str

    @classmethod
    def of(cls, event: EventKind, record: OperationRecord, source: str = "") -> "NotifyEvent":
        return cls(
            event=event,
            operation_id=record.operation_id or "",
            status=record_status_word(record),
            operation_type=operation_type_name(record.operation_type) or "",
            blockchain=record.blockchain_name or record.blockchain_id or "",
            source=source,
            message=" / ".join(record.message)[:MESSAGE_LIMIT],
        )

    def environment(self) -> dict[str, str]:
        """The ``BCS_TUI_*`` variables, every value made safe."""
        values = {
            "BCS_TUI_EVENT": self.event,
            "BCS_TUI_OPERATION_ID": self.operation_id,
            "BCS_TUI_STATUS": self.status,
            "BCS_TUI_OPERATION_TYPE": self.operation_type,
            "BCS_TUI_BLOCKCHAIN": self.blockchain,
            "BCS_TUI_SOURCE": self.source,
            "BCS_TUI_MESSAGE": self.message,
        }
        return {name: safe_text(value) for name, value in values.items()}


def events_of(transition: Transition) -> tuple[NotifyEvent, ...]:
    """The events a dashboard transition is, in order: ``new`` for one that appeared, then
    ``ended`` for one that ended, both for one first seen already ended (it started and
    ended between two polls); none for another change of status."""
    record, source = transition.record, transition.source
    events: list[NotifyEvent] = []
    if transition.kind is TransitionKind.APPEARED:
        events.append(NotifyEvent.of("new", record, source))
    if transition.ended:
        events.append(NotifyEvent.of("ended", record, source))
    return tuple(events)


class NotifyCommandRunner:
    """Runs ``command`` once per submitted event; call ``submit`` from the event loop.
    Events submitted together run one after the other (an operation's ``new`` ends before
    its ``ended`` starts), in one of the ``at_once`` places."""

    def __init__(
        self,
        command: str,
        *,
        at_once: int = AT_ONCE,
        queue_limit: int = QUEUE_LIMIT,
        timeout_s: float = TIMEOUT_S,
        base_environment: Mapping[str, str] | None = None,
    ) -> None:
        self.command = command
        self.at_once = at_once
        self.queue_limit = queue_limit
        self.timeout_s = timeout_s
        inherited = os.environ if base_environment is None else base_environment
        self._base = {
            name: value for name, value in inherited.items() if name not in SECRET_VARIABLES
        }
        self._queue: deque[tuple[NotifyEvent, ...]] = deque()
        self._running: set[asyncio.Task[None]] = set()
        self._processes: set[asyncio.subprocess.Process] = set()
        self.dropped = 0
        """Events dropped because the queue was full (oldest first)."""
        self.completed = 0
        """Commands that have ended (whatever their exit status), for tests."""

    @property
    def running(self) -> int:
        return len(self._running)

    @property
    def queued(self) -> int:
        return len(self._queue)

    def submit(self, *events: NotifyEvent) -> None:
        """Queue ``events``, to run in this order; returns at once."""
        if not events:
            return
        if len(self._queue) >= self.queue_limit:
            dropped = self._queue.popleft()
            self.dropped += 1
            # A burst (a slow command, a busy fleet) would write a line per event: the
            # first drop is told, then every DROPS_TOLD_EVERY-th, with the count so far.
            if self.dropped % DROPS_TOLD_EVERY == 1 or DROPS_TOLD_EVERY == 1:
                logger.warning(
                    "notify command: %d events waiting; dropped the oldest (%s %s;"
                    " %d dropped so far)",
                    self.queue_limit,
                    "+".join(event.event for event in dropped),
                    safe_text(dropped[0].operation_id),
                    self.dropped,
                )
        self._queue.append(events)
        self._start_more()

    async def drain(self) -> None:
        """Wait until every queued and running command has ended (``wait`` / ``watch``
        before they exit)."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def aclose(self) -> None:
        """Forget what waits and stop what runs (the dashboard quits)."""
        self._queue.clear()
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)

    def _start_more(self) -> None:
        while self._queue and len(self._running) < self.at_once:
            task = asyncio.get_running_loop().create_task(
                self._run_in_order(self._queue.popleft()), name="notify command"
            )
            self._running.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self.completed += 1
        if not task.cancelled() and task.exception() is not None:
            logger.error("notify command: %s", task.exception())
        self._start_more()

    async def _run_in_order(self, events: tuple[NotifyEvent, ...]) -> None:
        for event in events:
            await self._run(event)

    async def _run(self, event: NotifyEvent) -> None:
        what = f"{event.event} {safe_text(event.operation_id)}"
        try:
            process = await asyncio.create_subprocess_exec(
                SHELL,
                "-c",
                self.command,
                env={**self._base, **event.environment()},
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,  # its own process group: a timeout kills it all
            )
        except OSError as error:
            logger.warning("notify command could not start (%s): %s", what, error)
            return
        try:
            async with asyncio.timeout(self.timeout_s):
                out, err, code = await asyncio.gather(
                    _read_capped(process.stdout),
                    _read_capped(process.stderr),
                    process.wait(),
                )
        except TimeoutError:
            _kill_group(process)
            await process.wait()
            logger.warning(
                "notify command (%s) still running after %gs: killed", what, self.timeout_s
            )
            return
        except asyncio.CancelledError:
            _kill_group(process)
            raise
        for name, data in (("stdout", out), ("stderr", err)):
            if data:
                logger.info("notify command (%s) %s: %s", what, name, _shown(data))
        if code != 0:
            logger.warning("notify command (%s) exited with status %d", what, code)


class EndingNotifier:
    """What ``wait`` and ``watch`` tell of each ending they print (with the source's name
    when there are several): the notify command (``runner``), and with ``--desktop-notify``
    the desktop notification's sequences (``write_terminal``: only when stdout is a
    terminal, so that a pipe or a file never gets them). ``drain`` before the program
    exits."""

    def __init__(
        self,
        runner: NotifyCommandRunner | None,
        write_terminal: Callable[[str], object] | None = None,
        *,
        in_tmux: bool = False,
    ) -> None:
        self.runner = runner
        self._write_terminal = write_terminal
        self._in_tmux = in_tmux

    def __call__(self, source: str | None, record: OperationRecord) -> None:
        if self.runner is not None:
            self.runner.submit(NotifyEvent.of("ended", record, source or ""))
        if self._write_terminal is not None:
            ending = Transition(
                TransitionKind.ENDED, record.operation_id or "", record, source=source or ""
            )
            self._write_terminal(ending_notification(ending, in_tmux=self._in_tmux))

    async def drain(self) -> None:
        if self.runner is not None:
            await self.runner.drain()


async def _read_capped(stream: asyncio.StreamReader | None) -> bytes:
    """The first ``OUTPUT_LOGGED`` bytes; the rest is read (so the command never blocks on
    a full pipe) and dropped."""
    if stream is None:
        return b""
    kept = b""
    while chunk := await stream.read(65536):
        if len(kept) < OUTPUT_LOGGED:
            kept += chunk[: OUTPUT_LOGGED - len(kept)]
    return kept


def _shown(data: bytes) -> str:
    return safe_text(data.decode("utf-8", "replace").strip(), keep_newlines=True)


def _kill_group(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
