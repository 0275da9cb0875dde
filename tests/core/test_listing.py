from bcs_tui.api.models import parse_record
from bcs_tui.core.listing import (
    MISSING_ID_KEY,
    SORT_CYCLE,
    SortColumn,
    filter_records,
    keyed_records,
    matches_text,
    next_sort_column,
    sort_records,
)
from tests.core.view_records import EXAMPLE_NOW, example_record


def _record(op_id: str, status: str, time: int, chain: str = "c", op_type: str = "99") -> object:
    return parse_record(
        {
            "operation_id": op_id,
            "operation_status": status,
            "record_time": time,
            "blockchain_name": chain,
            "operation_type": op_type,
        }
    )


def _keys(items: list) -> list[str]:  # type: ignore[type-arg]
    return [key for key, _ in items]


def test_keys_are_operation_ids_made_unique() -> None:
    records = [parse_record({"operation_id": "a"}), parse_record({"operation_id": "a"})]
    records.append(parse_record({}))
    assert _keys(keyed_records(records)) == ["a", "a #2", MISSING_ID_KEY]


def test_default_order_is_running_first_then_newest() -> None:
    records = keyed_records(
        [
            _record("old-done", "finished", 100),
            _record("new-done", "finished", 300),
            _record("old-running", "processing", 50),
            _record("waiting", "waiting", 200),
        ]
    )
    ordered = sort_records(records, SortColumn.DEFAULT, reverse=False, now=EXAMPLE_NOW)
    assert _keys(ordered) == ["waiting", "old-running", "new-done", "old-done"]
    reversed_ = sort_records(records, SortColumn.DEFAULT, reverse=True, now=EXAMPLE_NOW)
    assert _keys(reversed_) == list(reversed(_keys(ordered)))


def test_sort_by_blockchain_breaks_ties_by_default_order() -> None:
    records = keyed_records(
        [
            _record("b1", "finished", 100, chain="beta"),
            _record("a1", "finished", 100, chain="Alpha"),
            _record("b2", "processing", 50, chain="beta"),
        ]
    )
    ordered = sort_records(records, SortColumn.BLOCKCHAIN, reverse=False, now=EXAMPLE_NOW)
    assert _keys(ordered) == ["a1", "b2", "b1"]


def test_every_sort_column_sorts_without_error() -> None:
    records = keyed_records([example_record(), parse_record({}), example_record(operation_id="x")])
    for column in SORT_CYCLE:
        assert len(sort_records(records, column, reverse=False, now=EXAMPLE_NOW)) == 3


def test_sort_cycle_wraps_around() -> None:
    column = SortColumn.DEFAULT
    seen = []
    for _ in SORT_CYCLE:
        column = next_sort_column(column)
        seen.append(column)
    assert seen[-1] is SortColumn.DEFAULT
    assert set(seen) == set(SortColumn)


def test_text_filter_searches_id_chain_status_and_type_names() -> None:
    record = example_record()
    assert matches_text(record, "i3b0ms")
    assert matches_text(record, "PROCESSING")
    assert matches_text(record, "create bcs change")  # every word somewhere
    assert matches_text(record, "1618218591906093855")
    assert not matches_text(record, "upgrade")


def test_blank_filter_keeps_everything() -> None:
    records = keyed_records([example_record(), parse_record({})])
    assert filter_records(records, "  ") == records
    assert _keys(filter_records(records, "i3b0ms")) == [records[0][0]]
