"""History rows in the view state: stored operations the service no longer returns, listed
with ``show_history`` (``H``) beside the live ones, which always win."""

from typing import Any

import pytest

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, RecordList, record_list
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core import row_cache, visible_list
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.history_rows import HISTORY_KEY_MARK, HistoryRows, matches_server_filters
from bcs_tui.core.listing import KeyedRecord, SortColumn, sort_records
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.record_view import RowView
from bcs_tui.core.status_view import glyph_set
from bcs_tui.core.stored_operation import StoredOperation
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()
PROJECT = "p1"


def _record(
    operation_id: str, *, status: str = "finished", minutes_ago: int = 10, **changes: Any
) -> OperationRecord:
    return example_record(
        operation_id=operation_id,
        operation_status=status,
        record_time=NOW - minutes_ago * NS_PER_MIN,
        **changes,
    )


def _stored(record: OperationRecord, project_id: str = PROJECT) -> StoredOperation:
    return StoredOperation(
        "p", project_id, record, NOW - 3 * 3600 * NS_PER_S, NOW - 3600 * NS_PER_S
    )


def _result(*records: OperationRecord) -> RecordList:
    return record_list(len(records), list(records))


def _state() -> DashboardState:
    return DashboardState(
        glyphs=glyph_set(False),
        policy=RefreshPolicy(interval_s=5.0),
        server_filters=ALL,
        project_id=PROJECT,
        keeps_history=True,
    )


def _ids(state: DashboardState) -> list[str | None]:
    return [record.operation_id for _, record in state.visible]


def test_a_stored_operation_live_again_leaves_the_history_rows_and_a_new_one_keeps_them() -> None:
    state = _state()
    state.accept(_result(_record("A", minutes_ago=1)), ALL, NOW)
    state.set_history(
        [_stored(_record("A", minutes_ago=50)), _stored(_record("OLD", minutes_ago=60))]
    )
    state.toggle_history(NOW)
    assert _ids(state) == ["A", "OLD"]
    [(key, _)] = [item for item in state.visible if item[0] != "A"]
    assert (
        key.startswith(HISTORY_KEY_MARK) and state.history_last_seen(key) == NOW - 3600 * NS_PER_S
    )
    # A new operation (not stored): the history rows stay as they were.
    state.accept(_result(_record("A", minutes_ago=1), _record("NEW", minutes_ago=0)), ALL, NOW)
    assert _ids(state) == ["NEW", "A", "OLD"]
    # The stored one is live again: listed once, from the service.
    live_old = _record("OLD", status="failed", minutes_ago=2)
    state.accept(
        _result(_record("A", minutes_ago=1), _record("NEW", minutes_ago=0), live_old), ALL, NOW
    )
    assert _ids(state) == ["NEW", "A", "OLD"]
    assert state.record_for("OLD") is live_old and state.history_last_seen(key) is None
    state.toggle_history(NOW)
    assert state.header_view(NOW).history is None


def test_history_rows_are_built_once_as_last_seen_and_never_retimed() -> None:
    state = _state()
    state.accept(_result(_record("A")), ALL, NOW)
    running = _record("GONE", status="processing", minutes_ago=90)
    state.set_history([_stored(running)])
    state.toggle_history(NOW)
    rows = {row.key: row for row in state.rows(NOW)}
    [history] = [row for row in rows.values() if row.history]
    assert history.cells["updated"] == "history" and history.cells["where"].startswith("history")
    later = {row.key: row for row in state.rows(NOW + 600 * NS_PER_S)}
    assert later[history.key] is history  # not retimed: it never runs again
    assert state.shown_now(NOW, history.key) == NOW - 3600 * NS_PER_S


def test_history_rows_keys_never_collide_with_live_keys() -> None:
    rows = HistoryRows()
    rows.set_operations([_stored(_record("X"))])
    taken = f"{HISTORY_KEY_MARK}{PROJECT}:X"
    [(key, _)] = rows.shown(set(), {taken}, {PROJECT: ""}, ALL)
    assert key != taken and key.startswith(taken)


def test_only_the_projects_shown_and_the_server_filters_in_effect() -> None:
    failed = _record("F", status="failed")
    assert matches_server_filters(failed, RecordFilters(operation_status="failed"))
    assert not matches_server_filters(failed, RecordFilters(operation_status="finished"))
    assert not matches_server_filters(failed, RecordFilters(operation_id="other"))
    rows = HistoryRows()
    rows.set_operations([_stored(failed), _stored(_record("Q"), project_id="p2")])
    assert [r.operation_id for _, r in rows.shown(set(), set(), {PROJECT: ""}, ALL)] == ["F"]
    finished = RecordFilters(operation_status="finished")
    assert rows.shown(set(), set(), {PROJECT: "", "p2": "b"}, finished)[0][1].operation_id == "Q"


def test_history_rows_built_ahead_are_not_built_again_by_h(monkeypatch: pytest.MonkeyPatch) -> None:
    state = _state()
    state.accept(_result(_record("A")), ALL, NOW)
    state.rows(NOW)
    state.set_history([_stored(_record(f"H{n}", minutes_ago=20 + n)) for n in range(5)])
    steps = 1
    while state.prepare_history(NOW, 2):
        steps += 1
    assert steps == 3
    built: list[str] = []
    real = row_cache.row_view

    def counted(key: str, *args: Any, **kwargs: Any) -> RowView:
        built.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(row_cache, "row_view", counted)
    state.toggle_history(NOW)
    rows = state.rows(NOW)
    assert len(rows) == 6 and sum(row.history for row in rows) == 5
    assert built == []


def test_by_duration_a_tick_moves_the_running_rows_alone_and_the_order_is_a_whole_sort(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = _state()
    live = [_record(f"L{n}", status=("processing", "finished")[n % 2]) for n in range(6)]
    state.accept(_result(*live), ALL, NOW)
    state.set_history([_stored(_record(f"H{n}", minutes_ago=30 + n)) for n in range(20)])
    state.toggle_history(NOW)
    while state.sort_column is not SortColumn.DURATION:
        state.cycle_sort(NOW)
    made: list[str] = []
    real = visible_list.record_sort_key

    def counted(item: KeyedRecord, column: SortColumn, now: int) -> tuple[object, ...]:
        made.append(item[0])
        return real(item, column, now)

    monkeypatch.setattr(visible_list, "record_sort_key", counted)
    for minutes in (1, 5, 60 * 24 * 400):
        now = NOW + minutes * NS_PER_MIN
        state.tick(now)
        live_keys = {key for key, _ in state.records}
        listed = [*state.records, *[item for item in state.visible if item[0] not in live_keys]]
        expected = sort_records(listed, SortColumn.DURATION, reverse=False, now=now)
        assert list(state.visible) == expected
    assert set(made) == {"L0", "L2", "L4"}  # the running ones, re-placed each tick


def _history_rows(state: DashboardState) -> dict[str | None, tuple[str, int | None]]:
    """Each history row listed: operation ID -> (its status, when it was last seen)."""
    return {
        record.operation_id: (record.operation_status.value, state.history_last_seen(key))
        for key, record in state.visible
        if state.history_last_seen(key) is not None
    }


def test_an_operation_gone_from_the_whole_list_stays_as_last_seen_in_place_of_its_stored_form() -> (
    None
):
    state = _state()
    state.set_history([_stored(_record("B", status="processing", minutes_ago=50))])
    state.toggle_history(NOW)
    c = _record("C", minutes_ago=30)
    state.accept(_result(_record("A"), _record("B", status="processing"), c), ALL, NOW)
    assert _history_rows(state) == {}
    # A poll of B alone that misses it says nothing: only a whole list makes it go.
    state.accept_polled([("B", _result())], NOW + NS_PER_S)
    assert _history_rows(state) == {}
    state.accept(_result(_record("A"), _record("B", minutes_ago=20), c), ALL, NOW + 2 * NS_PER_S)
    state.accept(_result(_record("A"), c), ALL, NOW + 3 * NS_PER_S)
    # Its last seen form (finished), not the stored one from before the session; in its
    # place in the order (newest first), at the cost of the rows that came and went.
    assert _history_rows(state) == {"B": ("finished", NOW + 3 * NS_PER_S)}
    assert _ids(state) == ["A", "B", "C"]
    # The history loaded late, with the old form: the session's stays.
    state.set_history([_stored(_record("B", status="processing", minutes_ago=50))])
    assert _history_rows(state) == {"B": ("finished", NOW + 3 * NS_PER_S)}


def test_operations_gone_from_a_list_rebuilt_anew_stay_too_but_not_under_other_filters() -> None:
    state = _state()
    many = [_record(f"op-{i}") for i in range(100)]
    state.accept(_result(*many), ALL, NOW)
    state.toggle_history(NOW)
    # Most of the list changed: it is listed anew (not diffed), and still they stay.
    state.accept(_result(*many[:10], _record("new")), ALL, NOW + NS_PER_S)
    assert len(_history_rows(state)) == 90
    # Another server filter lists other records: nothing is gone from the service.
    finished = RecordFilters(operation_status="failed")
    state.accept(_result(_record("X", status="failed")), finished, NOW + 2 * NS_PER_S)
    state.accept(_result(_record("X", status="failed")), ALL, NOW + 3 * NS_PER_S)
    assert len(_history_rows(state)) == 90 and "new" not in _history_rows(state)


def test_the_rows_kept_of_operations_gone_are_bounded_the_newest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bcs_tui.core import history_rows

    monkeypatch.setattr(history_rows, "HISTORY_ROWS_AT_MOST", 5)
    state = _state()
    state.toggle_history(NOW)
    for round_ in range(4):  # three operations go from the list each round
        listed = [_record(f"r{round_}-{i}") for i in range(3)]
        state.accept(_result(*listed), ALL, NOW + round_ * NS_PER_S)
    # Gone: r0-*, r1-*, r2-* (9 operations); the 5 seen go most recently are kept.
    kept = _history_rows(state)
    assert len(kept) == 5
    assert {key for key in kept if key.startswith("r2-")} == {"r2-0", "r2-1", "r2-2"}
    assert not any(key.startswith("r0-") for key in kept)


def test_without_a_local_history_nothing_is_kept_of_operations_gone() -> None:
    state = DashboardState(
        glyphs=glyph_set(False),
        policy=RefreshPolicy(interval_s=5.0),
        server_filters=ALL,
        project_id=PROJECT,
    )
    state.toggle_history(NOW)
    state.accept(_result(_record("A"), _record("B")), ALL, NOW)
    state.accept(_result(_record("A")), ALL, NOW + NS_PER_S)
    assert _history_rows(state) == {}
