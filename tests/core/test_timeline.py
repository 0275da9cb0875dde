"""Progress counts, the current step and spans of a record's step / sub-step timeline."""

import json
from pathlib import Path
from typing import Any

from bcs_tui.api.models import OperationRecord, Step, parse_record
from bcs_tui.core.timeline import (
    Progress,
    Span,
    current_step,
    record_progress,
    record_span,
    step_progress,
    step_span,
    sub_step_span,
)

REFERENCE_DIR = Path(__file__).parents[1] / "fixtures"
T0 = 1618219038464462600
S = 1_000_000_000


def sub(serial: int, status: str, start: int = 0, end: int = 0) -> dict[str, Any]:
    return {"status": status, "start_time": start, "end_time": end, "serial_num": serial}


def record(status: str, steps: dict[str, dict[str, Any]], record_time: int = 0) -> OperationRecord:
    parsed = parse_record(
        {"operation_status": status, "operation_process": steps, "record_time": record_time}
    )
    assert parsed.is_valid
    return parsed


def running() -> OperationRecord:
    return record(
        "processing",
        {
            "Prepare": {
                "status": "finished",
                "serial_num": 1,
                "sub_steps": {"a": sub(1, "finished", T0, T0 + 2 * S)},
            },
            "Create": {
                "status": "processing",
                "serial_num": 2,
                "sub_steps": {
                    "b": sub(1, "finished", T0 + 2 * S, T0 + 5 * S),
                    "c": sub(2, "processing", T0 + 5 * S),
                    "d": sub(3, ""),
                },
            },
            "Verify": {"status": "waiting", "serial_num": 3, "sub_steps": {"e": sub(1, "")}},
        },
    )


def test_progress_counts_finished_sub_steps() -> None:
    rec = running()
    assert record_progress(rec) == Progress(2, 5)
    assert record_progress(rec).text() == "2/5"
    assert step_progress(rec.operation_process["Create"]) == Progress(1, 3)
    assert step_progress(Step()) == Progress(0, 0)


def test_current_step_is_the_processing_one() -> None:
    found = current_step(running())
    assert found is not None and found[0] == "Create"


def test_current_step_falls_back_to_the_first_unfinished() -> None:
    rec = record(
        "waiting",
        {
            "Two": {"status": "", "serial_num": 2},
            "One": {"status": "finished", "serial_num": 1},
            "Three": {"status": "", "serial_num": 3},
        },
    )
    found = current_step(rec)
    assert found is not None and found[0] == "Two"


def test_ended_or_fully_finished_records_have_no_current_step() -> None:
    assert current_step(record("failed", {"A": {"status": "processing"}})) is None
    assert current_step(record("processing", {"A": {"status": "finished"}})) is None


def test_sub_step_spans() -> None:
    assert sub_step_span(parse_sub(sub(1, "finished", T0, T0 + S))) == Span(T0, T0 + S)
    assert sub_step_span(parse_sub(sub(1, "processing", T0))) == Span(T0, None)
    assert sub_step_span(parse_sub(sub(1, "", 0, T0))) == Span(None, None)  # end without start


def parse_sub(raw: dict[str, Any]) -> Any:
    return (
        parse_record({"operation_process": {"s": {"sub_steps": {"x": raw}}}})
        .operation_process["s"]
        .sub_steps["x"]
    )


def test_step_span_runs_until_every_sub_step_ended() -> None:
    rec = running()
    assert step_span(rec.operation_process["Prepare"]) == Span(T0, T0 + 2 * S)
    create = step_span(rec.operation_process["Create"])
    assert create == Span(T0 + 2 * S, None)
    assert create.duration(now=T0 + 9 * S) == 7 * S
    assert step_span(rec.operation_process["Verify"]) == Span(None, None)
    assert Span(None, None).duration(now=T0) is None


def test_step_marked_finished_ends_at_its_last_sub_step_end() -> None:
    step = parse_record(
        {
            "operation_process": {
                "s": {
                    "status": "finished",
                    "sub_steps": {"a": sub(1, "finished", T0, T0 + S), "b": sub(2, "", T0 + S)},
                }
            }
        }
    ).operation_process["s"]
    assert step_span(step) == Span(T0, T0 + S)


def test_record_span_while_running_and_after_the_end() -> None:
    assert record_span(running()) == Span(T0, None)
    ended = record(
        "failed",
        {"A": {"sub_steps": {"a": sub(1, "failed", T0)}}},
        record_time=T0 + 30 * S,
    )
    # The failed sub-step never got an end: the record's last update closes the span.
    assert record_span(ended) == Span(T0, T0 + 30 * S)
    assert record_span(ended).duration(now=T0 + 999 * S) == 30 * S


def test_published_example_timeline() -> None:
    published = json.loads((REFERENCE_DIR / "list-op-record-200.json").read_bytes())
    rec = parse_record(published["operation_records"][0])
    assert record_progress(rec) == Progress(2, 3)
    found = current_step(rec)
    assert found is not None and found[0] == "Create Other Dependent Resource"
    assert record_span(rec) == Span(1618218591951266000, None)


def test_oddly_spelled_statuses_count_and_end_like_the_plain_ones() -> None:
    # The service's words arrive with other case and stray spaces now and then: they must
    # count toward progress, end a step and end a record exactly as the plain words do.
    rec = record(
        " FAILED",
        {
            "A": {
                "status": "Finished ",
                "serial_num": 1,
                "sub_steps": {
                    "a": sub(1, " Finished", T0, T0 + S),
                    "b": sub(2, "FINISHED", T0 + S),
                },
            },
            "B": {
                "status": "PROCESSING",
                "serial_num": 2,
                "sub_steps": {"c": sub(1, "Failed", T0)},
            },
        },
        record_time=T0 + 9 * S,
    )
    assert record_progress(rec) == Progress(2, 3)
    assert step_span(rec.operation_process["A"]) == Span(T0, T0 + S)  # "Finished " ended it
    assert current_step(rec) is None  # " FAILED" ended the record
    assert record_span(rec) == Span(T0, T0 + S)  # closed: a running record's stays open


def test_oddly_spelled_processing_step_is_the_current_one() -> None:
    rec = record(
        "Processing",
        {
            "A": {"status": "FINISHED", "serial_num": 1},
            "B": {"status": " processing", "serial_num": 2},
            "C": {"status": "", "serial_num": 3},
        },
    )
    found = current_step(rec)
    assert found is not None and found[0] == "B"
