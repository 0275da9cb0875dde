"""A stale source's rows (with several sources): shown as at the moment it became stale,
dimmed, while the live sources' rows go on; live again with its next answer."""

from bcs_tui.api.errors import NetworkError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, RecordList, record_list
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.named_source import NamedSource, source_key
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.source_state import Fleet
from bcs_tui.core.status_view import glyph_set
from tests.core.view_records import example_record

NOW = 1_767_225_600 * NS_PER_S
ALL = RecordFilters()


class NoClient:
    async def list_records(self, filters: RecordFilters) -> RecordList:
        raise AssertionError("not called here")


def _running(operation_id: str) -> RecordList:
    record: OperationRecord = example_record(
        operation_id=operation_id, operation_status="processing", record_time=NOW - NS_PER_MIN
    )
    return record_list(1, [record])


def test_a_stale_sources_rows_are_held_and_the_live_ones_go_on() -> None:
    fleet = Fleet(
        [NamedSource(name, None, f"p-{name}", NoClient()) for name in ("north", "sg")],
        RefreshPolicy(),
    )
    state = DashboardState(
        glyphs=glyph_set(False), policy=RefreshPolicy(), server_filters=ALL, fleet=fleet
    )
    state.accept_source("north", _running("A"), ALL, NOW)
    state.accept_source("sg", _running("B"), ALL, NOW)
    north, sg = source_key("north", "A"), source_key("sg", "B")
    state.take_changes(NOW)
    failed_at = NOW + NS_PER_S
    state.fail_source("sg", NetworkError("connection refused"), failed_at)
    later = NOW + 30 * NS_PER_S
    changes = state.take_changes(later)
    assert sg in changes.rows.changed
    rows = {row.key: row for row in state.rows(later)}
    assert rows[sg].held and not rows[north].held
    held_row = rows[sg]
    # Its times stay at the moment it became stale; the detail is shown at that moment.
    assert state.shown_now(later, sg) == failed_at and state.shown_now(later, north) == later
    even_later = later + 180 * NS_PER_MIN  # its durations are counted in days and hours
    rows = {row.key: row for row in state.rows(even_later)}
    assert rows[sg] is held_row
    assert rows[north].cells["duration"] != held_row.cells["duration"]
    # Its next answer: live again, its times go on.
    state.accept_source("sg", _running("B"), ALL, even_later)
    rows = {row.key: row for row in state.rows(even_later)}
    assert not rows[sg].held and rows[sg].cells["duration"] == rows[north].cells["duration"]
