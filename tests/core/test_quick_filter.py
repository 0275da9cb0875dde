"""The quick status filters (keys 1-4) and the jumps between failed or stopped operations
(``]`` / ``[``), on ``DashboardState`` with no App; the copy menu's choices."""

import copy
import json
from dataclasses import replace

import pytest

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, record_list
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core import row_cache
from bcs_tui.core.copy_choices import copy_choices, failure_message
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.filter_words import filter_words
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.quick_filter import QuickFilter
from bcs_tui.core.sort_cache import SortKeyCache
from bcs_tui.core.status_view import glyph_set
from tests.core.view_records import example_raw, example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()
# Newest first, as the default order shows ended ones (running ones come first).
STATUSES = {
    "run": "processing",
    "wait": "waiting",
    "fail-1": "failed",
    "done-1": "finished",
    "stop": "stop",
    "done-2": "finished",
    "fail-2": "failed",
}


def _record(operation_id: str, status: str, minutes_ago: int) -> OperationRecord:
    return example_record(
        operation_id=operation_id,
        operation_status=status,
        record_time=NOW - minutes_ago * NS_PER_MIN,
    )


def _loaded(statuses: dict[str, str] = STATUSES) -> DashboardState:
    records = [_record(key, status, i + 1) for i, (key, status) in enumerate(statuses.items())]
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(interval_s=5.0), server_filters=ALL
    )
    state.accept(record_list(len(records), records), ALL, NOW)
    state.take_changes(NOW)
    return state


def _keys(state: DashboardState) -> list[str]:
    return [key for key, _ in state.visible]


@pytest.mark.parametrize(
    ("quick", "shown"),
    [
        (QuickFilter.RUNNING, ["run", "wait"]),
        (QuickFilter.FAILED, ["fail-1", "stop", "fail-2"]),
        (QuickFilter.FINISHED, ["done-1", "done-2"]),
        (QuickFilter.ALL, list(STATUSES)),
    ],
)
def test_each_quick_filter_shows_its_statuses_in_the_list_order(
    quick: QuickFilter, shown: list[str]
) -> None:
    state = _loaded()
    state.set_quick_filter(quick, NOW)
    assert _keys(state) == shown
    changes = state.take_changes(NOW)
    assert [row.key for row in state.rows(NOW)] == shown
    assert changes.header is (quick is not QuickFilter.ALL)  # ALL is already set
    header = state.header_view(NOW)
    assert (header.shown, header.total) == (len(shown), len(STATUSES))
    assert header.quick_filter == ("" if quick is QuickFilter.ALL else quick.value)


def test_selection_stays_when_still_shown_else_goes_to_the_first_row() -> None:
    state = _loaded()
    state.select("stop")
    state.set_quick_filter(QuickFilter.FAILED, NOW)
    assert state.selected_key == "stop"
    assert not state.take_changes(NOW).move_cursor
    state.set_quick_filter(QuickFilter.RUNNING, NOW)
    assert state.selected_key == "run"
    assert state.take_changes(NOW).move_cursor
    state.set_quick_filter(QuickFilter.ALL, NOW)
    assert state.selected_key == "run" and _keys(state) == list(STATUSES)


def test_quick_filter_combines_with_the_search_and_says_when_nothing_is_left() -> None:
    state = _loaded({"run": "processing", "done-1": "finished"})
    state.set_quick_filter(QuickFilter.FAILED, NOW)
    assert _keys(state) == [] and state.selected_key is None
    assert state.empty_text == "No failed/stopped operations in this list."
    state.set_quick_filter(QuickFilter.FINISHED, NOW)
    state.set_search("done", NOW)
    assert _keys(state) == ["done-1"]
    state.set_search("run", NOW)
    # The search alone would show "run": the text names both, not the search alone.
    assert _keys(state) == []
    assert state.empty_text == 'No finished operations match "run".'


def test_why_an_operation_is_not_shown() -> None:
    state = _loaded()
    assert state.why_not_shown("run") is None
    state.set_quick_filter(QuickFilter.FAILED, NOW)
    assert state.why_not_shown("run") == "show: failed/stopped hides it (1 shows all)"
    state.set_quick_filter(QuickFilter.ALL, NOW)
    state.set_search("done", NOW)
    assert state.why_not_shown("run") == "the search hides it"
    assert state.why_not_shown("gone") == "it is no longer listed"


def test_a_record_that_stops_running_leaves_the_running_filter() -> None:
    state = _loaded()
    state.set_quick_filter(QuickFilter.RUNNING, NOW)
    ended = _record("run", "failed", 1)
    state.accept_one("run", record_list(1, [ended]), NOW + NS_PER_S)
    assert _keys(state) == ["wait"]
    state.set_quick_filter(QuickFilter.FAILED, NOW)
    assert "run" in _keys(state)


def test_switching_quick_filters_at_10000_records_neither_sorts_nor_builds_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = _record("op", "failed", 1)
    statuses = (Status.FAILED, Status.FINISHED, Status.PROCESSING)
    records = [
        replace(one, operation_id=f"op-{i:05d}", operation_status=statuses[i % 3])
        for i in range(10_000)
    ]
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(interval_s=5.0), server_filters=ALL
    )
    state.accept(record_list(len(records), records), ALL, NOW)
    state.take_changes(NOW)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("work per record beyond one status test")

    monkeypatch.setattr(row_cache, "row_view", refused)
    monkeypatch.setattr(SortKeyCache, "sorted_with_keys", refused)
    for quick, count in [(QuickFilter.FAILED, 3334), (QuickFilter.RUNNING, 3333)]:
        state.set_quick_filter(quick, NOW)
        state.take_changes(NOW)
        assert len(state.rows(NOW)) == count
    state.set_quick_filter(QuickFilter.ALL, NOW)
    assert len(state.rows(NOW)) == 10_000


def test_jumps_go_to_the_next_failed_or_stopped_and_wrap_around() -> None:
    state = _loaded()
    assert state.selected_key == "run"
    seen = [state.jump_to_attention() for _ in range(4)]
    assert seen == [("fail-1", False), ("stop", False), ("fail-2", False), ("fail-1", True)]
    assert state.selected_key == "fail-1" and state.take_changes(NOW).move_cursor
    assert state.jump_to_attention(backward=True) == ("fail-2", True)
    assert state.jump_to_attention(backward=True) == ("stop", False)
    state.select("done-2")
    assert state.jump_to_attention(backward=True) == ("stop", False)


def test_jump_with_none_failed_changes_nothing() -> None:
    state = _loaded({"run": "processing", "done-1": "finished"})
    state.take_changes(NOW)
    assert state.jump_to_attention() is None
    assert state.selected_key == "run" and not state.take_changes(NOW).move_cursor


def test_jumps_stay_in_the_filtered_list() -> None:
    state = _loaded()
    state.set_search("fail-2", NOW)
    assert state.jump_to_attention() == ("fail-2", True)
    assert state.selected_key == "fail-2"


def test_filters_are_named_in_words() -> None:
    filters = RecordFilters(
        operation_id="BCS-1",
        blockchain_id="chain-a",
        operation_type="99",
        operation_status="stop",
        resource_type="PLUGIN01",
    )
    assert filter_words(filters) == (
        "status: stopped, resource: REST API add-on, type: create, blockchain: chain-a, "
        "operation: BCS-1"
    )
    assert filter_words(RecordFilters(blockchain_id="\x1b[2J")) == "blockchain: ␛[2J"
    assert filter_words(ALL) == ""


def _failed_example() -> OperationRecord:
    raw = copy.deepcopy(example_raw())
    raw["operation_status"] = "failed"
    step = raw["operation_process"]["Create Other Dependent Resource"]
    step["status"] = "failed"
    step["sub_steps"]["Create network storage"].update(
        status="failed",
        detail="Image pull failed",
        message=["Image pull failed", "manifest \x1b]0;unknown\x07"],
    )
    raw["message"] = ["the operation failed"]
    return example_record(**raw)


def test_copy_choices_give_safe_text_for_each_item() -> None:
    record = _failed_example()
    choices = copy_choices(record, "…")
    assert [choice.label for choice in choices] == [
        "Operation ID",
        "Blockchain ID",
        "Failure message",
        "Record as JSON",
    ]
    operation, blockchain, message, as_json = choices
    assert operation.text == " BCS SVC01-99-1618218591906093855"
    assert blockchain.text == "23604f57-eac9-3777-e9f5-ae87457f2338"
    # The failed sub-step's message, its detail not repeated, control characters made visible.
    assert message.text == "Image pull failed\nmanifest ␛]0;unknown␇"
    assert message.summary == "Image pull failed …"
    assert as_json.text is not None and as_json.text.isascii()
    assert json.loads(as_json.text) == record.to_api_json()


def test_failure_message_falls_back_to_the_record_message_and_is_none_unless_failed() -> None:
    assert failure_message(example_record()) is None
    record = example_record(operation_status="stop", message=["stopped by the user"])
    assert failure_message(record) == "stopped by the user"
    assert failure_message(example_record(operation_status="failed")) is None
    choices = copy_choices(example_record(blockchain_id=None), "...")
    assert choices[1].text is None and choices[1].summary == "(none)"
    assert choices[2].text is None
