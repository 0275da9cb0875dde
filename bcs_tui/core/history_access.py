"""What the dashboard asks of the local history (``bcs_tui.history``), as a Protocol: the
app depends on this shape alone, so it is tested with an in-memory one and the real store
(a writer thread over SQLite) is plugged in by the command line."""

from collections.abc import Callable, Sequence
from typing import Protocol

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.expectations import Expectations
from bcs_tui.core.history_rows import Identity
from bcs_tui.core.stored_operation import StoredOperation


class HistoryAccess(Protocol):
    def submit(
        self,
        source: str,
        project_id: str,
        records: Sequence[OperationRecord],
        seen_at_ns: int,
    ) -> None:
        """The records one poll of ``source`` (of ``project_id``) returned at
        ``seen_at_ns``. Called on the UI's event loop: returns at once (the real one
        queues them for its writer thread, which compares and writes), never raises."""
        ...

    def load(self, live: frozenset[Identity]) -> list[StoredOperation]:
        """The newest stored operations that are not ``live`` (listed by the service now:
        the list shows those anyway), as many as the dashboard lists at most. Blocking:
        the app runs it in a thread."""
        ...

    def expectations(self) -> Expectations:
        """What the finished operations stored say each kind usually takes. Blocking: the
        app runs it in a thread, at start-up and again after operations finish."""
        ...

    def warnings_to(self, handler: Callable[[str], None]) -> None:
        """Where the history's warnings go (a file moved aside, a disk that cannot be
        written), each once; ``handler`` may be called on any thread."""
        ...

    def close(self) -> None:
        """Flush what was submitted and stop; called once as the dashboard exits."""
        ...
