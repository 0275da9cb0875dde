"""The cached sort must give exactly ``sort_records``' order, for every column, both
directions, as records change between calls."""

import copy

import pytest

from bcs_tui.api.models import parse_record
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core import sort_cache
from bcs_tui.core.listing import KeyedRecord, SortColumn, keyed_records, sort_records
from bcs_tui.core.sort_cache import SortKeyCache
from bcs_tui.core.timeline import record_span
from tests.core.view_records import EXAMPLE_NOW, example_raw


def _records(count: int, offset: int = 0) -> list[KeyedRecord]:
    out = []
    for index in range(count):
        raw = copy.deepcopy(example_raw())
        raw["operation_id"] = f"op-{index % 7}"  # repeated IDs: keys get "#2"
        raw["record_time"] = EXAMPLE_NOW - ((index * 37 + offset) % 11) * NS_PER_S
        raw["operation_status"] = ["processing", "finished", "failed", "waiting"][index % 4]
        raw["blockchain_name"] = f"chain-{(index * 5) % 3}"
        out.append(parse_record(raw))
    return keyed_records(out)


@pytest.mark.parametrize("column", list(SortColumn))
@pytest.mark.parametrize("reverse", [False, True])
def test_same_order_as_sort_records(column: SortColumn, reverse: bool) -> None:
    cache = SortKeyCache()
    first = _records(30)
    changed = first[:10] + _records(30, offset=3)[10:20] + first[20:]
    for records in (first, changed, changed[::-1], first):
        expected = sort_records(records, column, reverse=reverse, now=EXAMPLE_NOW)
        assert cache.sorted(records, column, reverse=reverse, now=EXAMPLE_NOW) == expected


def test_by_duration_only_running_keys_are_made_again_as_now_moves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = SortKeyCache()
    records = _records(40)
    later = EXAMPLE_NOW + 3600 * NS_PER_S
    for now in (EXAMPLE_NOW, later):
        expected = sort_records(records, SortColumn.DURATION, reverse=False, now=now)
        assert cache.sorted(records, SortColumn.DURATION, reverse=False, now=now) == expected
    made: list[str] = []
    real = sort_cache.record_sort_key

    def counted(item: KeyedRecord, column: SortColumn, now: int) -> tuple[object, ...]:
        made.append(item[0])
        return real(item, column, now)

    monkeypatch.setattr(sort_cache, "record_sort_key", counted)
    cache.sorted(records, SortColumn.DURATION, reverse=False, now=later + NS_PER_S)
    still_open = [
        key for key, record in records if record_span(record).start and not record_span(record).end
    ]
    assert still_open and sorted(made) == sorted(still_open)
