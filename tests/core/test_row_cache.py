"""The row cache must always show exactly what ``row_view`` would, only faster."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bcs_tui.api.models import OperationRecord, parse_record_list
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.core.listing import keyed_records
from bcs_tui.core.record_view import row_view
from bcs_tui.core.row_cache import RowViewCache
from bcs_tui.core.status_view import glyph_set
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from bcs_tui.sim.engine import Simulation
from tests.core.view_records import example_record

ORIGIN = 1_767_225_600 * NS_PER_S
GLYPHS = glyph_set(False)


def _records(now: int) -> list[tuple[str, OperationRecord]]:
    simulation = Simulation(seed=3, origin_ns=ORIGIN, history=25, project_id=DEFAULT_PROJECT_ID)
    return keyed_records(parse_record_list(json.loads(simulation.body(now, {}))).records)


@pytest.mark.parametrize(
    "later_ns", [0, 400_000_000, 3 * NS_PER_S, 61 * NS_PER_S, 59 * NS_PER_MIN, 50 * 60 * NS_PER_MIN]
)
def test_rows_match_row_view_as_time_passes(later_ns: int) -> None:
    keyed = _records(ORIGIN)
    cache = RowViewCache(GLYPHS)
    cache.rows(keyed, ORIGIN)
    now = ORIGIN + later_ns
    assert cache.rows(keyed, now) == [row_view(k, r, now, GLYPHS) for k, r in keyed]


def test_unchanged_rows_are_the_same_objects() -> None:
    keyed = _records(ORIGIN)
    cache = RowViewCache(GLYPHS)
    first = cache.rows(keyed, ORIGIN)
    again = cache.rows(keyed, ORIGIN)
    assert all(a is b for a, b in zip(first, again, strict=True))


def test_a_replaced_record_is_rebuilt_and_a_gone_one_forgotten() -> None:
    old = example_record(operation_id="op-1", blockchain_name="before")
    new = example_record(operation_id="op-1", blockchain_name="after")
    cache = RowViewCache(GLYPHS)
    now = ORIGIN
    assert cache.rows([("op-1", old)], now)[0].cells["blockchain"] == "before"
    assert cache.rows([("op-1", new)], now)[0].cells["blockchain"] == "after"
    assert cache.rows([], now) == []
    assert cache.rows([("op-1", old)], now)[0].cells["blockchain"] == "before"


def test_same_record_under_two_keys_keeps_each_key() -> None:
    record = example_record(operation_id="dup")
    rows = RowViewCache(GLYPHS).rows([("dup", record), ("dup #2", record)], ORIGIN)
    assert [row.key for row in rows] == ["dup", "dup #2"]


STEPS = st.integers(min_value=-3 * NS_PER_S, max_value=2 * 60 * NS_PER_MIN) | st.sampled_from(
    [1, NS_PER_S // 10, NS_PER_S, NS_PER_MIN, 24 * 60 * NS_PER_MIN, 2 * 24 * 60 * NS_PER_MIN]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(STEPS, min_size=1, max_size=12))
def test_rows_stay_exact_whatever_the_clock_does(steps: list[int]) -> None:
    keyed = _records(ORIGIN + 5 * NS_PER_MIN)
    cache = RowViewCache(GLYPHS)
    now = ORIGIN
    for step in steps:
        now += step
        assert cache.rows(keyed, now) == [row_view(k, r, now, GLYPHS) for k, r in keyed]


@settings(max_examples=60, deadline=None)
@given(st.lists(STEPS, min_size=1, max_size=12))
def test_advancing_the_clock_stays_exact_and_reports_each_row_that_changed(
    steps: list[int],
) -> None:
    keyed = _records(ORIGIN + 5 * NS_PER_MIN)
    cache = RowViewCache(GLYPHS)
    now = ORIGIN
    rows = cache.rows(keyed, now)
    for step in steps:
        advanced = cache.advance(keyed, rows, now + step)
        if step < 0:
            assert advanced is None  # the clock went back: only a full pass is exact
            rows = cache.rows(keyed, now + step)
        else:
            assert advanced is not None
            differ = [
                i for i, (a, b) in enumerate(zip(rows, advanced.rows, strict=True)) if a is not b
            ]
            assert advanced.changed == differ
            assert all(rows[i] != advanced.rows[i] for i in differ)
            rows = advanced.rows
        now += step
        assert rows == [row_view(k, r, now, GLYPHS) for k, r in keyed]


def test_advancing_one_second_retimes_only_the_rows_due(monkeypatch: pytest.MonkeyPatch) -> None:
    old = [
        (
            f"old-{i}",
            example_record(operation_id=f"old-{i}", record_time=ORIGIN - 3 * 24 * 60 * NS_PER_MIN),
        )
        for i in range(50)
    ]
    fresh = [("fresh", example_record(operation_id="fresh", record_time=ORIGIN - 5 * NS_PER_S))]
    keyed = old + fresh
    cache = RowViewCache(GLYPHS)
    rows = cache.rows(keyed, ORIGIN)
    retimed: list[str] = []
    real = RowViewCache._retimed
    monkeypatch.setattr(
        RowViewCache,
        "_retimed",
        lambda self, entry, now: retimed.append(entry.row.key) or real(self, entry, now),
    )
    advanced = cache.advance(keyed, rows, ORIGIN + NS_PER_S)
    assert advanced is not None
    assert retimed == ["fresh"]  # "5s ago" becomes "6s ago"; the day-old ages cannot move
    assert advanced.changed == [50]


def test_replacing_a_row_rebuilds_that_row_only() -> None:
    keyed = [
        (f"op-{i}", example_record(operation_id=f"op-{i}", blockchain_name="before"))
        for i in range(5)
    ]
    cache = RowViewCache(GLYPHS)
    rows = cache.rows(keyed, ORIGIN)
    replaced = list(keyed)
    replaced[2] = ("op-2", example_record(operation_id="op-2", blockchain_name="after"))
    advanced = cache.advance(replaced, rows, ORIGIN, replacing=(keyed, [2]))
    assert advanced is not None
    assert advanced.changed == [2]
    assert advanced.rows == [row_view(k, r, ORIGIN, GLYPHS) for k, r in replaced]
    assert all(advanced.rows[i] is rows[i] for i in (0, 1, 3, 4))
    assert cache.advance(replaced, rows, ORIGIN) is None  # ``rows`` is no longer the last
