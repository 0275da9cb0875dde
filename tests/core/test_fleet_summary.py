"""The header's words for several sources: counts first, each source that is not live
named (several of a kind counted, then named with their errors); every source failing
is said as such, on the error line and in the empty list, never "connecting"."""

from bcs_tui.api.errors import NetworkError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList, record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.header_view import Connection, view_line
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.source_state import Fleet
from bcs_tui.core.source_summary import fleet_error, fleet_summary
from bcs_tui.core.status_view import glyph_set
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()


class NoClient:
    async def list_records(self, filters: RecordFilters) -> RecordList:
        raise AssertionError("not called here")


def _fleet(*names: str) -> Fleet:
    return Fleet(
        [NamedSource(name, None, f"p-{name}", NoClient()) for name in names], RefreshPolicy()
    )


def _answer() -> RecordList:
    return record_list(1, [example_record(operation_id="A")])


def test_one_of_a_kind_is_named_several_are_counted_then_named() -> None:
    fleet = _fleet("north", "sg", "audit")
    assert fleet_summary(fleet.states, "·") == "3 sources: 3 connecting"
    fleet.accept("north", _answer(), ALL, NOW)
    assert fleet_summary(fleet.states, "·") == "3 sources: 1 live · 2 connecting"
    fleet.fail("sg", NetworkError("connection refused"), NOW, keep_backoff=False)
    assert fleet_summary(fleet.states, "·") == (
        "3 sources: 1 live · audit connecting · sg failing: connection refused"
    )
    fleet.fail("north", NetworkError("timed out"), NOW, keep_backoff=False)
    fleet.fail("audit", NetworkError("refused"), NOW, keep_backoff=False)
    assert fleet_summary(fleet.states, "·") == (
        "3 sources: north stale: timed out · 2 failing · sg: connection refused · audit: refused"
    )
    assert fleet_error(fleet.states) == "north: timed out"


def test_every_source_failing_is_no_longer_connecting() -> None:
    fleet = _fleet("north", "sg")
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(), server_filters=ALL, fleet=fleet
    )
    state.fail_source("north", NetworkError("HTTP 401"), NOW)
    view = state.header_view(NOW)
    # sg has not answered yet: still connecting, nothing is said failed as a whole.
    assert view.connection is Connection.CONNECTING and view.error is None
    state.fail_source("sg", NetworkError("refused"), NOW)
    view = state.header_view(NOW)
    assert view.sources == "2 sources: 2 failing · north: HTTP 401 · sg: refused"
    assert view.connection is Connection.STALE
    assert view.error == "north: HTTP 401"
    assert state.empty_text == "No data yet: 2 sources failing (P lists their errors)."
    state.accept_source("sg", _answer(), ALL, NOW)
    view = state.header_view(NOW)
    assert view.connection is Connection.LIVE and view.error is None


def test_one_source_shown_counts_its_records_of_all() -> None:
    fleet = _fleet("north", "sg")
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(), server_filters=ALL, fleet=fleet
    )
    state.accept_source("north", _answer(), ALL, NOW)
    two = record_list(2, [example_record(operation_id="B"), example_record(operation_id="C")])
    state.accept_source("sg", two, ALL, NOW)
    state.set_source_filter("sg", NOW)
    line = "".join(piece.text for piece in view_line(state.header_view(NOW), glyph_set(False)))
    assert line.startswith("2/3 records · source: sg"), line
