"""Endings that reach the operator outside the terminal: the user's ``--notify-command``
and, with ``--desktop-notify``, a desktop notification asked of the terminal.

Neither may hold the screen up: the command runs as an asyncio subprocess in the app's loop
(notify_command.py), and the escape sequence is queued on Textual's writer with the frames.
"""

import os
from collections.abc import Callable, Iterable, Mapping

from bcs_tui.core.desktop_notification import ending_notification
from bcs_tui.core.diffing import Transition
from bcs_tui.notify_command import NotifyCommandRunner, events_of
from bcs_tui.ui.options import DashboardOptions


class OutsideNotifier:
    """Told of each news transition (an operation appeared or ended) by the app."""

    def __init__(
        self,
        options: DashboardOptions,
        write_terminal: Callable[[str], object],
        environ: Mapping[str, str] | None = None,
    ) -> None:
        environ = os.environ if environ is None else environ
        self.runner = (
            NotifyCommandRunner(options.notify_command) if options.notify_command else None
        )
        self.desktop = options.desktop_notify
        self._in_tmux = bool(environ.get("TMUX"))
        self._write_terminal = write_terminal

    def announce(self, news: Iterable[Transition]) -> None:
        for transition in news:
            if self.runner is not None:
                self.runner.submit(*events_of(transition))
            # Only endings go to the desktop (also of one first seen already ended): every
            # new operation would be noise there.
            if self.desktop and transition.ended:
                self._write_terminal(ending_notification(transition, in_tmux=self._in_tmux))

    async def aclose(self) -> None:
        if self.runner is not None:
            await self.runner.aclose()
