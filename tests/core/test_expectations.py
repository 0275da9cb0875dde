"""Expectations from finished operations of known durations: exact nearest-rank medians and
p90s of the total and of each step and sub-step (by name), per source with the fallback to
all sources, and nothing under three."""

from typing import Any

from bcs_tui.api.models import parse_record
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.expectations import (
    EMPTY_EXPECTATIONS,
    Expectations,
    sample_of,
    spread_of,
    sub_step_key,
)
from bcs_tui.core.stored_operation import StoredOperation
from tests.core.timed_records import (
    PENDING,
    RUNNING,
    TWO_STEPS,
    scaled,
    stored,
    timed_payload,
    timed_record,
)

T0 = 1_767_225_600 * NS_PER_S
S = NS_PER_S


def finished(index: int, percent: int = 100, source: str = "sg", **kwargs: Any) -> StoredOperation:
    record = timed_record(
        f"op-{source}-{index}",
        start_ns=T0 + index * 1000 * S,
        steps=scaled(TWO_STEPS, percent),
        **kwargs,
    )
    return stored(record, source)


def test_nearest_rank_median_and_p90() -> None:
    spread = spread_of([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    assert (spread.count, spread.median_ns, spread.p90_ns) == (10, 5, 9)
    spread = spread_of([5, 1, 4, 2, 3])
    assert (spread.median_ns, spread.p90_ns) == (3, 5)
    assert (spread_of([7]).median_ns, spread_of([7]).p90_ns) == (7, 7)
    assert (spread_of([1, 2]).median_ns, spread_of([1, 2]).p90_ns) == (1, 2)


def test_totals_steps_and_sub_steps_by_name() -> None:
    # Five operations taking 100%, 200%, ..., 500% of TWO_STEPS (60 s in all).
    ops = [finished(index, 100 * index) for index in range(1, 6)]
    expected = Expectations.build(ops).of(timed_record("x", start_ns=T0))
    assert expected is not None
    assert (expected.total.count, expected.total.median_ns, expected.total.p90_ns) == (
        5,
        180 * S,
        300 * S,
    )
    deploy = expected.step("Deploy Nodes")
    assert deploy is not None and (deploy.median_ns, deploy.p90_ns) == (150 * S, 250 * S)
    pull = expected.sub_step("Deploy Nodes", "Pull image")
    assert pull is not None and (pull.count, pull.median_ns, pull.p90_ns) == (5, 90 * S, 150 * S)
    assert expected.steps[sub_step_key("Preparation", "Check quota")].median_ns == 30 * S
    assert set(expected.steps) == {
        "Preparation",
        "Deploy Nodes",
        sub_step_key("Preparation", "Check quota"),
        sub_step_key("Deploy Nodes", "Pull image"),
        sub_step_key("Deploy Nodes", "Start pods"),
    }


def test_a_sources_own_numbers_once_it_has_three_else_all_sources() -> None:
    ops = [finished(index, 100, "sg") for index in range(3)]
    ops += [finished(index, 1000, "hk") for index in range(2)]
    expectations = Expectations.build(ops)
    running = timed_record("x", start_ns=T0, status="processing")
    sg = expectations.of(running, "sg")
    hk = expectations.of(running, "hk")
    anywhere = expectations.of(running)
    assert sg is not None and (sg.total.count, sg.total.p90_ns) == (3, 60 * S)
    # hk has two of its own: everyone's five (60, 60, 60, 600, 600 s).
    assert hk is not None and (hk.total.count, hk.total.median_ns, hk.total.p90_ns) == (
        5,
        60 * S,
        600 * S,
    )
    assert anywhere == hk
    assert expectations.of(running, "nowhere") == hk


def test_nothing_under_three_finished_and_other_kinds_apart() -> None:
    ops = [finished(index) for index in range(2)]
    ops += [finished(index, operation_type="7") for index in range(10, 14)]
    expectations = Expectations.build(ops)
    assert expectations.of(timed_record("x", start_ns=T0)) is None
    other = expectations.of(timed_record("x", start_ns=T0, operation_type="7"))
    assert other is not None and other.total.count == 4
    # ``kinds`` lists every kind seen (for ``history stats``), sorted.
    assert [(k.operation_type, k.total.count) for k in expectations.kinds] == [("7", 4), ("99", 2)]
    assert EMPTY_EXPECTATIONS.of(timed_record("x", start_ns=T0)) is None
    assert EMPTY_EXPECTATIONS.kinds == ()


def test_only_finished_operations_count() -> None:
    failed = timed_record("f", start_ns=T0, status="failed")
    running_steps = (("Preparation", (("Check quota", RUNNING),)),)
    running = timed_record("r", start_ns=T0, status="processing", steps=running_steps)
    no_times = timed_record("n", start_ns=T0, steps=(("Preparation", (("Check", PENDING),)),))
    invalid = parse_record({"operation_id": "i", "operation_status": "finished", "record_time": []})
    for record in (failed, running, no_times, invalid):
        assert sample_of(stored(record)) is None
    assert Expectations.build([stored(r) for r in (failed, running, no_times)]).kinds == ()


def test_a_tree_with_values_read_leniently_gives_the_same_durations() -> None:
    """A time sent as text (or a number as a name) is read as the record reads it: the quick
    reading of the kept bytes hands such a tree to the full one."""
    plain = timed_payload("a", start_ns=T0)
    lenient = timed_payload("b", start_ns=T0)
    sub = lenient["operation_process"]["Deploy Nodes"]["sub_steps"]["Pull image"]
    sub["start_time"] = str(sub["start_time"])
    lenient["operation_process"]["Preparation"]["step_name"] = 7
    a, b = sample_of(stored(parse_record(plain))), sample_of(stored(parse_record(lenient)))
    assert a is not None and b is not None
    renamed = {
        name.replace("Preparation", "7"): value
        for name, value in zip(a.names, a.durations, strict=True)
    }
    assert dict(zip(b.names, b.durations, strict=True)) == renamed
