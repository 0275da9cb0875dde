"""What the dashboard reads records from: the real client, or anything shaped like it."""

from typing import Protocol

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList


class RecordSource(Protocol):
    """One call returns every matching record (the API has no pagination)."""

    async def list_records(self, filters: RecordFilters) -> RecordList: ...
