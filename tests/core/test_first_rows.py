"""``DashboardState.first_rows``: a first screenful of a long list before the whole of it."""

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, record_list
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.status_view import glyph_set
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()


def _loaded(count: int) -> DashboardState:
    records: list[OperationRecord] = [
        example_record(
            operation_id=f"OP-{index:03d}",
            operation_status="processing" if index % 7 == 0 else "finished",
            record_time=NOW - index * NS_PER_MIN,
        )
        for index in range(count)
    ]
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(interval_s=5.0), server_filters=ALL
    )
    state.accept(record_list(count, records), ALL, NOW)
    return state


def test_the_first_rows_are_the_start_of_the_whole_list_in_its_order() -> None:
    state = _loaded(50)
    first = state.first_rows(NOW, 10)
    whole = state.rows(NOW)
    assert len(first) == 10
    assert first == whole[:10]
    # Running first: the order is the list's, not the server's.
    assert [row.key for row in first][:2] == ["OP-000", "OP-007"]


def test_the_first_rows_leave_the_whole_list_to_report() -> None:
    state = _loaded(50)
    state.first_rows(NOW, 10)
    changes = state.take_changes(NOW)
    assert changes.list_changed
    assert len(state.rows(NOW)) == 50


def test_the_whole_list_reuses_the_first_rows() -> None:
    state = _loaded(50)
    first = state.first_rows(NOW, 10)
    whole = state.rows(NOW)
    assert all(a is b for a, b in zip(first, whole, strict=False))
