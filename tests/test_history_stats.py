"""``history stats``: the issue's JSON shape with exact integers, and the table."""

import io
import json

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.expectations import EMPTY_EXPECTATIONS, Expectations, sub_step_key
from bcs_tui.core.status_view import ASCII_GLYPHS
from bcs_tui.history_stats import stats_json, write_stats_json, write_stats_table
from tests.core.timed_records import TWO_STEPS, scaled, stored, timed_record

T0 = 1_767_225_600 * NS_PER_S
S = NS_PER_S


def expectations() -> Expectations:
    ops = [
        stored(timed_record(f"a{i}", start_ns=T0 + i * S, steps=scaled(TWO_STEPS, 100 * i)))
        for i in range(1, 5)
    ]
    ops.append(stored(timed_record("x", start_ns=T0, operation_type="7\x1b[31m")))
    return Expectations.build(ops)


def test_the_json_shape_exactly() -> None:
    stream = io.StringIO()
    write_stats_json(expectations(), stream)
    assert json.loads(stream.getvalue()) == stats_json(expectations())
    kinds = stats_json(expectations())["kinds"]
    assert [set(kind) for kind in kinds] == [
        {"resource_type", "operation_type", "count", "median_ns", "p90_ns", "steps"}
    ] * 2
    first = kinds[1]  # "7\x1b[31m" sorts before "99"
    assert (first["resource_type"], first["operation_type"]) == ("BCSSVC01", "99")
    assert (first["count"], first["median_ns"], first["p90_ns"]) == (4, 120 * S, 240 * S)
    assert first["steps"] == [
        {"name": "Deploy Nodes", "count": 4, "median_ns": 100 * S, "p90_ns": 200 * S},
        {
            "name": sub_step_key("Deploy Nodes", "Pull image"),
            "count": 4,
            "median_ns": 60 * S,
            "p90_ns": 120 * S,
        },
        {
            "name": sub_step_key("Deploy Nodes", "Start pods"),
            "count": 4,
            "median_ns": 40 * S,
            "p90_ns": 80 * S,
        },
        {"name": "Preparation", "count": 4, "median_ns": 20 * S, "p90_ns": 40 * S},
        {
            "name": sub_step_key("Preparation", "Check quota"),
            "count": 4,
            "median_ns": 20 * S,
            "p90_ns": 40 * S,
        },
    ]
    assert kinds[0]["operation_type"] == "7\x1b[31m"  # as received, in JSON
    assert stats_json(EMPTY_EXPECTATIONS) == {"kinds": []}


def test_the_table() -> None:
    stream = io.StringIO()
    write_stats_table(expectations(), stream, ASCII_GLYPHS)
    lines = stream.getvalue().splitlines()
    assert lines[0].split() == ["KIND", "/", "STEP", "COUNT", "MEDIAN", "P90"]
    assert "\x1b" not in stream.getvalue()
    assert any(line.split()[-3:] == ["4", "2m00s", "4m00s"] for line in lines)
    assert any(
        line.startswith("    Pull image ") and line.split()[-2:] == ["1m00s", "2m00s"]
        for line in lines
    )
    assert any(line.startswith("  Deploy Nodes ") for line in lines)
    assert lines[-1] == "2 kinds of operation, from 5 finished operations"
    # A kind with too few operations for an ETA says so; the other does not.
    kinds = [line for line in lines[1:-1] if not line.startswith(" ")]
    marked = sorted(("no ETA yet" in line, line.split()[-3]) for line in kinds)
    assert marked == [(False, "4"), (True, "1")]
    empty = io.StringIO()
    write_stats_table(EMPTY_EXPECTATIONS, empty)
    assert empty.getvalue() == "No finished operations in the history yet.\n"
