"""The local history as the dashboard uses it (``core.history_access.HistoryAccess``):
each poll queued to a writer thread; the stored operations read on demand, in a thread
the app starts.

Warnings (a file moved aside, a disk that cannot be written) come from those threads. Until
the app says where they go (``warnings_to``) they are kept, and each is told once: the
writer and a load may both meet the same broken file."""

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.expectations import EMPTY_EXPECTATIONS, Expectations
from bcs_tui.core.history_rows import HISTORY_ROWS_AT_MOST, Identity
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.history.store import HistoryStore
from bcs_tui.history.writer import HistoryWriter

_log = logging.getLogger(__name__)

LOADED_AT_MOST = HISTORY_ROWS_AT_MOST
"""The newest stored operations the dashboard lists with ``H``: each one listed costs about
as much memory as a live record (benchmarks/RESULTS.md, row 8), and a history of 180 days
can hold far more; ``bcs-tui history`` lists them all."""


FLUSH_BEFORE_READING_S = 10.0
"""How long a read of the expectations waits for the writer (the first poll of 10,000 new
records takes about a second: benchmarks/RESULTS.md, row 16)."""


class DashboardHistory:
    def __init__(self, path: Path, *, keep_days: int) -> None:
        self.path = path
        self._keep_days = keep_days
        self._lock = threading.Lock()
        self._told: set[str] = set()
        self._kept: list[str] = []
        self._handler: Callable[[str], None] | None = None
        self._started: HistoryWriter | None = None

    @property
    def _writer(self) -> HistoryWriter:
        """Started on first use, not with the program: its thread opens (and may migrate
        or prune) the file, which must not compete with the first screen."""
        with self._lock:
            if self._started is None:
                self._started = HistoryWriter(self.path, keep_days=self._keep_days, warn=self._warn)
            return self._started

    def warnings_to(self, handler: Callable[[str], None]) -> None:
        """From now on each new warning goes to ``handler`` (called on the thread that
        warns); those from before go to it now."""
        with self._lock:
            self._handler, kept, self._kept = handler, self._kept, []
        for message in kept:
            handler(message)

    def submit(
        self,
        source: str,
        project_id: str,
        records: Sequence[OperationRecord],
        seen_at_ns: int,
    ) -> None:
        self._writer.submit(source, project_id, records, seen_at_ns)

    def load(self, live: frozenset[Identity] = frozenset()) -> list[StoredOperation]:
        """The newest ``LOADED_AT_MOST`` stored operations that are not ``live`` (blocking:
        run in a thread). The live ones, usually the newest stored, are never parsed."""
        # No pruning here (keep_days 0): the writer's own store prunes once at its start.
        store = HistoryStore.open(self.path, keep_days=0, warn=self._warn)
        if store is None:
            return []
        try:
            return store.newest_not_in(live, LOADED_AT_MOST)
        finally:
            store.close()

    def expectations(self) -> Expectations:
        """What the stored finished operations say (blocking: run in a thread). The store
        keeps them computed while no operation of a kind changes (milliseconds). The
        polls submitted before are written first, so the operations just seen count (the
        first start over a service's long list, or those that finished a moment ago)."""
        self._writer.flush(FLUSH_BEFORE_READING_S)
        store = HistoryStore.open(self.path, keep_days=0, warn=self._warn)
        if store is None:
            return EMPTY_EXPECTATIONS
        try:
            return store.expectations()
        finally:
            store.close()

    def close(self) -> None:
        with self._lock:
            writer, self._started = self._started, None
        if writer is not None:
            writer.close()

    def _warn(self, message: str) -> None:
        with self._lock:
            if message in self._told:
                return
            self._told.add(message)
            handler = self._handler
            if handler is None:
                self._kept.append(message)
        _log.warning("%s", message)
        if handler is not None:
            handler(message)
