"""A record replaced by a poll takes its place in the sorted list without a re-sort: the
one that sorts as before stays where it is, one that moved is taken out and put back where
its sort key goes. Either way the list must be exactly what a whole sort gives."""

import random

import pytest

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.listing import (
    KeyedRecord,
    SortColumn,
    keyed_records,
    searchable_text,
    sort_records,
)
from bcs_tui.core.text_filter import filter_texts
from bcs_tui.core.visible_list import VisibleList, insertion_point
from tests.core.view_records import EXAMPLE_NOW, example_record

STATUSES = ["processing", "finished", "failed", "waiting", "stop"]


def _record(rng: random.Random, operation_id: str) -> OperationRecord:
    # Few distinct values: many ties on every column, broken by the default order.
    return example_record(
        operation_id=operation_id,
        operation_status=rng.choice(STATUSES),
        record_time=EXAMPLE_NOW - rng.randrange(4) * NS_PER_S,
        blockchain_name=rng.choice(["alpha", "bravo", "Alpha"]),
    )


def _loaded(
    rng: random.Random, column: SortColumn, reverse: bool
) -> tuple[VisibleList, list[KeyedRecord]]:
    records = keyed_records(_record(rng, f"op-{index:02d}") for index in range(40))
    visible = VisibleList()
    visible.set_records(records)
    visible.items(column, reverse=reverse, search="", now=EXAMPLE_NOW)
    return visible, records


def _replace_some(
    rng: random.Random,
    visible: VisibleList,
    records: list[KeyedRecord],
    column: SortColumn,
    reverse: bool,
    count: int,
) -> tuple[list[KeyedRecord], set[int] | None]:
    records = list(records)
    replaced = []
    for index in rng.sample(range(len(records)), count):
        key, before = records[index]
        after = _record(rng, key)
        records[index] = (key, after)
        replaced.append((key, before, after))
    return records, visible.replace(records, replaced, column, reverse=reverse, now=EXAMPLE_NOW)


ORDERED = [column for column in SortColumn if column is not SortColumn.DURATION]


@pytest.mark.parametrize("column", ORDERED)
@pytest.mark.parametrize("reverse", [False, True])
def test_replaced_records_land_where_a_whole_sort_puts_them(
    column: SortColumn, reverse: bool
) -> None:
    rng = random.Random(f"{column}-{reverse}")
    visible, records = _loaded(rng, column, reverse)
    for _ in range(30):
        before = list(visible.items(column, reverse=reverse, search="", now=EXAMPLE_NOW))
        records, places = _replace_some(rng, visible, records, column, reverse, rng.randint(1, 3))
        assert places is not None
        after = visible.items(column, reverse=reverse, search="", now=EXAMPLE_NOW)
        assert list(after) == sort_records(records, column, reverse=reverse, now=EXAMPLE_NOW)
        # Every place whose item changed is reported (a few more may be).
        assert {
            i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new
        } <= places


@pytest.mark.parametrize("prepared", [False, True])
def test_a_replaced_record_is_matched_by_its_new_text(prepared: bool) -> None:
    """Whether the search texts were built before the records were replaced (after the
    first paint) or are built by the search itself."""
    rng = random.Random(7)
    column = SortColumn.DEFAULT
    visible, records = _loaded(rng, column, False)
    if prepared:
        visible.prepare_search()
    for query in ("alpha", "bravo running", "failed"):
        records, places = _replace_some(rng, visible, records, column, False, 4)
        assert places is not None
        whole = sort_records(records, column, reverse=False, now=EXAMPLE_NOW)
        texts = [searchable_text(record) for _, record in whole]
        shown = visible.items(column, reverse=False, search=query, now=EXAMPLE_NOW)
        assert list(shown) == list(filter_texts(whole, texts, query))


def test_the_duration_order_and_an_order_never_built_are_refused() -> None:
    rng = random.Random(3)
    visible, records = _loaded(rng, SortColumn.DURATION, False)
    key, before = records[0]
    after = _record(rng, key)
    moved = [(key, before, after)]
    assert visible.replace(records, moved, SortColumn.DURATION, reverse=False, now=0) is None
    fresh = VisibleList()
    fresh.set_records(records)
    assert fresh.replace(records, moved, SortColumn.DEFAULT, reverse=False, now=0) is None


@pytest.mark.parametrize("reverse", [False, True])
def test_insertion_point_in_either_direction(reverse: bool) -> None:
    keys: list[tuple[object, ...]] = [(1, "a"), (1, "c"), (3, "b")]
    if reverse:
        keys.reverse()
    for key in [(0, "z"), (1, "b"), (2, "a"), (4, "a")]:
        place = insertion_point(keys, key, reverse=reverse)
        placed = [*keys[:place], key, *keys[place:]]
        assert placed == sorted(placed, reverse=reverse)
