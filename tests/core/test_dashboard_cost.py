"""What a clock tick and a polled record cost ``DashboardState``: the rows that change, not
a pass over every row (at 10,000 records each such pass was tens of milliseconds, every
second). Each test also checks the result against ``row_view``, the plain definition."""

import pytest

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, record_list
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core import dashboard_state, row_cache
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.listing import sort_records
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.record_view import RowView, row_view
from bcs_tui.core.row_cache import RowViewCache
from bcs_tui.core.status_view import glyph_set
from bcs_tui.core.view_changes import RowDiff, diff_row_views
from bcs_tui.core.visible_list import VisibleList
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
DAY = 24 * 60 * NS_PER_MIN
GLYPHS = glyph_set(False)


def _record(operation_id: str, status: str, age_ns: int, name: str = "chain") -> OperationRecord:
    return example_record(
        operation_id=operation_id,
        operation_status=status,
        record_time=NOW - age_ns,
        blockchain_name=name,
    )


def _loaded() -> DashboardState:
    """Two running operations and 40 that ended days ago (their texts move once a day)."""
    records = [
        _record("run-1", "processing", 5 * NS_PER_S),
        _record("run-2", "waiting", 9 * NS_PER_S),
    ]
    records += [_record(f"old-{i:02d}", "finished", 3 * DAY + i * NS_PER_MIN) for i in range(40)]
    state = DashboardState(
        glyphs=GLYPHS, policy=RefreshPolicy(interval_s=5.0), server_filters=RecordFilters()
    )
    state.accept(record_list(len(records), records), RecordFilters(), NOW)
    state.take_changes(NOW)
    return state


def _exact(state: DashboardState, now: int) -> list[RowView]:
    return [
        row_view(k, r, now, GLYPHS)
        for k, r in sort_records(state.records, state.sort_column, reverse=False, now=now)
    ]


def _counting(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """(rows rebuilt from their record, rows retimed)."""
    built: list[str] = []
    retimed: list[str] = []
    real_view, real_retimed = row_cache.row_view, RowViewCache._retimed

    def counted_view(key: str, record: OperationRecord, now: int, glyphs: object) -> RowView:
        built.append(key)
        return real_view(key, record, now, GLYPHS)

    def counted_retimed(self: RowViewCache, entry: object, now: int) -> RowView:
        retimed.append(entry.row.key)  # type: ignore[attr-defined]
        return real_retimed(self, entry, now)  # type: ignore[arg-type]

    monkeypatch.setattr(row_cache, "row_view", counted_view)
    monkeypatch.setattr(RowViewCache, "_retimed", counted_retimed)
    return built, retimed


def _no_full_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object) -> RowDiff:
        raise AssertionError("compared every row")

    monkeypatch.setattr(dashboard_state, "diff_row_views", refused)


def test_a_tick_rebuilds_and_reports_only_the_rows_due(monkeypatch: pytest.MonkeyPatch) -> None:
    state = _loaded()
    built, retimed = _counting(monkeypatch)
    _no_full_diff(monkeypatch)
    for second in range(1, 4):
        now = NOW + second * NS_PER_S
        state.tick(now)
        changes = state.take_changes(now)
        assert changes.rows == RowDiff(changed=("run-1", "run-2"))
        assert state.rows(now) == _exact(state, now)
    assert built == [] and sorted(retimed) == sorted(["run-1", "run-2"] * 3)


def test_a_polled_record_that_keeps_its_place_costs_its_row_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = _loaded()
    built, retimed = _counting(monkeypatch)
    _no_full_diff(monkeypatch)
    monkeypatch.setattr(VisibleList, "set_records", lambda *args: pytest.fail("list rebuilt"))
    later = NOW + NS_PER_S // 10
    renamed = _record("run-2", "waiting", 9 * NS_PER_S, name="renamed")
    state.accept_one("run-2", record_list(1, [renamed]), later)
    state.accept_one(
        "run-2", record_list(1, [_record("run-2", "waiting", 9 * NS_PER_S, "again")]), later
    )
    changes = state.take_changes(later)
    assert changes.rows == RowDiff(changed=("run-2",))
    assert state.rows(later) == _exact(state, later)
    assert built == ["run-2"] and retimed == []  # two polls, one rebuild: the latest


def test_ticks_and_polls_mixed_stay_exact() -> None:
    state = _loaded()
    now = NOW
    for step in range(1, 30):
        now += NS_PER_S // 3
        if step % 4 == 0:
            fresh = _record("run-1", "processing", 5 * NS_PER_S, name=f"n{step}")
            state.accept_one("run-1", record_list(1, [fresh]), now)
        if step % 7 == 0:  # it moves: the list is rebuilt
            moved = _record("run-2", "waiting", 9 * NS_PER_S - step * NS_PER_S)
            state.accept_one("run-2", record_list(1, [moved]), now)
        state.tick(now)
        before = state._shown_rows  # the rows last reported
        changes = state.take_changes(now)
        rows = state.rows(now)
        assert rows == _exact(state, now)
        assert changes.rows == diff_row_views(before, rows)


def test_a_polled_record_that_moves_costs_its_row_and_the_places_it_crosses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = _loaded()
    built, _ = _counting(monkeypatch)
    _no_full_diff(monkeypatch)
    monkeypatch.setattr(VisibleList, "set_records", lambda *args: pytest.fail("list rebuilt"))
    later = NOW + NS_PER_S // 10
    for age_s, order in ((1, ["run-2", "run-1"]), (20, ["run-1", "run-2"])):
        moved = _record("run-2", "waiting", age_s * NS_PER_S)
        state.accept_one("run-2", record_list(1, [moved]), later)
        changes = state.take_changes(later)
        assert changes.rows == RowDiff(changed=("run-2",), reordered=True)
        assert [row.key for row in state.rows(later)[:2]] == order
        assert state.rows(later) == _exact(state, later)
    assert built == ["run-2", "run-2"]  # run-1, moved across twice, kept its row
