"""What the expectations show: the detail's ETA, the usual duration of a step not started,
slow marks past the p90, how a finished operation compared, and the list's slow mark (and
that none of it shows without expectations)."""

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList, parse_record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.detail_view import TimeContext, detail_lines
from bcs_tui.core.expectations import Expectations, KindExpectation
from bcs_tui.core.expected_view import ratio_text
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.source_state import Fleet
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
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
from tests.core.view_records import plain_text

T0 = 1_767_225_600 * NS_PER_S  # 2026-01-01T00:00:00Z
S = NS_PER_S
PULLING = (
    ("Preparation", (("Check quota", 10),)),
    ("Deploy Nodes", (("Pull image", RUNNING), ("Start pods", PENDING))),
)
"""Started at T0: Preparation took 10 s, Pull image runs since T0 + 10 s."""


def expectations() -> Expectations:
    """Five finished: four of 60 s, one of 120 s; so the medians are TWO_STEPS' (Pull image
    30 s, Start pods 20 s, Deploy Nodes 50 s, in all 60 s) and the p90s twice those."""
    ops = [
        stored(timed_record(f"f{i}", start_ns=T0 - 3600 * S, steps=scaled(TWO_STEPS, percent)))
        for i, percent in enumerate((100, 100, 100, 100, 200))
    ]
    return Expectations.build(ops)


def expected_for_kind() -> KindExpectation:
    found = expectations().of(timed_record("x", start_ns=T0))
    assert found is not None
    return found


def detail(now: int, expected: KindExpectation | None) -> str:
    record = timed_record("r", start_ns=T0, status="processing", steps=PULLING)
    times = TimeContext(now=now, utc=True)
    return plain_text(detail_lines(record, times, ASCII_GLYPHS, 120, expected=expected))


def line_of(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.lstrip().startswith(start))


def test_eta_and_the_usual_duration_of_a_step_not_started() -> None:
    text = detail(T0 + 30 * S, expected_for_kind())
    # Deploy Nodes started at T0 + 10 s and usually takes 50 s.
    assert line_of(text, "ETA").split() == ["ETA", "00:01:00Z", "(in", "30.0s)"]
    labels = [line.split()[0] for line in text.splitlines() if line[:1].strip()]
    assert labels[labels.index("Now") + 1] == "ETA"  # at a glance: right under "Now at"
    assert "~20.0s" in next(line for line in text.splitlines() if "Start pods" in line)
    assert "slow" not in text


def test_a_sub_step_past_its_p90_is_slow_and_the_eta_overdue() -> None:
    text = detail(T0 + 80 * S, expected_for_kind())  # Pull image has run 70 s (p90 60 s)
    lines = text.splitlines()
    pull = next(i for i, line in enumerate(lines) if "processing Pull image" in line)
    assert lines[pull + 1].strip() == "slow: 1m10s, usually 30.0s"
    # Under the "Now at" line too (at the top of a small pane); not Deploy Nodes (70 s, p90
    # 100 s).
    now_at = next(i for i, line in enumerate(lines) if line.startswith("Now at"))
    assert lines[now_at + 1] == " " * 12 + "slow: 1m10s, usually 30.0s"
    assert sum("slow:" in line for line in lines) == 2
    assert line_of(text, "ETA").split() == ["ETA", "overdue", "by", "20.0s"]


def test_a_finished_operation_compared_with_the_usual() -> None:
    record = timed_record("done", start_ns=T0, steps=scaled(TWO_STEPS, 180))
    times = TimeContext(now=T0 + 3600 * S, utc=True)
    text = plain_text(
        detail_lines(record, times, UNICODE_GLYPHS, 120, expected=expected_for_kind())
    )
    assert line_of(text, "Duration").split() == [
        "Duration",
        "1m48s",
        "1.8x",
        "the",
        "usual",
        "(1m00s)",
    ]
    assert "ETA" not in text
    assert ratio_text(179, 100) == "1.8x" and ratio_text(5, 100) == "0.1x"
    assert ratio_text(1, 0) is None
    # One that ended otherwise: no usual durations, slow marks or ETA for what never ran.
    failed = timed_record("failed", start_ns=T0, status="failed", steps=PULLING)
    later = TimeContext(now=T0 + 3600 * S, utc=True)
    text = plain_text(detail_lines(failed, later, ASCII_GLYPHS, 120, expected=expected_for_kind()))
    assert "~" not in text and "slow" not in text and "ETA" not in text and "usual" not in text


def test_nothing_of_it_without_expectations() -> None:
    for now in (T0 + 30 * S, T0 + 80 * S):
        text = detail(now, None)
        assert "ETA" not in text and "slow" not in text and "~" not in text


def test_the_lists_where_marks_a_slow_sub_step_when_the_clock_gets_there() -> None:
    state = DashboardState(
        glyphs=ASCII_GLYPHS, policy=RefreshPolicy(), server_filters=RecordFilters()
    )
    payload = timed_payload("r", start_ns=T0, status="processing", steps=PULLING)
    state.accept(parse_record_list({"operation_records": [payload]}), RecordFilters(), T0 + 30 * S)
    state.take_changes(T0 + 30 * S)
    state.set_expectations(expectations())
    changes = state.take_changes(T0 + 30 * S)
    assert not changes.rows.changed  # not slow yet: the row reads the same
    assert changes.detail
    assert state.rows(T0 + 30 * S)[0].cell("where") == "Deploy Nodes > Pull image"
    # Slow from the first nanosecond past the p90 (Pull image started at T0 + 10 s).
    assert state.rows(T0 + 70 * S)[0].cell("where") == "Deploy Nodes > Pull image"
    changes = state.take_changes(T0 + 70 * S + 1)
    assert changes.rows.changed == (state.rows(T0 + 70 * S + 1)[0].key,)
    row = state.rows(T0 + 70 * S + 1)[0]
    assert row.cell("where") == "Deploy Nodes > Pull image  slow: 1m00s, usually 30.0s"
    assert row.fitting("where", 20) == "Pull image  slow: 1m00s, usually 30.0s"
    later = state.rows(T0 + 80 * S)[0]
    assert later.cell("where") == "Deploy Nodes > Pull image  slow: 1m10s, usually 30.0s"


def test_the_lists_where_marks_a_slow_step_when_its_sub_step_is_not_slow() -> None:
    # Deploy Nodes (p90 100 s, from T0 + 10 s) is slow from T0 + 110 s; its sub-step Start
    # pods (p90 40 s, from T0 + 100 s) is not yet; Pull other has no spread at all.
    late_pods = (
        ("Preparation", (("Check quota", 10),)),
        ("Deploy Nodes", (("Pull image", 90), ("Start pods", RUNNING))),
    )
    no_spread = (
        ("Preparation", (("Check quota", 10),)),
        ("Deploy Nodes", (("Pull other", RUNNING),)),
    )
    for steps in (late_pods, no_spread):
        state = DashboardState(
            glyphs=ASCII_GLYPHS, policy=RefreshPolicy(), server_filters=RecordFilters()
        )
        payload = timed_payload("r", start_ns=T0, status="processing", steps=steps)
        records = parse_record_list({"operation_records": [payload]})
        state.accept(records, RecordFilters(), T0 + 30 * S)
        state.set_expectations(expectations())
        where = state.rows(T0 + 110 * S)[0].cell("where")
        assert "slow" not in where
        state.take_changes(T0 + 110 * S)
        later = T0 + 111 * S
        changes = state.take_changes(later)
        assert changes.rows.changed == (state.rows(later)[0].key,)  # the clock got there
        where = state.rows(later)[0].cell("where")
        assert where.endswith("  slow: 1m41s, usually 50.0s"), where
        # The very text the detail shows under the step.
        text = plain_text(
            detail_lines(
                records.records[0],
                TimeContext(now=later, utc=True),
                ASCII_GLYPHS,
                120,
                expected=expected_for_kind(),
            )
        )
        assert [line.strip() for line in text.splitlines() if "slow" in line] == [
            "slow: 1m41s, usually 50.0s"
        ]


class NoClient:
    async def list_records(self, filters: RecordFilters) -> RecordList:
        raise AssertionError("not called here")


def test_a_history_row_is_compared_with_its_own_sources_numbers() -> None:
    fleet = Fleet(
        [NamedSource(name, None, f"p-{name}", NoClient()) for name in ("north", "sg")],
        RefreshPolicy(),
    )
    state = DashboardState(
        glyphs=ASCII_GLYPHS, policy=RefreshPolicy(), server_filters=RecordFilters(), fleet=fleet
    )
    empty = parse_record_list({"operation_records": []})
    state.accept_source("north", empty, RecordFilters(), T0)
    state.accept_source("sg", empty, RecordFilters(), T0)
    start = T0 - 3600 * S
    # sg's own: 3 of 60 s; across sources (with north's 5 of 600 s) the median is 600 s.
    finished = [
        *(stored(timed_record(f"s{i}", start_ns=start), "sg") for i in range(3)),
        *(
            stored(timed_record(f"n{i}", start_ns=start, steps=scaled(TWO_STEPS, 1000)), "north")
            for i in range(5)
        ),
    ]
    state.set_expectations(Expectations.build(finished))
    gone = timed_record("gone", start_ns=start)
    state.set_history([StoredOperation("sg", "p-sg", gone, start, T0 - 60 * S)])
    state.toggle_history(T0)
    [(key, _)] = state.visible
    assert state.source_of(key) == "sg"
    expected = state.expectation_of(key)
    assert expected is not None and expected.total.median_ns == 60 * S
