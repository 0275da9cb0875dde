"""Each source's own state, the merged list keyed by source, and the header's summary."""

from typing import Any

from bcs_tui.api.errors import ApiError, NetworkError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, RecordList, record_list
from bcs_tui.base.text_width import cell_width
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.header_view import identity_line, view_line
from bcs_tui.core.listing import SORT_CYCLE, SortColumn
from bcs_tui.core.named_source import NamedSource, source_key
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.source_state import Fleet, SourceHealth
from bcs_tui.core.source_summary import fleet_summary, source_rows
from bcs_tui.core.status_view import glyph_set
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()
GLYPHS = glyph_set(False)


class NoClient:
    async def list_records(self, filters: RecordFilters) -> RecordList:
        raise AssertionError("not called here")


def _source(name: str) -> NamedSource:
    return NamedSource(name, "cn-north-4", f"project-{name}", NoClient())


def _record(operation_id: str, status: str = "finished", **changes: Any) -> OperationRecord:
    changes.setdefault("record_time", NOW - 10 * NS_PER_MIN)
    return example_record(operation_id=operation_id, operation_status=status, **changes)


def _result(*records: OperationRecord) -> RecordList:
    return record_list(len(records), list(records))


def _fleet(*names: str) -> Fleet:
    return Fleet([_source(name) for name in names], RefreshPolicy(interval_s=5.0))


def _state(fleet: Fleet) -> DashboardState:
    return DashboardState(
        glyphs=GLYPHS, policy=RefreshPolicy(interval_s=5.0), server_filters=ALL, fleet=fleet
    )


def test_each_source_has_its_own_health_errors_and_back_off() -> None:
    fleet = _fleet("north", "sg")
    assert {state.health for state in fleet.states} == {SourceHealth.CONNECTING}
    fleet.accept("north", _result(_record("A")), ALL, NOW)
    fleet.fail("sg", NetworkError("connection refused"), NOW, keep_backoff=False)
    assert fleet.state("north").health is SourceHealth.LIVE
    assert fleet.state("sg").health is SourceHealth.FAILING
    assert fleet.state("sg").policy.failures == 1
    assert fleet.state("north").policy.failures == 0
    fleet.accept("sg", _result(_record("B")), ALL, NOW + 1)
    fleet.fail("sg", NetworkError("connection refused"), NOW + 2, keep_backoff=False)
    assert fleet.state("sg").health is SourceHealth.STALE
    assert fleet.state("sg").stale_since_ns == NOW + 2
    # A retry asked for (r) during a back-off does not double it.
    fleet.fail("sg", NetworkError("again"), NOW + 3, keep_backoff=True)
    assert fleet.state("sg").policy.failures == 1


def test_the_same_operation_id_in_two_sources_is_two_rows() -> None:
    fleet = _fleet("north", "sg")
    state = _state(fleet)
    state.accept_source("north", _result(_record("A"), _record("B")), ALL, NOW)
    state.accept_source("sg", _result(_record("A")), ALL, NOW)
    keys = [row.key for row in state.rows(NOW)]
    assert sorted(keys) == sorted(
        [source_key("north", "A"), source_key("north", "B"), source_key("sg", "A")]
    )
    assert fleet.source_of(source_key("sg", "A")) == "sg"
    assert {row.cells["source"] for row in state.rows(NOW)} == {"north", "sg"}


def test_a_sources_first_answer_is_no_news_and_its_later_changes_are_named() -> None:
    fleet = _fleet("north", "sg")
    state = _state(fleet)
    state.accept_source("north", _result(_record("A", "processing")), ALL, NOW)
    state.accept_source("sg", _result(_record("A", "processing")), ALL, NOW)
    assert state.take_changes(NOW).transitions == ()
    state.accept_source("sg", _result(_record("A", "failed")), ALL, NOW + 1)
    found = state.take_changes(NOW + 1).transitions
    assert [(t.key, t.source) for t in found] == [(source_key("sg", "A"), "sg")]
    assert found[0].text().startswith("sg: ")


def test_one_sources_answer_leaves_the_others_records_as_they_were() -> None:
    fleet = _fleet("north", "sg")
    state = _state(fleet)
    north = _record("A")
    state.accept_source("north", _result(north), ALL, NOW)
    state.accept_source("sg", _result(_record("B")), ALL, NOW)
    state.accept_source("sg", _result(_record("C")), ALL, NOW + 1)
    assert state.record_for(source_key("north", "A")) is north
    assert state.record_for(source_key("sg", "B")) is None
    assert state.record_for(source_key("sg", "C")) is not None


def test_the_row_key_map_holds_the_records_of_each_sources_last_answer_only() -> None:
    # The fleet soak relies on this: rows that leave a source leave the map too.
    fleet = _fleet("north", "sg")
    fleet.accept("north", _result(_record("A"), _record("B")), ALL, NOW)
    fleet.accept("sg", _result(_record("A")), ALL, NOW)
    assert fleet.row_keys_held == 3
    fleet.accept("north", _result(_record("C")), ALL, NOW + 1)
    assert fleet.row_keys_held == 2
    assert fleet.source_of(source_key("north", "A")) is None


def test_the_source_filter_and_the_search_by_source_name() -> None:
    fleet = _fleet("north", "southfleet")
    state = _state(fleet)
    state.accept_source("north", _result(_record("A"), _record("B")), ALL, NOW)
    state.accept_source("southfleet", _result(_record("C")), ALL, NOW)
    state.set_source_filter("north", NOW)
    assert {fleet.source_of(key) for key, _ in state.visible} == {"north"}
    assert "source: north" in " ".join(p.text for p in _view_line(state))
    assert state.why_not_shown(source_key("southfleet", "C")) is not None
    state.set_source_filter(None, NOW)
    state.set_search("southfleet", NOW)
    assert [key for key, _ in state.visible] == [source_key("southfleet", "C")]


def _view_line(state: DashboardState) -> Any:
    return view_line(state.header_view(NOW), GLYPHS)


def test_the_summary_counts_live_sources_and_names_the_others_with_their_error() -> None:
    fleet = _fleet("north", "cn", "sg")
    fleet.accept("north", _result(_record("A")), ALL, NOW)
    fleet.accept("cn", _result(_record("B")), ALL, NOW)
    fleet.accept("sg", _result(_record("C")), ALL, NOW)
    fleet.fail("sg", NetworkError("connection refused"), NOW, keep_backoff=False)
    assert fleet_summary(fleet.states, "·") == "3 sources: 2 live · sg stale: connection refused"


def test_the_header_line_stays_one_line_at_80_columns() -> None:
    fleet = _fleet("north", "cn", "sg")
    state = _state(fleet)
    for name in ("north", "cn", "sg"):
        state.accept_source(name, _result(_record("A")), ALL, NOW)
    error = ApiError(503, "BCS.5000", "x" * 300, "req-1")
    state.fail_source("sg", error, NOW)
    line = identity_line(state.header_view(NOW), GLYPHS, 80)
    text = "".join(piece.text for piece in line)
    assert cell_width(text) <= 80
    assert text.startswith("default · 3 sources: 2 live · sg stale: ")


def test_the_sources_view_rows_say_state_last_success_count_and_error() -> None:
    fleet = _fleet("north", "sg")
    fleet.accept("north", _result(_record("A"), _record("B")), ALL, NOW - 5 * NS_PER_S)
    fleet.fail("sg", NetworkError("refused\nbadly"), NOW, keep_backoff=False)
    north, sg = source_rows(fleet.states, NOW)
    assert north == ("north", "cn-north-4", "project-north", "live", "5s ago", "2", "-")
    assert sg[3:6] == ("failing", "never", "0")
    assert "\n" not in sg[6] and "refused" in sg[6]


def test_sorting_by_source_comes_after_the_last_column_with_several_sources() -> None:
    fleet = _fleet("zulu", "alpha")
    state = _state(fleet)
    state.accept_source("zulu", _result(_record("A", record_time=NOW - NS_PER_S)), ALL, NOW)
    state.accept_source("alpha", _result(_record("B", record_time=NOW - 9 * NS_PER_S)), ALL, NOW)
    assert [key for key, _ in state.visible] == [source_key("zulu", "A"), source_key("alpha", "B")]
    words = []
    for _ in range(len(SORT_CYCLE) + 1):
        state.cycle_sort(NOW)
        words.append(state.header_view(NOW).sort)
    assert words[-2:] == ["source", SortColumn.DEFAULT.value]
    while not state.sort_by_source:
        state.cycle_sort(NOW)
    assert state.sorting.key == "source"
    assert [key for key, _ in state.visible] == [source_key("alpha", "B"), source_key("zulu", "A")]
    state.reverse_sort(NOW)
    assert [key for key, _ in state.visible] == [source_key("zulu", "A"), source_key("alpha", "B")]


def test_a_record_replaced_in_place_keeps_the_source_filter() -> None:
    fleet = _fleet("north", "sg")
    state = _state(fleet)
    state.accept_source("north", _result(_record("A", "processing")), ALL, NOW)
    state.accept_source("sg", _result(_record("B", "processing")), ALL, NOW)
    state.set_source_filter("north", NOW)
    state.rows(NOW)
    state.accept_source("sg", _result(_record("B", "failed")), ALL, NOW + 1)
    assert [key for key, _ in state.visible] == [source_key("north", "A")]
    state.accept_source("north", _result(_record("A", "finished")), ALL, NOW + 2)
    assert [key for key, _ in state.visible] == [source_key("north", "A")]


def test_row_keys_stay_unique_when_source_names_hold_the_separator() -> None:
    fleet = _fleet("a", "a:b")
    state = _state(fleet)
    state.accept_source("a", _result(_record("b:X")), ALL, NOW)  # the server's ID
    state.accept_source("a:b", _result(_record("X")), ALL, NOW)
    keys = [key for key, _ in state.records]
    assert len(set(keys)) == 2
    assert sorted(str(fleet.source_of(key)) for key in keys) == ["a", "a:b"]
