"""Which records the list shows and in what order: row keys, text filter, sort orders."""

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import cast

from bcs_tui.api.models import OperationRecord, operation_type_name, resource_type_name
from bcs_tui.base.status import Status
from bcs_tui.core.record_view import record_status_word
from bcs_tui.core.timeline import record_progress, record_span
from bcs_tui.core.where import where_search_parts

KeyedRecord = tuple[str, OperationRecord]

MISSING_ID_KEY = "(no operation ID)"


def keyed_records(records: Iterable[OperationRecord]) -> list[KeyedRecord]:
    """Each record with a unique key: its operation ID, made unique when the server repeats
    one or leaves it out (a table needs distinct row keys; the data is untrusted)."""
    records = list(records)
    ids = [record.operation_id for record in records]
    if all(ids) and len(set(ids)) == len(ids):
        # The usual case, at C speed: every record has an ID of its own.
        return list(zip(cast(list[str], ids), records, strict=True))
    seen: dict[str, int] = {}
    out: list[KeyedRecord] = []
    for record in records:
        base = record.operation_id if record.operation_id else MISSING_ID_KEY
        count = seen.get(base, 0) + 1
        seen[base] = count
        out.append((base if count == 1 else f"{base} #{count}", record))
    return out


def searchable_text(record: OperationRecord) -> str:
    """Everything the ``/`` filter looks at, lower-cased: ID, blockchain, status, type,
    and where it is (step, sub-step, the failure's message)."""
    parts = [
        record.operation_id,
        record.blockchain_name,
        record.blockchain_id,
        record.operation_status_text,
        record_status_word(record),
        record.operation_type,
        operation_type_name(record.operation_type),
        record.resource_type,
        resource_type_name(record.resource_type),
        *where_search_parts(record),
    ]
    return "\n".join(part for part in parts if part).lower()


def matches_text(record: OperationRecord, query: str) -> bool:
    """Every whitespace-separated word of ``query`` must appear somewhere (case-insensitive)."""
    haystack = searchable_text(record)
    return all(word in haystack for word in query.lower().split())


def filter_records(records: Iterable[KeyedRecord], query: str) -> list[KeyedRecord]:
    if not query.strip():
        return list(records)
    return [(key, record) for key, record in records if matches_text(record, query)]


class SortColumn(StrEnum):
    """Sort orders cycled by ``s``; ``DEFAULT`` is running first, then newest."""

    DEFAULT = "running first"
    STATUS = "status"
    OPERATION = "operation"
    BLOCKCHAIN = "blockchain"
    PROGRESS = "progress"
    DURATION = "duration"
    UPDATED = "updated"
    OPERATION_ID = "operation ID"


SORT_CYCLE: tuple[SortColumn, ...] = tuple(SortColumn)


def next_sort_column(current: SortColumn) -> SortColumn:
    index = SORT_CYCLE.index(current)
    return SORT_CYCLE[(index + 1) % len(SORT_CYCLE)]


_STATUS_RANK = {
    Status.PROCESSING: 0,
    Status.WAITING: 1,
    Status.FAILED: 2,
    Status.STOP: 3,
    Status.UNKNOWN: 4,
    Status.PENDING: 6,
    Status.FINISHED: 7,
}
_INVALID_RANK = 5

SortKey = tuple[object, ...]


def _default_key(key: str, record: OperationRecord) -> SortKey:
    running = record.operation_status.is_running
    return (not running, -(record.record_time or 0), key)


def _column_key(column: SortColumn, record: OperationRecord, now: int) -> SortKey:
    if column is SortColumn.STATUS:
        rank = _STATUS_RANK[record.operation_status] if record.is_valid else _INVALID_RANK
        return (rank,)
    if column is SortColumn.OPERATION:
        return (operation_type_name(record.operation_type).lower(),)
    if column is SortColumn.BLOCKCHAIN:
        return ((record.blockchain_name or record.blockchain_id or "").lower(),)
    if column is SortColumn.PROGRESS:
        progress = record_progress(record)
        # Fraction compared exactly by cross-multiplying is overkill; a scaled int will do.
        return (progress.finished * 1_000_000 // max(progress.total, 1), progress.total)
    if column is SortColumn.DURATION:
        duration = record_span(record).duration(now)
        return (-1 if duration is None else duration,)
    if column is SortColumn.UPDATED:
        return (-(record.record_time or 0),)
    if column is SortColumn.OPERATION_ID:
        return ((record.operation_id or "").lower(),)
    return ()


def sort_records(
    records: Sequence[KeyedRecord], column: SortColumn, *, reverse: bool, now: int
) -> list[KeyedRecord]:
    """A stable order: the chosen column first, ties broken by the default order."""

    def sort_key(item: KeyedRecord) -> SortKey:
        key, record = item
        return _column_key(column, record, now) + _default_key(key, record)

    return sorted(records, key=sort_key, reverse=reverse)


def record_sort_key(item: KeyedRecord, column: SortColumn, now: int) -> SortKey:
    """What ``sort_records`` sorts ``item`` by (for callers that remember keys per record;
    see ``core/sort_cache.py``). Only ``SortColumn.DURATION`` depends on ``now``."""
    key, record = item
    return _column_key(column, record, now) + _default_key(key, record)
