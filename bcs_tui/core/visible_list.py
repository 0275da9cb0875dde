"""The records the list shows, in order: every record sorted once per change of the records
or of the order, with its search text alongside, so a keystroke only filters that list in
one pass (filtering keeps the order: nothing is sorted per keystroke)."""

from collections.abc import Sequence

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.listing import KeyedRecord, SortColumn, record_sort_key
from bcs_tui.core.sort_cache import SortKeyCache
from bcs_tui.core.text_filter import SearchTexts, filter_texts


class VisibleList:
    def __init__(self) -> None:
        self._records: list[KeyedRecord] = []
        self._texts = SearchTexts()
        self._sort_keys = SortKeyCache()
        self._ordered: list[KeyedRecord] | None = None
        self._ordered_texts: list[str] = []
        self._positions: dict[str, int] | None = None
        """Where each key is in ``_ordered``; built on the first ``replace`` after a sort."""

    def set_records(self, records: list[KeyedRecord]) -> None:
        """New records: search texts are built for new record objects only."""
        self._records = records
        self._texts.update(records)
        self._ordered = None

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
            ordered = self._sort_keys.sorted(self._records, column, reverse=reverse, now=now)
            self._ordered = ordered
            self._ordered_texts = [self._texts.text(record) for _, record in ordered]
            self._positions = None
        return filter_texts(ordered, self._ordered_texts, search)

    def replace(
        self,
        records: list[KeyedRecord],
        replaced: Sequence[tuple[str, OperationRecord, OperationRecord]],
        column: SortColumn,
        now: int,
    ) -> list[int] | None:
        """``records`` are the last ones with some records replaced, each (key, before,
        after). When each sorts as the one it replaces, the order cannot change: each takes
        its predecessor's place, and the places (in the unfiltered order) are returned.
        Otherwise ``None``, and nothing changed here: call ``set_records``."""
        ordered = self._ordered
        if ordered is None or column is SortColumn.DURATION:
            return None
        for key, before, after in replaced:
            if record_sort_key((key, before), column, now) != record_sort_key(
                (key, after), column, now
            ):
                return None
        positions = self._positions
        if positions is None:
            positions = {key: index for index, (key, _) in enumerate(ordered)}
            self._positions = positions
        ordered, texts = list(ordered), list(self._ordered_texts)
        places = []
        for key, _, after in replaced:
            place = positions[key]
            ordered[place] = (key, after)
            texts[place] = self._texts.text(after)
            places.append(place)
        self._records, self._ordered, self._ordered_texts = records, ordered, texts
        return places


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
