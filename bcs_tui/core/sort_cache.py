"""``sort_records`` with each record's sort key remembered, so a poll that changed a few
of 10,000 records does not recompute 10,000 keys (29 ms of a 56 ms refresh in the profile
of benchmarks/RESULTS.md, row 5).

Records are immutable and unchanged ones keep their identity across polls, so a key is
valid for as long as the record object is the same. The duration of an operation still
running depends on "now": its key is never cached.
"""

from collections.abc import Callable, Sequence

from bcs_tui.base.timefmt import is_set
from bcs_tui.core.listing import KeyedRecord, SortColumn, SortKey, record_sort_key
from bcs_tui.core.timeline import record_span


class SortKeyCache:
    def __init__(self) -> None:
        self._column: tuple[SortColumn, bool] | None = None
        self._keys: dict[tuple[str, int], tuple[object, SortKey]] = {}
        self._durations: dict[tuple[str, int], tuple[object, SortKey]] = {}
        """The duration keys of records whose duration no longer moves (``_by_duration``)."""

    def sorted(
        self, records: Sequence[KeyedRecord], column: SortColumn, *, reverse: bool, now: int
    ) -> list[KeyedRecord]:
        """The same list ``sort_records(records, column, reverse=reverse, now=now)`` gives."""
        return self.sorted_with_keys(records, column, reverse=reverse, now=now)[0]

    def sorted_with_keys(
        self,
        records: Sequence[KeyedRecord],
        column: SortColumn,
        *,
        reverse: bool,
        now: int,
        group: Callable[[str], str | None] | None = None,
    ) -> tuple[list[KeyedRecord], list[SortKey]]:
        """``sorted`` and each item's sort key, in that order (every key ends with the
        unique row key, so no two are equal: the order is the keys' order, and a record
        can be placed in it by bisection, see ``core/visible_list.py``). ``group``: each
        row key's group (its source), sorted by before ``column``."""
        if group is not None:
            return self._grouped(records, column, reverse=reverse, now=now, group=group)
        if column is SortColumn.DURATION:
            return self._by_duration(records, reverse=reverse, now=now)
        if self._column != (column, False):
            self._column, self._keys = (column, False), {}
        old = self._keys
        kept: dict[tuple[str, int], tuple[object, SortKey]] = {}
        keys: list[SortKey] = []
        for item in records:
            slot = (item[0], id(item[1]))
            entry = old.get(slot)
            if entry is None or entry[0] is not item[1]:
                entry = (item[1], record_sort_key(item, column, now))
            kept[slot] = entry
            keys.append(entry[1])
        self._keys = kept
        order = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
        return [records[index] for index in order], [keys[index] for index in order]

    def _by_duration(
        self, records: Sequence[KeyedRecord], *, reverse: bool, now: int
    ) -> tuple[list[KeyedRecord], list[SortKey]]:
        """By duration, which the clock's every tick sorts again: only a span still open
        (started, not ended) reads differently as "now" moves, so the keys of the others
        are kept (a long history lists 100,000 operations that ended long ago)."""
        old = self._durations
        kept: dict[tuple[str, int], tuple[object, SortKey]] = {}
        keys: list[SortKey] = []
        for item in records:
            record = item[1]
            slot = (item[0], id(record))
            entry = old.get(slot)
            if entry is not None and entry[0] is record:
                kept[slot] = entry
                keys.append(entry[1])
                continue
            key = record_sort_key(item, SortColumn.DURATION, now)
            span = record_span(record)
            if span.start is None or not is_set(span.start) or is_set(span.end):
                kept[slot] = (record, key)
            keys.append(key)
        self._durations = kept
        order = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
        return [records[index] for index in order], [keys[index] for index in order]

    def _grouped(
        self,
        records: Sequence[KeyedRecord],
        column: SortColumn,
        *,
        reverse: bool,
        now: int,
        group: Callable[[str], str | None],
    ) -> tuple[list[KeyedRecord], list[SortKey]]:
        """Sorted by group first (sorting by source is a choice among several sources:
        nothing is cached for it)."""
        self._column, self._keys = None, {}
        fresh = [grouped_sort_key(item, column, now, group) for item in records]
        order = sorted(range(len(fresh)), key=fresh.__getitem__, reverse=reverse)
        return [records[index] for index in order], [fresh[index] for index in order]


def grouped_sort_key(
    item: KeyedRecord, column: SortColumn, now: int, group: Callable[[str], str | None]
) -> SortKey:
    """``record_sort_key`` after the item's group (lower-cased)."""
    return ((group(item[0]) or "").lower(), *record_sort_key(item, column, now))
