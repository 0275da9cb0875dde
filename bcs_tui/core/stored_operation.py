"""An operation as the local history keeps it: the record in its last seen form, which source
it came from, and when it was first and last seen.

The history store (``bcs_tui.history``) reads and writes these; the dashboard's state shows
those the service no longer returns (``H``) and the expectations are computed from the
finished ones. Times are integer nanoseconds since the epoch, as the API's."""

from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord


@dataclass(frozen=True, slots=True)
class StoredOperation:
    source: str
    """The name of the source it was seen in (``SourceSettings.name``)."""
    project_id: str
    """The project it was listed in: with the operation ID, what identifies it."""
    record: OperationRecord
    first_seen_ns: int
    last_seen_ns: int

    @property
    def operation_id(self) -> str | None:
        return self.record.operation_id
