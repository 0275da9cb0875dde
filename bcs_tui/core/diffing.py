"""What changed between two polls, keyed by row key (the operation ID), so the table
touches only the rows and cells that changed and the user hears about transitions."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bcs_tui.api.models import OperationRecord, operation_type_name
from bcs_tui.base.safe_text import safe_text
from bcs_tui.core.record_view import RowView, record_status_word


@dataclass(frozen=True)
class RowChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed_cells: Mapping[str, tuple[str, ...]]
    """Row key -> the column keys whose text changed (rows present in both polls)."""


def diff_rows(old: Mapping[str, RowView], new: Mapping[str, RowView]) -> RowChanges:
    added = tuple(key for key in new if key not in old)
    removed = tuple(key for key in old if key not in new)
    changed: dict[str, tuple[str, ...]] = {}
    for key, row in new.items():
        before = old.get(key)
        if before is None or before is row:
            continue
        columns = tuple(c for c, text in row.cells.items() if before.cells.get(c) != text)
        if columns:
            changed[key] = columns
    return RowChanges(added=added, removed=removed, changed_cells=changed)


class TransitionKind(StrEnum):
    APPEARED = "appeared"
    ENDED = "ended"
    CHANGED = "changed"
    """Another change of status (waiting -> processing): logged, not announced."""


@dataclass(frozen=True)
class Transition:
    kind: TransitionKind
    key: str
    record: OperationRecord
    before: OperationRecord | None = None
    """The record as last seen (``None`` for one that appeared)."""
    source: str = ""
    """The name of its source, with several sources ("" with one)."""

    @property
    def ended(self) -> bool:
        """An ending to announce: one that ended since the last poll, or one first seen
        already ended (it started and ended between two polls)."""
        if self.kind is TransitionKind.ENDED:
            return True
        return self.kind is TransitionKind.APPEARED and self.record.operation_status.is_ended

    def title(self) -> str:
        if self.kind is TransitionKind.APPEARED and not self.ended:
            return "New operation"
        return f"Operation {record_status_word(self.record)}"

    def text(self) -> str:
        """One line naming the operation, already made safe to show."""
        record = self.record
        what = operation_type_name(record.operation_type) or "operation"
        where = record.blockchain_name or record.blockchain_id or "?"
        text = f"{what} on {where} ({record.operation_id or self.key})"
        return safe_text(f"{self.source}: {text}" if self.source else text)


def transitions(
    old: Mapping[str, OperationRecord], new: Mapping[str, OperationRecord]
) -> list[Transition]:
    """New records, records that moved into finished / failed / stop since last poll, and
    records whose status changed otherwise."""
    found: list[Transition] = []
    for key, record in new.items():
        before = old.get(key)
        if before is None:
            found.append(Transition(TransitionKind.APPEARED, key, record))
        elif record.operation_status != before.operation_status:
            ended = record.operation_status.is_ended
            kind = TransitionKind.ENDED if ended else TransitionKind.CHANGED
            found.append(Transition(kind, key, record, before))
    return found
