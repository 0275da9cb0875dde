"""The list's columns fit its width: what gives way first, the ID cut in the middle below
120 cells, "Where" taking the rest, and the sort arrow in a title."""

import pytest

from bcs_tui.core.column_layout import (
    ID_SHORT_WIDTH,
    ID_WHOLE_FROM,
    WHERE_MIN_WIDTH,
    ShownColumn,
    Sorting,
    lay_out_columns,
    line_width,
    sorting_of,
)
from bcs_tui.core.listing import SortColumn
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS

GAP = 1
# Text widths as the simulator's records give them (the widest cell or the title).
NATURAL = {
    "status": 12,
    "operation": 18,
    "blockchain": 15,
    "progress": 5,
    "duration": 8,
    "updated": 7,
    "resource": 17,
    "operation_id": 31,
    "where": 90,
}
ALL = list(NATURAL)


UNSORTED = Sorting()


def lay_out(width: int, sorting: Sorting = UNSORTED, **natural: int) -> dict[str, ShownColumn]:
    columns = lay_out_columns({**NATURAL, **natural}, width, GAP, sorting, UNICODE_GLYPHS)
    assert line_width(columns, GAP) <= max(width, 0) or width < 60
    return {column.key: column for column in columns}


@pytest.mark.parametrize("width", [78, 80, 98, 100, 118, 120, 158, 160, 198, 200, 400])
def test_the_columns_fill_the_width_exactly_and_where_has_its_room(width: int) -> None:
    columns = lay_out(width)
    assert sum(column.width + GAP for column in columns.values()) == width
    assert columns["where"].width >= WHERE_MIN_WIDTH
    assert list(columns) == [key for key in ALL if key in columns]  # the order is kept
    for key in ("status", "operation", "progress", "duration", "where"):
        assert key in columns


def test_low_value_columns_give_way_first_and_the_id_is_cut_in_the_middle_below_120() -> None:
    assert set(lay_out(400)) == set(ALL)
    assert lay_out(400)["operation_id"].width == NATURAL["operation_id"]
    wide = lay_out(ID_WHOLE_FROM)
    assert wide["operation_id"].width == NATURAL["operation_id"]  # whole from 120 on
    assert "resource" not in wide and wide["operation_id"].middle
    narrower = lay_out(ID_WHOLE_FROM - 1)
    assert narrower["operation_id"].width == ID_SHORT_WIDTH
    assert "resource" not in lay_out(98) and "updated" not in lay_out(98)
    # Then the ID goes (the detail pane shows it) before a name is shortened.
    assert "operation_id" not in lay_out(98)
    assert lay_out(98)["blockchain"].width == NATURAL["blockchain"]
    narrowest = lay_out(78)
    assert narrowest["operation"].width < NATURAL["operation"]


@pytest.mark.parametrize("width", [98, 118, 198])
def test_a_blockchain_name_stays_whole_from_100_columns_on_however_sorted(width: int) -> None:
    """Chains of one project share their start (``bcs-ledger-gkcv``, ``bcs-ledger-z3pg``)."""
    for column in SortColumn:
        for source in (0, 10):
            columns = lay_out(width, sorting_of(column, reverse=False), source=source)
            assert columns["blockchain"].width == NATURAL["blockchain"], (column, source)


def test_below_100_columns_a_blockchain_name_is_cut_in_the_middle_after_the_operation() -> None:
    columns = lay_out(78, source=10)
    assert columns["blockchain"].middle and not columns["operation"].middle
    assert columns["operation"].width == columns["blockchain"].width == 10


def test_a_shortened_column_gets_back_the_room_a_later_one_left() -> None:
    """Sorted by the ID (which stays), the names are shortened, then the ID too; what
    is not needed for "Where" then goes back to the names."""
    columns = lay_out(98, sorting_of(SortColumn.OPERATION_ID, reverse=False))
    assert columns["where"].width == WHERE_MIN_WIDTH
    assert columns["operation"].width > 10


def test_a_short_where_column_takes_no_more_than_it_needs_before_columns_go() -> None:
    columns = lay_out(118, where=len("Where"))  # nothing running or failed
    assert {"updated", "operation_id"} <= set(columns)
    assert columns["operation_id"].width == NATURAL["operation_id"]


def test_the_sorted_column_has_an_arrow_in_its_title_and_room_for_it() -> None:
    columns = lay_out(200, sorting_of(SortColumn.PROGRESS, reverse=False))
    assert columns["progress"].title == "Steps ▲"
    assert columns["progress"].width >= len("Steps ▲")
    assert lay_out(200, sorting_of(SortColumn.PROGRESS, reverse=True))["progress"].title == (
        "Steps ▼"
    )
    plain = lay_out(200, sorting_of(SortColumn.DEFAULT, reverse=False))
    assert all(column.title.isascii() for column in plain.values())
    ascii_columns = lay_out_columns(
        NATURAL, 200, GAP, sorting_of(SortColumn.OPERATION_ID, reverse=True), ASCII_GLYPHS
    )
    assert [column.title for column in ascii_columns if column.key == "operation_id"] == [
        "Operation ID v"
    ]


def test_far_below_80_the_line_may_overflow_but_never_loses_the_status() -> None:
    columns = lay_out(40)
    assert "status" in columns and "where" in columns
    assert columns["where"].width >= len("Where")


def test_the_sorted_column_is_never_dropped() -> None:
    assert "updated" not in lay_out(98)
    columns = lay_out(98, sorting_of(SortColumn.UPDATED, reverse=False))
    assert columns["updated"].title == "Updated ▲"
    assert sum(column.width + GAP for column in columns.values()) == 98
