"""The records the list shows, in order: every record sorted once per change of the records
or of the order, with its search text alongside, so a keystroke only filters that list in
one pass (filtering keeps the order: nothing is sorted per keystroke)."""

import bisect
from collections.abc import Callable, Sequence

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.listing import KeyedRecord, SortColumn, SortKey, record_sort_key
from bcs_tui.core.sort_cache import SortKeyCache, grouped_sort_key
from bcs_tui.core.text_filter import SearchTexts, filter_texts, query_words


class VisibleList:
    def __init__(self, source_of: Callable[[str], str | None] | None = None) -> None:
        self._source_of = source_of
        """With several sources, a record's source name is searched too."""
        self.by_source = False
        """Sorted by source first (``set_by_source``), with several sources."""
        self._records: list[KeyedRecord] = []
        self._texts = SearchTexts()
        self._sort_keys = SortKeyCache()
        self._ordered: list[KeyedRecord] | None = None
        self._ordered_texts: list[str] | None = None
        """Each ordered item's search text; built on the first search (or
        ``prepare_search``) after a sort, not before the first records are painted."""
        self._ordered_keys: list[SortKey] = []
        """Each ordered item's sort key (``record_sort_key``), for placing a moved one."""
        self._positions: dict[str, int] | None = None
        """Where each key is in ``_ordered``; built on the first ``replace`` after a sort."""

    def set_records(self, records: list[KeyedRecord]) -> None:
        """New records: their search texts are built when first needed, for new record
        objects only."""
        self._records = records
        self._ordered = None

    def set_by_source(self, by_source: bool) -> None:
        self.by_source = by_source and self._source_of is not None
        self._ordered = None

    def _sort_key(self, item: KeyedRecord, column: SortColumn, now: int) -> SortKey:
        if self.by_source and self._source_of is not None:
            return grouped_sort_key(item, column, now, self._source_of)
        return record_sort_key(item, column, now)

    def reorder(self) -> None:
        """The order changed (another column, direction, or "now" for the duration)."""
        self._ordered = None

    def items(
        self, column: SortColumn, *, reverse: bool, search: str, now: int
    ) -> Sequence[KeyedRecord]:
        """The records matching ``search`` in the order of ``column``. ``column``,
        ``reverse`` and ``now`` must be those of the last ``reorder`` or ``set_records``."""
        ordered = self._ordered
        if ordered is None:
            group = self._source_of if self.by_source else None
            ordered, self._ordered_keys = self._sort_keys.sorted_with_keys(
                self._records, column, reverse=reverse, now=now, group=group
            )
            self._ordered = ordered
            self._ordered_texts = None
            self._positions = None
        if not query_words(search):
            return ordered
        return filter_texts(ordered, self._search_texts(ordered), search)

    def prepare_search(self) -> None:
        """Build the search texts of the ordered records now (after the first paint), so
        the first keystroke of a search does not pay for them."""
        if self._ordered is not None:
            self._search_texts(self._ordered)

    def prepare_texts(self, items: Sequence[KeyedRecord]) -> None:
        """Build the search texts of records about to be listed (history rows, ahead of
        ``H``); they are kept while those records are listed."""
        for _, record in items:
            self._texts.text(record)

    def _search_texts(self, ordered: list[KeyedRecord]) -> list[str]:
        texts = self._ordered_texts
        if texts is None:
            self._texts.update(self._records)
            if self._source_of is None:
                texts = [self._texts.text(record) for _, record in ordered]
            else:
                texts = [self._text(item) for item in ordered]
            self._ordered_texts = texts
        return texts

    def replace(
        self,
        records: list[KeyedRecord],
        replaced: Sequence[tuple[str, OperationRecord, OperationRecord]],
        column: SortColumn,
        *,
        reverse: bool,
        now: int,
        clock_moved: bool = False,
    ) -> set[int] | None:
        """``records`` are the last ones with some records replaced, each (key, before,
        after), in the order last given to ``items`` (``column``, ``reverse``).
        ``clock_moved``: by duration, the records whose duration moves with "now" (the
        running ones), each as (key, record, record), re-placed at ``now``: the others'
        keys do not move. A record
        that sorts as the one it replaces takes its place; one that sorts elsewhere is
        taken out and put back where its sort key goes (the very order a whole sort gives:
        no two keys are equal). Returns the places (in the unfiltered order) whose item
        changed, at the cost of the records replaced and the places they moved across; or
        ``None`` when the order depends on "now" (duration) or was never built, and then
        nothing changed here: call ``set_records``."""
        ordered = self._ordered
        if ordered is None or (column is SortColumn.DURATION and not clock_moved):
            return None
        positions = self._positions
        if positions is None:
            positions = {key: index for index, (key, _) in enumerate(ordered)}
            self._positions = positions
        # New lists, not edits in place: views handed out keep what they showed.
        ordered, keys = list(ordered), list(self._ordered_keys)
        texts = None if self._ordered_texts is None else list(self._ordered_texts)
        places: set[int] = set()
        for key, before, after in replaced:
            place = positions[key]
            sort_key = self._sort_key((key, after), column, now)
            if sort_key == keys[place]:
                ordered[place] = (key, after)
                if texts is not None and before is not after:
                    texts[place] = self._replace_text(key, before, after)
                places.add(place)
                continue
            del ordered[place], keys[place]
            target = insertion_point(keys, sort_key, reverse=reverse)
            ordered.insert(target, (key, after))
            keys.insert(target, sort_key)
            if texts is not None:
                text = texts.pop(place)
                if before is not after:
                    text = self._replace_text(key, before, after)
                texts.insert(target, text)
            low, high = min(place, target), max(place, target)
            for index in range(low, high + 1):
                positions[ordered[index][0]] = index
            places.update(range(low, high + 1))
        self._records, self._ordered = records, ordered
        self._ordered_texts, self._ordered_keys = texts, keys
        return places

    def add_remove(
        self,
        records: list[KeyedRecord],
        added: Sequence[KeyedRecord],
        removed: Sequence[KeyedRecord],
        column: SortColumn,
        *,
        reverse: bool,
        now: int,
    ) -> bool:
        """``records`` are the last ones with ``removed`` gone and ``added`` new (under
        keys not listed before): each goes out of or into the order last given to
        ``items`` where its sort key says, at the cost of those records (and of moving the
        references after them along, at C speed). False when the order depends on "now"
        (duration) or was never built, and then nothing changed here: call
        ``set_records``."""
        ordered = self._ordered
        if ordered is None or column is SortColumn.DURATION:
            return False
        positions = self._positions
        if positions is None:
            positions = {key: index for index, (key, _) in enumerate(ordered)}
        ordered, keys = list(ordered), list(self._ordered_keys)
        texts = None if self._ordered_texts is None else list(self._ordered_texts)
        for place in sorted((positions[key] for key, _ in removed), reverse=True):
            del ordered[place], keys[place]
            if texts is not None:
                del texts[place]
        for _, record in removed:
            self._texts.forget(record)
        for item in added:
            sort_key = self._sort_key(item, column, now)
            target = insertion_point(keys, sort_key, reverse=reverse)
            ordered.insert(target, item)
            keys.insert(target, sort_key)
            if texts is not None:
                texts.insert(target, self._text(item))
        self._records, self._ordered = records, ordered
        self._ordered_texts, self._ordered_keys = texts, keys
        self._positions = None  # every place after the first change moved
        return True

    def _replace_text(self, key: str, before: OperationRecord, after: OperationRecord) -> str:
        self._texts.forget(before)
        return self._text((key, after))

    def _text(self, item: KeyedRecord) -> str:
        text = self._texts.text(item[1])
        if self._source_of is None:
            return text
        return f"{text}\n{(self._source_of(item[0]) or '').lower()}"


def insertion_point(keys: Sequence[SortKey], key: SortKey, *, reverse: bool) -> int:
    """Where ``key`` goes in ``keys``, which are in ascending order (descending if
    ``reverse``) and none of which equals it."""
    if not reverse:
        return bisect.bisect_left(keys, key)
    low, high = 0, len(keys)
    while low < high:
        middle = (low + high) // 2
        if keys[middle] > key:
            low = middle + 1
        else:
            high = middle
    return low


def place_selection(
    selected: str | None,
    previous: Sequence[KeyedRecord],
    visible: Sequence[KeyedRecord],
    *,
    first_match: bool,
) -> str | None:
    """Where the selection goes when the visible list changes from ``previous`` to
    ``visible``: it stays if still listed; else on the first row (``first_match``, after a
    search, or when nothing was selected) or on the row now where it was."""
    if selected is not None and any(key == selected for key, _ in visible):
        return selected
    if not visible:
        return None
    if first_match or selected is None:
        return visible[0][0]
    old_index = next((i for i, (key, _) in enumerate(previous) if key == selected), 0)
    return visible[min(old_index, len(visible) - 1)][0]
