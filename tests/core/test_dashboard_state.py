"""The dashboard's view state, driven by plain calls with no App: selection, search, sort,
transitions, refresh policy and the exact report of what changed since the last render."""

from typing import Any

import pytest

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, RecordList, record_list
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core import text_filter
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.diffing import TransitionKind
from bcs_tui.core.listing import SortColumn, sort_records
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.status_view import glyph_set
from bcs_tui.core.view_changes import RowDiff, ViewChanges
from bcs_tui.core.visible_list import VisibleList
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()


def _record(
    operation_id: str,
    *,
    status: str = "finished",
    minutes_ago: int = 10,
    blockchain_name: str = "chain-a",
    **changes: Any,
) -> OperationRecord:
    return example_record(
        operation_id=operation_id,
        operation_status=status,
        record_time=NOW - minutes_ago * NS_PER_MIN,
        blockchain_name=blockchain_name,
        **changes,
    )


def _result(*records: OperationRecord) -> RecordList:
    return record_list(len(records), list(records))


def _state() -> DashboardState:
    return DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(interval_s=5.0), server_filters=ALL
    )


def _three() -> tuple[OperationRecord, ...]:
    """Newest first, as the default order shows them: A, B, C."""
    return (
        _record("A", minutes_ago=10, blockchain_name="alpha"),
        _record("B", minutes_ago=20, blockchain_name="bravo"),
        _record("C", minutes_ago=30, blockchain_name="charlie"),
    )


def _loaded(*records: OperationRecord) -> tuple[DashboardState, ViewChanges]:
    state = _state()
    state.accept(_result(*records), ALL, NOW)
    return state, state.take_changes(NOW)


def _keys(state: DashboardState) -> list[str]:
    return [row.key for row in state.rows(NOW)]


def test_first_result_shows_every_row_and_selects_the_first() -> None:
    state, changes = _loaded(*_three())
    assert changes.rows == RowDiff(added=("A", "B", "C"))
    assert changes.header and changes.detail and changes.transitions == ()
    assert _keys(state) == ["A", "B", "C"]
    assert state.selected_key == "A"


def test_selection_is_kept_across_refresh_sort_and_search() -> None:
    a, b, c = _three()
    state, _ = _loaded(a, b, c)
    state.select("B")
    state.accept(_result(_record("N", minutes_ago=1), a, b, c), ALL, NOW)
    assert _keys(state) == ["N", "A", "B", "C"]
    assert state.selected_key == "B"
    state.reverse_sort(NOW)
    assert _keys(state) == ["C", "B", "A", "N"]
    state.cycle_sort(NOW)
    assert state.sort_column is SortColumn.STATUS
    state.set_search("b", NOW)  # "bravo" (and maybe others): B still matches
    assert state.selected_key == "B"
    assert not state.take_changes(NOW).move_cursor
    assert state.selected_record is b


def test_a_removed_selection_moves_to_its_neighbour() -> None:
    a, b, c = _three()
    state, _ = _loaded(a, b, c)
    state.select("B")
    state.accept(_result(a, c), ALL, NOW)
    assert state.selected_key == "C"
    changes = state.take_changes(NOW)
    assert changes.move_cursor and changes.detail and changes.rows.removed == ("B",)


def test_a_search_that_filters_the_selection_out_lands_on_the_first_match() -> None:
    a, b, c = _three()
    state, _ = _loaded(a, b, c, _record("D", minutes_ago=40, blockchain_name="charlie-2"))
    state.select("B")  # its neighbour in the filtered list would be D
    state.set_search("CHARLIE", NOW)
    assert _keys(state) == ["C", "D"]
    assert state.selected_key == "C"
    changes = state.take_changes(NOW)
    assert changes.move_cursor and changes.detail and changes.header
    assert changes.rows.removed == ("A", "B") and not changes.rows.changed


def test_a_search_with_no_match_says_so() -> None:
    state, _ = _loaded(*_three())
    state.set_search("xyz", NOW)
    assert state.rows(NOW) == [] and state.selected_key is None
    assert state.empty_text == 'No records match "xyz".'
    assert state.header_view(NOW).shown == 0 and state.header_view(NOW).total == 3
    assert state.take_changes(NOW).detail
    state.set_search("xyzw", NOW)  # still nothing, but the text says another query
    assert state.take_changes(NOW).detail
    state.set_search("", NOW)
    assert state.empty_text is None and state.selected_key == "A"


def test_no_records_at_all_is_not_a_search_without_matches() -> None:
    state, _ = _loaded()
    state.set_search("xyz", NOW)
    assert state.empty_text == "No operation records in this project."


def test_server_filters_that_match_nothing_say_so_and_how_to_change_them() -> None:
    state = _state()
    assert state.empty_text == "No data yet."  # no claim about the project before a list
    failed = RecordFilters(operation_status="failed", operation_type="99")
    state.set_server_filters(failed)
    state.accept(_result(), failed, NOW)
    assert state.empty_text == (
        "No operation matches the server filters (status: failed, type: create); f changes them."
    )
    assert state.take_changes(NOW).detail
    state.set_server_filters(ALL)
    state.accept(_result(*_three()), ALL, NOW)
    assert state.empty_text is None and state.selected_key == "A"


def test_search_words_match_anywhere_case_insensitively() -> None:
    state, _ = _loaded(*_three())
    state.set_search("  Bravo   FINISHED ", NOW)
    assert _keys(state) == ["B"]


def test_search_texts_are_built_once_per_record_not_per_keystroke(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str | None] = []
    real = text_filter.searchable_text

    def counting(record: OperationRecord) -> str:
        built.append(record.operation_id)
        return real(record)

    monkeypatch.setattr(text_filter, "searchable_text", counting)
    a, b, c = _three()
    state, _ = _loaded(a, b, c)
    assert built == []  # not before the first records are painted
    state.prepare_search()
    assert sorted(built) == ["A", "B", "C"]
    state.prepare_search()
    assert len(built) == 3
    query = "charlie finished"
    for end in range(1, len(query) + 1):
        state.set_search(query[:end], NOW)
        state.rows(NOW)
    assert _keys(state) == ["C"]
    assert len(built) == 3
    state.accept(_result(a, _record("B", minutes_ago=20, blockchain_name="bravo-2"), c), ALL, NOW)
    assert built[3:] == ["B"]  # only the changed record


def test_a_search_before_the_texts_are_prepared_builds_them_and_matches() -> None:
    state, _ = _loaded(*_three())
    state.set_search("charlie", NOW)
    state.rows(NOW)
    assert _keys(state) == ["C"]
    state.set_search("", NOW)
    state.rows(NOW)
    assert sorted(_keys(state)) == ["A", "B", "C"]


def test_a_tick_with_nothing_ticking_reports_no_row_change() -> None:
    state, _ = _loaded(*_three())  # ended records, ages in minutes
    later = NOW + 1 * NS_PER_S
    state.tick(later)
    changes = state.take_changes(later)
    assert changes.rows == RowDiff()
    assert not changes.list_changed and not changes.detail
    assert changes.header  # "updated 0s ago" -> "updated 1s ago"


def test_nothing_happened_reports_nothing() -> None:
    state, _ = _loaded(*_three())
    changes = state.take_changes(NOW)
    assert changes == ViewChanges(
        rows=RowDiff(), move_cursor=False, detail=False, header=False, transitions=()
    )


def test_one_changed_record_reports_that_row_only() -> None:
    a, b, c = _three()
    state, _ = _loaded(a, b, c)
    state.accept(_result(a, _record("B", minutes_ago=20, blockchain_name="bravo-2"), c), ALL, NOW)
    changes = state.take_changes(NOW)
    assert changes.rows == RowDiff(changed=("B",))
    assert not changes.detail  # A is selected
    state.accept(_result(_record("A", blockchain_name="alpha-2"), b, c), ALL, NOW)
    assert state.take_changes(NOW).detail


def test_rows_changed_in_place_say_where_against_the_rows_last_reported() -> None:
    # A list widget then follows at the cost of those places (no pass over every row).
    a, b, c = _three()
    state, _ = _loaded(a, b, c)
    shown = state.rows(NOW)
    state.accept(_result(a, _record("B", minutes_ago=20, blockchain_name="bravo-2"), c), ALL, NOW)
    changes = state.take_changes(NOW)
    assert changes.rows.since is not None
    before, places = changes.rows.since
    assert before is shown and places == (1,)
    now_rows = state.rows(NOW)
    assert [row.key for row in now_rows] == [row.key for row in shown]
    assert [i for i, (x, y) in enumerate(zip(shown, now_rows, strict=True)) if x != y] == [1]
    # A record that moves in the order: the places hold other keys, so no hint.
    state.accept(_result(a, _record("B", minutes_ago=1, blockchain_name="bravo-2"), c), ALL, NOW)
    moved = state.take_changes(NOW)
    assert moved.rows.reordered and moved.rows.since is None


def test_a_clock_tick_says_which_places_it_changed() -> None:
    recent = example_record(operation_id="N", record_time=NOW - 30 * NS_PER_S)  # "30s ago"
    state, _ = _loaded(recent, *_three())
    shown = state.rows(NOW)
    later = NOW + NS_PER_S
    state.tick(later)
    changes = state.take_changes(later)
    assert changes.rows.changed == ("N",)
    assert changes.rows.since is not None
    assert changes.rows.since[0] is shown and changes.rows.since[1] == (0,)


def test_a_cursor_move_changes_the_detail_only() -> None:
    state, _ = _loaded(*_three())
    state.select("C")
    changes = state.take_changes(NOW)
    assert changes.detail and not changes.list_changed and not changes.header


def test_a_running_selection_redraws_its_detail_on_each_tick() -> None:
    # Its time bars move even while its row reads the same (its steps began in 2021, so
    # its duration moves by the hour).
    state, _ = _loaded(_record("R", status="processing"), _record("F"))
    assert state.selected_key == "R"
    later = NOW + 1 * NS_PER_S
    state.tick(later)
    changes = state.take_changes(later)
    assert changes.detail and not changes.list_changed
    state.select("F")
    state.take_changes(later)
    much_later = later + 2 * 60 * NS_PER_MIN
    state.tick(much_later)
    changes = state.take_changes(much_later)
    assert set(changes.rows.changed) == {"R", "F"} and changes.detail


def test_sort_changes_report_the_order_and_the_header() -> None:
    state, _ = _loaded(*_three())
    state.reverse_sort(NOW)
    changes = state.take_changes(NOW)
    assert changes.rows == RowDiff(reordered=True) and changes.header
    assert not changes.move_cursor


def test_transitions_are_announced_once() -> None:
    state, _ = _loaded(_record("A", status="processing"))
    state.accept(_result(_record("A", status="failed"), _record("N")), ALL, NOW)
    found = state.take_changes(NOW).transitions
    assert {(t.kind, t.key) for t in found} == {
        (TransitionKind.ENDED, "A"),
        (TransitionKind.APPEARED, "N"),
    }
    assert state.take_changes(NOW).transitions == ()
    # Still failed, spelled another way and with another field changed: nothing new.
    state.accept(
        _result(_record("A", status="FAILED ", blockchain_name="x"), _record("N")), ALL, NOW
    )
    assert state.take_changes(NOW).transitions == ()


def test_a_byte_identical_result_changes_nothing() -> None:
    result = _result(_record("R", status="processing"), _record("F"))
    state = _state()
    state.accept(result, ALL, NOW)
    state.select("F")  # a running selection's detail redraws anyway (its time bars)
    state.take_changes(NOW)
    visible = state.visible
    state.fail(RuntimeError("boom"), NOW)
    state.accept(result, ALL, NOW)
    assert state.visible is visible  # nothing rebuilt, not even the list
    changes = state.take_changes(NOW)
    assert changes.rows == RowDiff() and not changes.detail and changes.transitions == ()
    assert changes.header  # the error is gone
    assert state.last_error is None and state.policy.failures == 0 and state.policy.active


def test_a_server_filter_change_is_not_a_transition() -> None:
    state, _ = _loaded(_record("A"))
    failed = RecordFilters(operation_status="failed")
    assert state.set_server_filters(failed)
    assert not state.set_server_filters(failed)
    assert state.take_changes(NOW).header
    state.accept(_result(_record("Z", status="failed")), failed, NOW)
    changes = state.take_changes(NOW)
    assert changes.transitions == ()
    assert changes.rows == RowDiff(added=("Z",), removed=("A",))


@pytest.mark.parametrize("spelling", [" Processing", "WAITING", "processing "])
def test_the_policy_is_active_while_anything_runs(spelling: str) -> None:
    state, _ = _loaded(_record("A"), _record("B", status=spelling))
    assert state.policy.active
    state.accept(_result(_record("A"), _record("B", status="FINISHED ")), ALL, NOW)
    assert not state.policy.active


def test_a_failure_backs_off_and_keeps_the_data() -> None:
    state, _ = _loaded(*_three())
    state.begin_fetch()
    state.fail(RuntimeError("boom"), NOW)
    assert state.policy.failures == 1 and not state.fetching
    assert _keys(state) == ["A", "B", "C"]
    changes = state.take_changes(NOW)
    assert changes.header and not changes.list_changed
    assert state.header_view(NOW).error == "RuntimeError: boom"


def test_a_quick_fetch_does_not_repaint_the_header_a_slow_one_does() -> None:
    state, _ = _loaded(*_three())
    state.begin_fetch()
    assert not state.take_changes(NOW).header
    state.fetch_is_slow()
    assert state.take_changes(NOW).header
    assert state.header_view(NOW).connection == "refreshing"


def test_view_toggles_report_what_they_change() -> None:
    state, _ = _loaded(*_three())
    state.toggle_utc()
    changes = state.take_changes(NOW)
    assert state.utc and changes.header and changes.detail and not changes.list_changed
    state.toggle_pause()
    assert state.paused and state.take_changes(NOW).header
    state.interval_longer()
    assert state.policy.interval_s == 10 and state.take_changes(NOW).header
    state.interval_shorter()
    assert state.policy.interval_s == 5


def test_repeated_keys_in_the_server_data_get_unique_rows() -> None:
    state, _ = _loaded(_record("A"), _record("A", minutes_ago=11), _record("", minutes_ago=12))
    assert _keys(state) == ["A", "A #2", "(no operation ID)"]


# ---------------------------------------------------------------- one running operation polled


def _running_three() -> tuple[OperationRecord, ...]:
    a, _, c = _three()
    return a, _record("B", status="processing", minutes_ago=20, blockchain_name="bravo"), c


def test_only_running_operations_are_polled_alone_up_to_a_limit() -> None:
    state, _ = _loaded(*_running_three(), _record("D", status="waiting", minutes_ago=40))
    assert state.operations_to_poll(limit=2) == ["B", "D"]
    assert state.operations_to_poll(limit=1) is None  # more than that: the whole list
    done, _ = _loaded(*_three())
    assert done.operations_to_poll(limit=2) == []


def test_operations_with_repeated_ids_are_left_to_the_whole_list() -> None:
    state, _ = _loaded(_record("R", status="processing"), _record("R", status="finished"))
    assert state.operations_to_poll(limit=20) == []  # a poll of R could answer either


def test_a_polled_operation_that_ended_replaces_its_row_and_is_announced() -> None:
    state, _ = _loaded(*_running_three())
    state.select("C")
    state.take_changes(NOW)
    ended = _record("B", status="failed", minutes_ago=20, blockchain_name="bravo")
    later = NOW + 5 * NS_PER_S
    state.accept_one("B", _result(ended), later)
    changes = state.take_changes(later)
    # That row only (it moves down: running first is the default order).
    assert changes.rows.changed == ("B",) and not (changes.rows.added or changes.rows.removed)
    assert [(t.kind, t.key) for t in changes.transitions] == [(TransitionKind.ENDED, "B")]
    assert not changes.detail  # the selected record (C) did not change
    assert state.record_for("B") is ended and [k for k, _ in state.records] == ["A", "B", "C"]
    assert not state.policy.active  # nothing runs any more
    view = state.header_view(later)
    assert view.updated_ns == later and view.listed_ns == NOW


def test_the_selected_polled_operation_redraws_its_detail() -> None:
    state, _ = _loaded(*_running_three())
    state.select("B")
    state.take_changes(NOW)
    moved = _record("B", status="processing", minutes_ago=19, blockchain_name="bravo")
    state.accept_one("B", _result(moved), NOW)
    changes = state.take_changes(NOW)
    assert changes.detail and changes.rows.changed == ("B",) and changes.transitions == ()
    assert state.selected_record is moved


def test_an_unchanged_poll_changes_no_row() -> None:
    records = _running_three()
    state, _ = _loaded(*records)
    same = _record("B", status="processing", minutes_ago=20, blockchain_name="bravo")
    state.accept_one("B", _result(same), NOW + NS_PER_S)
    changes = state.take_changes(NOW + NS_PER_S)
    assert not changes.rows.any and changes.transitions == ()
    assert state.record_for("B") is records[1]


def test_an_operation_missing_from_its_poll_stays_until_the_whole_list() -> None:
    a, b, c = _running_three()
    state, _ = _loaded(a, b, c)
    state.accept_one("B", _result(), NOW + NS_PER_S)
    assert state.record_for("B") is b and not state.take_changes(NOW).rows.any
    state.accept(_result(a, c), ALL, NOW + 2 * NS_PER_S)
    assert state.record_for("B") is None


def test_the_next_whole_list_does_not_announce_a_polled_ending_again() -> None:
    a, _, c = _running_three()
    state, _ = _loaded(*_running_three())
    ended = _record("B", status="finished", minutes_ago=20, blockchain_name="bravo")
    state.accept_one("B", _result(a, ended, c), NOW)  # a source that ignores the filter
    assert len(state.take_changes(NOW).transitions) == 1
    state.accept(_result(a, ended, c), ALL, NOW + NS_PER_S)
    assert state.take_changes(NOW + NS_PER_S).transitions == ()


def test_a_failed_poll_keeps_the_data_and_a_good_one_clears_the_error() -> None:
    state, _ = _loaded(*_running_three())
    state.fail(OSError("down"), NOW)
    assert state.policy.failures == 1 and len(state.records) == 3
    state.accept_one("B", _result(_running_three()[1]), NOW)
    assert state.policy.failures == 0 and state.last_error is None


def test_a_round_of_polls_re_places_the_records_that_moved_without_a_rebuild(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, _ = _running_three()
    state, _ = _loaded(a, b, _record("C", status="waiting", minutes_ago=30))
    rebuilds: list[int] = []
    real = VisibleList.set_records
    monkeypatch.setattr(
        VisibleList, "set_records", lambda self, keyed: (rebuilds.append(1), real(self, keyed))
    )
    ended_b = _record("B", status="finished", minutes_ago=20, blockchain_name="bravo")
    ended_c = _record("C", status="stop", minutes_ago=30)
    state.accept_polled([("B", _result(ended_b)), ("C", _result(ended_c))], NOW)
    changes = state.take_changes(NOW)
    assert sorted(changes.rows.changed) == ["B", "C"] and len(changes.transitions) == 2
    assert changes.rows.reordered  # both ended: no longer "running first"
    assert rebuilds == []
    expected = sort_records(state.records, state.sort_column, reverse=False, now=NOW)
    assert [key for key, _ in state.visible] == [key for key, _ in expected]


def test_a_poll_round_says_whether_anything_but_the_update_time_changed() -> None:
    running = _record("R", status="processing")
    state, _ = _loaded(running, _record("F"))
    assert not state.accept_polled([("R", _result(running))], NOW + NS_PER_S)
    renamed = _record("R", status="processing", blockchain_name="renamed")
    assert state.accept_polled([("R", _result(renamed))], NOW + NS_PER_S)
    state.fail(OSError("down"), NOW + NS_PER_S)
    assert state.accept_polled([("R", _result(renamed))], NOW + 2 * NS_PER_S)  # recovered
