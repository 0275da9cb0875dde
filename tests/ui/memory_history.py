"""An in-memory ``HistoryAccess`` for the dashboard's tests: it remembers what was submitted
and serves the stored operations it was given; its ``load`` can be held until released."""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bcs_tui.api.models import OperationRecord, parse_record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.expectations import Expectations
from bcs_tui.core.history_rows import Identity
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from tests.ui.support import FROZEN_AT

Submitted = tuple[str, str, list[str | None], int]
"""(source, project ID, the submitted records' operation IDs, seen at)."""


def stored(
    payload: dict[str, Any],
    *,
    project_id: str = DEFAULT_PROJECT_ID,
    source: str = "test",
    hours_ago: int = 3,
) -> StoredOperation:
    """The record of ``payload`` (``record_payload``) as stored, last seen ``hours_ago``."""
    record = parse_record_list({"operation_records": [payload]}).records[0]
    seen = FROZEN_AT - hours_ago * 3600 * NS_PER_S
    return StoredOperation(source, project_id, record, seen - 600 * NS_PER_S, seen)


@dataclass
class MemoryHistory:
    operations: list[StoredOperation] = field(default_factory=list)
    submitted: list[Submitted] = field(default_factory=list)
    submitted_records: list[Sequence[OperationRecord]] = field(default_factory=list)
    release: threading.Event | None = None
    """When set, ``load`` blocks until it is released (``set``)."""
    load_threads: list[threading.Thread] = field(default_factory=list)
    loaded_live: list[frozenset[Identity]] = field(default_factory=list)
    """What each ``load`` was told is live."""
    closed: int = 0
    warnings: list[str] = field(default_factory=list)
    """Told to the app's handler once it gives one."""
    expectation_loads: int = 0

    def expectations(self) -> Expectations:
        self.expectation_loads += 1
        return Expectations.build(self.operations)

    def warnings_to(self, handler: Callable[[str], None]) -> None:
        for message in self.warnings:
            handler(message)

    def submit(
        self,
        source: str,
        project_id: str,
        records: Sequence[OperationRecord],
        seen_at_ns: int,
    ) -> None:
        ids = [record.operation_id for record in records]
        self.submitted.append((source, project_id, ids, seen_at_ns))
        self.submitted_records.append(records)

    def load(self, live: frozenset[Identity] = frozenset()) -> list[StoredOperation]:
        """As the real one: the stored operations that are not ``live``."""
        self.load_threads.append(threading.current_thread())
        self.loaded_live.append(live)
        if self.release is not None and not self.release.wait(10):
            raise TimeoutError("the test never released the load")
        return [one for one in self.operations if (one.project_id, one.operation_id) not in live]

    def close(self) -> None:
        self.closed += 1
