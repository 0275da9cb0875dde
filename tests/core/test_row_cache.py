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
