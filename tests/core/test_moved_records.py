"""Polls and whole lists that change a few records (some of which move in the sort order)
are applied at the cost of those records. The state must read exactly as if every record
had been listed anew: the same order as a whole sort, the selection on the same record,
the rows of ``row_view``, the row changes of a full comparison, each transition once."""

import random

import pytest

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.diffing import TransitionKind
from bcs_tui.core.listing import SortColumn, searchable_text, sort_records
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.record_view import row_view
from bcs_tui.core.status_view import glyph_set
from bcs_tui.core.text_filter import filter_texts
from bcs_tui.core.view_changes import diff_row_views
from bcs_tui.core.visible_list import VisibleList
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()
GLYPHS = glyph_set(False)


def _record(operation_id: str, status: str, age_s: int, name: str = "chain") -> OperationRecord:
    return example_record(
        operation_id=operation_id,
        operation_status=status,
        record_time=NOW - age_s * NS_PER_S,
        blockchain_name=name,
    )


def _state() -> DashboardState:
    return DashboardState(glyphs=GLYPHS, policy=RefreshPolicy(interval_s=5.0), server_filters=ALL)


def _initial(rng: random.Random) -> list[OperationRecord]:
    running = [_record(f"run-{i}", "processing", rng.randrange(60)) for i in range(4)]
    ended = [
        _record(f"old-{i:02d}", rng.choice(["finished", "failed"]), 600 + rng.randrange(5), "c")
        for i in range(30)
    ]
    return running + ended


def _exact_rows(state: DashboardState, now: int) -> list[object]:
    ordered = sort_records(state.records, state.sort_column, reverse=state.sort_reverse, now=now)
    texts = [searchable_text(record) for _, record in ordered]
    shown = filter_texts(ordered, texts, state.search)
    return [row_view(key, record, now, GLYPHS) for key, record in shown]


def _check(state: DashboardState, now: int) -> None:
    before = state._shown_rows  # what was last reported
    changes = state.take_changes(now)
    rows = state.rows(now)
    assert rows == _exact_rows(state, now)
    assert changes.rows == diff_row_views(before, rows)


@pytest.mark.parametrize("column", [SortColumn.DEFAULT, SortColumn.UPDATED, SortColumn.STATUS])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("search", ["", "run"])
def test_polls_and_whole_lists_read_as_a_fresh_listing(
    column: SortColumn, reverse: bool, search: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(f"{column}{reverse}{search}")
    records = _initial(rng)
    state = _state()
    state.accept(record_list(len(records), records), ALL, NOW)
    while state.sort_column is not column:
        state.cycle_sort(NOW)
    if reverse:
        state.reverse_sort(NOW)
    state.set_search(search, NOW)
    _check(state, NOW)
    rebuilds: list[int] = []
    real = VisibleList.set_records
    monkeypatch.setattr(
        VisibleList, "set_records", lambda self, keyed: (rebuilds.append(1), real(self, keyed))
    )
    now = NOW
    for step in range(40):
        now += NS_PER_S // 2
        # The user's cursor is on some record; it must stay there.
        if step % 5 == 0 and state.visible:
            state.select(rng.choice(state.visible)[0])
        selected = state.selected_key
        index = rng.randrange(4)
        key = f"run-{index}"
        fresh = _record(key, rng.choice(["processing", "processing", "finished"]), -step)
        if step % 3 == 0:  # a whole list with that one record changed, in another order
            records[index] = fresh
            if step % 2 == 0:  # and an operation that came, one that went
                records.append(_record(f"new-{step}", "processing", -step))
                del records[rng.randrange(4, len(records) - 1)]
            listed = rng.sample(records, len(records))
            state.accept(record_list(len(listed), listed), ALL, now)
        else:
            records[index] = fresh
            state.accept_one(key, record_list(1, [fresh]), now)
        state.tick(now)
        _check(state, now)
        if selected is not None and any(k == selected for k, _ in state.visible):
            assert state.selected_key == selected
    assert rebuilds == []  # every change was a replacement: never listed anew


def test_the_selected_record_moving_keeps_the_selection_and_redraws_its_detail() -> None:
    records = [
        _record("run-a", "processing", 5),
        _record("run-b", "processing", 9),
        *[_record(f"old-{i}", "finished", 900 + i) for i in range(10)],
    ]
    state = _state()
    state.accept(record_list(len(records), records), ALL, NOW)
    state.select("run-b")
    state.take_changes(NOW)
    moved = _record("run-b", "processing", 1, name="renamed")
    state.accept_one("run-b", record_list(1, [moved]), NOW)
    changes = state.take_changes(NOW)
    assert [key for key, _ in state.visible][:2] == ["run-b", "run-a"]
    assert state.selected_key == "run-b" and state.selected_record is moved
    assert changes.rows.reordered and changes.rows.changed == ("run-b",)
    assert changes.detail and not changes.move_cursor


def test_an_ending_is_announced_once_whether_polled_or_listed() -> None:
    records = [_record("run-a", "processing", 5), _record("old", "finished", 900)]
    state = _state()
    state.accept(record_list(2, records), ALL, NOW)
    state.take_changes(NOW)
    ended = _record("run-a", "failed", 1)
    state.accept_one("run-a", record_list(1, [ended]), NOW)
    found = state.take_changes(NOW).transitions
    assert [(t.kind, t.key) for t in found] == [(TransitionKind.ENDED, "run-a")]
    # The whole list says the same (another object, equal to the one polled): no news.
    again = _record("run-a", "failed", 1)
    state.accept(record_list(2, [again, records[1]]), ALL, NOW)
    assert state.take_changes(NOW).transitions == ()
    assert state.operations_to_poll(5) == [] and not state.policy.active


def test_an_operation_that_came_is_announced_once_and_placed_without_a_rebuild(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = [
        _record("run-a", "processing", 5),
        *[_record(f"old-{i}", "finished", 900 + i) for i in range(6)],
    ]
    state = _state()
    state.accept(record_list(len(records), records), ALL, NOW)
    state.select("old-3")
    state.take_changes(NOW)
    monkeypatch.setattr(VisibleList, "set_records", lambda *args: pytest.fail("list rebuilt"))
    came = _record("run-new", "processing", 1)
    listed = [came, *records[:-1]]  # old-5 went
    state.accept(record_list(len(listed), listed), ALL, NOW)
    changes = state.take_changes(NOW)
    assert [(t.kind, t.key) for t in changes.transitions] == [(TransitionKind.APPEARED, "run-new")]
    assert changes.rows.added == ("run-new",) and changes.rows.removed == ("old-5",)
    assert [key for key, _ in state.visible] == [
        key for key, _ in sort_records(state.records, SortColumn.DEFAULT, reverse=False, now=NOW)
    ]
    assert state.selected_key == "old-3" and state.operations_to_poll(5) == ["run-new", "run-a"]
    state.accept(record_list(len(listed), list(listed)), ALL, NOW)
    assert state.take_changes(NOW).transitions == ()
