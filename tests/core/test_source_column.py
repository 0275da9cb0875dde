"""The Source column: first when there are several sources, absent with one, and in a
narrow list it gives way after the operation ID (never when the list is sorted by it)."""

from bcs_tui.core.column_layout import Sorting, lay_out_columns
from bcs_tui.core.status_view import UNICODE_GLYPHS

GAP = 1
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


UNSORTED = Sorting()


def keys(width: int, source: int, sorting: Sorting = UNSORTED) -> list[str]:
    natural = {**NATURAL, "source": source}
    return [c.key for c in lay_out_columns(natural, width, GAP, sorting, UNICODE_GLYPHS)]


def test_the_source_column_comes_first_with_several_sources_and_not_at_all_with_one() -> None:
    assert keys(200, source=6)[0] == "source"
    assert "source" not in keys(200, source=0)
    assert keys(200, source=0)[0] == "status"


def test_a_narrow_list_drops_the_source_after_the_operation_id() -> None:
    narrowing = [keys(width, source=10) for width in range(200, 40, -2)]
    without_id = next(shown for shown in narrowing if "operation_id" not in shown)
    assert "source" in without_id  # the ID went first
    assert any("source" not in shown for shown in narrowing)
    sorted_by_source = keys(50, source=10, sorting=Sorting("source"))
    assert sorted_by_source[0] == "source"


def test_the_source_stays_at_80_columns_however_the_list_is_sorted() -> None:
    """Cut to its title's width ("north…") rather than gone: whose record it is."""
    for sorting in (UNSORTED, Sorting("operation_id"), Sorting("blockchain"), Sorting("status")):
        columns = lay_out_columns({**NATURAL, "source": 10}, 78, GAP, sorting, UNICODE_GLYPHS)
        assert columns[0].key == "source", sorting
        assert columns[0].width >= len("Source")
    shown = {
        c.key: c
        for c in lay_out_columns({**NATURAL, "source": 10}, 78, GAP, UNSORTED, UNICODE_GLYPHS)
    }
    assert shown["where"].width >= 20
