"""The dashboard's history over a real SQLite file: what a poll submits counts for the
expectations read right after it, a load lists the newest operations only, and each warning
is told once, also those from before the app listened."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.history import dashboard_history
from bcs_tui.history.dashboard_history import DashboardHistory
from tests.core.timed_records import TWO_STEPS, scaled, timed_record

NOW_NS = time.time_ns()


@pytest.fixture
def history(tmp_path: Path) -> Iterator[DashboardHistory]:
    """Over a new file; its writer thread closed after the test."""
    opened = DashboardHistory(tmp_path / "h.sqlite3", keep_days=180)
    yield opened
    opened.close()


def _stored_newest_first(history: DashboardHistory, count: int) -> None:
    """``op-0`` (the newest) to ``op-<count - 1>``, stored: written when this returns."""
    records = [
        timed_record(f"op-{i}", start_ns=NOW_NS - 900 * NS_PER_S, record_time=NOW_NS - i)
        for i in range(count)
    ]
    history.submit("north", "project-1", records, NOW_NS)
    history.expectations()  # waits for the writer


def test_the_expectations_count_the_polls_submitted_just_before(
    history: DashboardHistory,
) -> None:
    finished = [
        timed_record(f"op-{i}", start_ns=NOW_NS - 900 * NS_PER_S, steps=scaled(TWO_STEPS, p))
        for i, p in enumerate((100, 100, 100, 100, 200))
    ]
    history.submit("north", "project-1", finished, NOW_NS)
    expectations = history.expectations()  # at once: no wait for the writer here
    (kind,) = expectations.kinds
    assert (kind.total.count, kind.total.median_ns, kind.total.p90_ns) == (
        5,
        60 * NS_PER_S,
        120 * NS_PER_S,
    )


def test_a_load_lists_the_newest_operations_only(
    history: DashboardHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard_history, "LOADED_AT_MOST", 3)
    _stored_newest_first(history, 5)
    assert [one.operation_id for one in history.load()] == ["op-0", "op-1", "op-2"]


def test_a_load_lists_the_newest_operations_that_are_not_live(
    history: DashboardHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live operations are the newest stored: had they taken the places, H would add
    # almost nothing with a long live list.
    monkeypatch.setattr(dashboard_history, "LOADED_AT_MOST", 3)
    _stored_newest_first(history, 7)
    live = frozenset({("project-1", "op-0"), ("project-1", "op-2"), ("other", "op-1")})
    # op-1 of another project is another operation: not live here.
    assert [one.operation_id for one in history.load(live)] == ["op-1", "op-3", "op-4"]


def test_each_warning_is_told_once_also_those_from_before_the_app_listened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    history = DashboardHistory(path, keep_days=180)
    try:
        history.submit("north", "project-1", [], NOW_NS)
        history.expectations()  # the writer has opened (and moved aside) the file by now
        told: list[str] = []
        history.warnings_to(told.append)
        history.load()  # opens the fresh file: nothing more to say
        assert len(told) == 1 and "moved aside" in told[0], told
        assert [p.name.startswith("h.sqlite3.corrupt-") for p in tmp_path.iterdir()].count(True)
    finally:
        history.close()
