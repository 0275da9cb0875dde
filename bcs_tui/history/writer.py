"""The dashboard's history writes, on a thread of their own.

``submit`` is a queue put: it never waits on the disk, never raises, so a poll's cost on the
UI's event loop is one method call. The thread opens its own ``HistoryStore`` (an SQLite
connection belongs to the thread that uses it) and writes each submitted poll in one
transaction. ``warn`` is called on that thread: the caller makes it safe to call from there
(the app hands it ``call_from_thread``)."""

import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bcs_tui.api.models import OperationRecord
from bcs_tui.history.store import HistoryStore, Warn

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Poll:
    source: str
    project_id: str
    records: Sequence[OperationRecord]
    seen_at_ns: int


_STOP = object()


class HistoryWriter:
    """A daemon thread owning one store connection; ``close`` flushes, then stops it."""

    def __init__(self, path: Path, *, keep_days: int, warn: Warn) -> None:
        self.path = path
        self.written_polls = 0
        """Polls the thread has finished with (written, or dropped by a store turned off)."""
        self.rows_written = 0
        self.submitted_polls = 0
        """Polls handed to the thread so far (``flush`` waits for these)."""
        self._keep_days = keep_days
        self._warn = warn
        self._queue: queue.SimpleQueue[_Poll | object] = queue.SimpleQueue()
        self._done = threading.Condition()
        self._stopped = False
        """The thread has ended: nothing more will be written, so nothing waits for it."""
        self._thread = threading.Thread(target=self._run, name="bcs-tui history", daemon=True)
        self._thread.start()

    def submit(
        self,
        source: str,
        project_id: str,
        records: Sequence[OperationRecord],
        seen_at_ns: int,
    ) -> None:
        """Hands a poll to the thread and returns at once. ``records`` must not change
        afterwards (the dashboard's lists are replaced, never edited)."""
        self.submitted_polls += 1
        self._queue.put(_Poll(source, project_id, records, seen_at_ns))

    def flush(self, timeout_s: float) -> bool:
        """Waits until every poll submitted so far is written; False on timeout."""
        return self.wait_written(self.submitted_polls, timeout_s)

    def wait_written(self, polls: int, timeout_s: float) -> bool:
        """Waits until ``polls`` polls in all have been written; False on timeout (tests,
        benchmarks)."""
        with self._done:
            return self._done.wait_for(
                lambda: self.written_polls >= polls or self._stopped, timeout_s
            )

    def close(self, timeout_s: float = 5.0) -> None:
        """Writes what was submitted (for up to ``timeout_s``), then stops the thread."""
        self._queue.put(_STOP)
        self._thread.join(timeout_s)

    def _run(self) -> None:
        store: HistoryStore | None = None
        try:
            try:
                store = HistoryStore.open(self.path, keep_days=self._keep_days, warn=self._warn)
            except Exception:
                # Like a bug in a write (below): logged, and the thread goes on dropping
                # polls, so no flush waits on a thread that is gone.
                _log.exception("history: the file could not be opened")
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                assert isinstance(item, _Poll)
                written = 0
                if store is not None:
                    try:
                        written = store.write_seen(
                            item.source, item.project_id, item.records, item.seen_at_ns
                        )
                    except Exception:
                        # A bug here must not end the thread silently with polls queued
                        # behind it: logged, the poll dropped, the next one written.
                        _log.exception("history: a poll could not be written")
                with self._done:
                    self.written_polls += 1
                    self.rows_written += written
                    self._done.notify_all()
        finally:
            if store is not None:
                store.close()
            with self._done:
                self._stopped = True
                self._done.notify_all()
