"""What changed on screen since the last render, as ``DashboardState.take_changes`` reports
it, so the app redraws only that."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from bcs_tui.core.diffing import Transition
from bcs_tui.core.record_view import RowView


@dataclass(frozen=True)
class RowDiff:
    """How the visible rows differ from the rows last rendered, by row key."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    """Rows in both whose view (some cell text or the style) differs."""
    reordered: bool = False
    """The rows in both are in another order."""
    since: tuple[Sequence[RowView], tuple[int, ...]] | None = field(default=None, compare=False)
    """``(rows, places)`` when known: the rows now are ``rows`` (the very list last
    reported) but at ``places`` (ascending), with the same keys everywhere, so a list
    widget can follow at the cost of those places instead of comparing every row."""

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.reordered)


NO_ROW_CHANGES = RowDiff()


def diff_row_views(old: Sequence[RowView], new: Sequence[RowView]) -> RowDiff:
    """One pass over each list. Unchanged rows are the very same ``RowView`` objects
    (``core/row_cache.py``), so identity says "unchanged" without comparing cells."""
    if old is new:
        return NO_ROW_CHANGES
    before = {row.key: row for row in old}
    added: list[str] = []
    changed: list[str] = []
    kept_new: list[str] = []
    for row in new:
        previous = before.get(row.key)
        if previous is None:
            added.append(row.key)
            continue
        kept_new.append(row.key)
        if previous is not row and previous != row:
            changed.append(row.key)
    old_keys = list(before) if len(before) == len(old) else [row.key for row in old]
    listed = set(kept_new)
    if len(listed) == len(before):  # every old key is listed still
        removed: tuple[str, ...] = ()
        kept_old = old_keys
    else:
        removed = tuple(key for key in old_keys if key not in listed)
        kept_old = [key for key in old_keys if key in listed]
    return RowDiff(tuple(added), removed, tuple(changed), reordered=kept_old != kept_new)


@dataclass(frozen=True)
class ViewChanges:
    """What to redraw; taken (and cleared) with ``DashboardState.take_changes``."""

    rows: RowDiff
    move_cursor: bool
    """The state moved the selection itself (its record was filtered out or went away):
    the list must put its cursor on ``DashboardState.selected_key``."""
    detail: bool
    """The detail of the selected record (or what shows instead of it) reads differently."""
    header: bool
    transitions: tuple[Transition, ...]
    """Operations that appeared, ended or changed status since the last report, to announce
    (or log) once."""

    @property
    def list_changed(self) -> bool:
        """The list widget must be synced with ``DashboardState.rows``."""
        return self.rows.any or self.move_cursor
