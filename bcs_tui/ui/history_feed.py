"""The dashboard's link to the local history (``HistoryAccess``): each poll's records go to
it with one cheap call on the event loop, and its stored operations are loaded in a thread,
so nothing about history can stall the screen or fail a fetch."""

import asyncio
import logging
from collections.abc import Callable, Sequence

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.expectations import Expectations
from bcs_tui.core.history_access import HistoryAccess
from bcs_tui.core.history_rows import Identity
from bcs_tui.core.stored_operation import StoredOperation

logger = logging.getLogger("bcs_tui.history")


class HistoryFeed:
    def __init__(self, history: HistoryAccess | None) -> None:
        self._history = history
        self.load_started = False
        self._held: list[tuple[str, str, Sequence[OperationRecord], int]] | None = []
        """The polls submitted before ``start``, in order: the first screen is painted
        before the history's thread writes anything (benchmarks/RESULTS.md, row 20)."""

    def start(self) -> None:
        """The first records are painted: hand the polls held so far to the history, and
        each one at once from now on."""
        held, self._held = self._held, None
        for poll in held or ():
            self.submit(*poll)

    def submit(
        self, source: str, project_id: str, records: Sequence[OperationRecord], seen_at_ns: int
    ) -> None:
        """What one poll of ``source`` returned (a queue put: the writer compares)."""
        if self._history is None:
            return
        if self._held is not None:
            self._held.append((source, project_id, records, seen_at_ns))
            return
        try:
            self._history.submit(source, project_id, records, seen_at_ns)
        except Exception:  # history must never fail a fetch
            logger.exception("history: submitting a poll failed")

    async def load(self, live: frozenset[Identity]) -> list[StoredOperation] | None:
        """The stored operations that are not ``live``, read in a thread (``None``: no
        history, or it failed)."""
        self.load_started = True
        if self._history is None:
            return None
        try:
            return await asyncio.to_thread(self._history.load, live)
        except Exception:
            logger.exception("history: loading the stored operations failed")
            return None

    async def expectations(self) -> Expectations | None:
        """The expectations of the stored finished operations, computed in a thread
        (``None``: no history, or it failed)."""
        if self._history is None:
            return None
        try:
            return await asyncio.to_thread(self._history.expectations)
        except Exception:
            logger.exception("history: loading the expectations failed")
            return None

    def warnings_to(self, handler: Callable[[str], None]) -> None:
        if self._history is not None:
            self._history.warnings_to(handler)

    async def aclose(self) -> None:
        """Flush and close, in a thread (the writer may still be writing a poll)."""
        history, self._history = self._history, None
        if history is None:
            return
        try:
            await asyncio.to_thread(history.close)
        except Exception:
            logger.exception("history: closing failed")
