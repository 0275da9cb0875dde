"""A record keeps its step tree compactly and builds it again when it is read; the list
reads only the facts taken when the record was validated. Both must say exactly what
validating the steps says, for the example fixtures, the hostile strings and any values."""

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from bcs_tui.api.body_reuse import BodyReuse
from bcs_tui.api.client import _parse_records
from bcs_tui.api.models import OperationRecord, Step, parse_record
from bcs_tui.api.step_tree import StepPlace, StepTree
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_S, is_set
from bcs_tui.core.timeline import Progress, Span, record_progress, record_span
from bcs_tui.sim.engine import Simulation
from bcs_tui.sim.hostile import SHORT_HOSTILE_STRINGS
from tests.core.view_records import REFERENCE
from tests.json_values import json_values as json_values_of
from tests.reliability.records import GOOD_RECORD

STEPS = TypeAdapter(dict[str, Step])
START_NS = 1_700_000_000_000_000_000
API_KEYS = [
    "operation_id",
    "resource_type",
    "operation_type",
    "domain_id",
    "project_id",
    "blockchain_id",
    "blockchain_name",
    "cluster_info",
    "operation_process",
    "record_time",
    "operation_status",
    "message",
    "desc",
]


def _fixture_records() -> list[Any]:
    """The reference fixture's records and the simulator's (running ones included)."""
    records: list[Any] = json.loads(REFERENCE.read_text())["operation_records"]
    simulation = Simulation(seed=7, origin_ns=START_NS, history=40, project_id="p")
    return records + simulation.records(START_NS + 30 * NS_PER_S, {})


def _eager(raw_steps: Any) -> dict[str, Step]:
    return STEPS.validate_python({} if raw_steps is None else raw_steps)


def _reference(record: OperationRecord, tree: dict[str, Step]) -> tuple[Progress, Span]:
    """Progress and span by walking every sub-step, as the list did before the facts."""
    subs = [sub for step in tree.values() for sub in step.sub_steps.values()]
    finished = sum(1 for sub in subs if sub.status is Status.FINISHED)
    starts = [sub.start_time for sub in subs if sub.start_time and is_set(sub.start_time)]
    ends = [sub.end_time for sub in subs if sub.end_time and is_set(sub.end_time)]
    ended = record.operation_status.is_ended
    span = Span(None, None)
    if starts:
        all_ended = ended or all(is_set(sub.end_time) for sub in subs)
        span = Span(min(starts), max(ends) if ends and all_ended else None)
    if ended and span.start is not None and span.end is None and is_set(record.record_time):
        span = Span(span.start, record.record_time)
    return Progress(finished, len(subs)), span


ENDING = (Status.FAILED, Status.STOP)


def _reference_places(record: OperationRecord) -> tuple[StepPlace | None, StepPlace | None]:
    """(current, failed) found by walking the timeline in the order it is shown."""
    steps = record.ordered_steps()
    for name, step in steps:
        for sub_name, sub in step.ordered_sub_steps():
            if sub.status in ENDING:
                lines = tuple(sub.message) or ((sub.detail,) if sub.detail else ())
                at = sub.end_time if is_set(sub.end_time) else sub.start_time
                return None, StepPlace(name, sub_name, lines, at if is_set(at) else None)
    for name, step in steps:
        if step.status in ENDING:
            return None, StepPlace(name, None, (step.detail,) if step.detail else (), None)
    not_done = [(name, step) for name, step in steps if step.status is not Status.FINISHED]
    if not not_done:
        return None, None
    processing = [(name, step) for name, step in not_done if step.status is Status.PROCESSING]
    name, step = (processing or not_done)[0]
    subs = step.ordered_sub_steps()
    working = [item for item in subs if item[1].status is Status.PROCESSING] or [
        item for item in subs if item[1].status is not Status.FINISHED
    ]
    if not working:
        return StepPlace(name, None, (), None), None
    sub_name, sub = working[0]
    start = sub.start_time if is_set(sub.start_time) else None
    return StepPlace(name, sub_name, tuple(sub.message), start), None


def _check(raw: Any) -> None:
    record = parse_record(copy.deepcopy(raw))
    tree = record.operation_process
    built = tree.tree()
    if record.is_valid:
        assert built == _eager(raw.get("operation_process"))
        assert tree.is_compact == bool(built)  # kept as bytes whenever there are steps
    assert dict(tree) == built and len(tree) == len(built) and list(tree) == list(built)
    assert tree.tree() is not built  # built again on each read
    assert (record_progress(record), record_span(record)) == _reference(record, built)
    assert (tree.current, tree.failed) == _reference_places(record)
    again = parse_record(copy.deepcopy(raw))
    assert again == record and again.operation_process == built
    if record.is_valid:
        exported = record.to_api_json()
        assert exported["operation_process"] == STEPS.dump_python(built, mode="json", by_alias=True)
        assert list(exported) == API_KEYS  # in the order the API sends them


@pytest.mark.parametrize("index", range(len(_fixture_records())))
def test_the_fixture_records_read_the_same_steps_lazily(index: int) -> None:
    _check(_fixture_records()[index])


@pytest.mark.parametrize("text", SHORT_HOSTILE_STRINGS)
def test_hostile_strings_in_steps_read_back_unchanged(text: str) -> None:
    raw = json.loads(json.dumps(GOOD_RECORD))
    raw["operation_process"][text] = {"step_name": text, "detail": text, "status": text}
    raw["operation_process"]["Preparation"]["sub_steps"]["Generate"]["message"] = [text, text]
    _check(raw)
    record = parse_record(raw)
    assert record.operation_process[text].detail == text


json_values = json_values_of()
SUB_STEP_FIELDS = ["substep_name", "status", "message", "start_time", "end_time", "serial_num"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    field=st.sampled_from(SUB_STEP_FIELDS),
    value=json_values,
    status=st.sampled_from(["finished", "processing", "failed", None]),
    end=st.sampled_from([None, 0, -5, 1618218591951266002]),
)
def test_any_sub_step_value_gives_the_same_steps_and_facts(
    field: str, value: Any, status: str | None, end: int | None
) -> None:
    raw = json.loads(json.dumps(GOOD_RECORD))
    raw["operation_status"] = status
    subs = raw["operation_process"]["Preparation"]["sub_steps"]
    subs["Second"] = {"status": "processing", "start_time": 1618218591951266000, "end_time": end}
    subs["Generate"][field] = value
    _check(raw)


def test_steps_the_marshal_format_cannot_hold_are_kept_as_they_are() -> None:
    step = Step(step_name="built by a caller")
    record = OperationRecord(operation_process={"s": step})
    assert not record.operation_process.is_compact
    assert record.operation_process["s"] == step


def test_no_step_objects_are_held_for_a_listed_record() -> None:
    body = json.dumps({"operation_records": [GOOD_RECORD] * 3}).encode()
    result = BodyReuse(_parse_records).records(body)
    assert all(record.operation_process.is_compact for record in result.records)
    assert result.records[0].operation_process == result.records[2].operation_process


def test_a_tree_hashes_and_copies_as_the_value_it_is() -> None:
    tree = parse_record(GOOD_RECORD).operation_process
    assert isinstance(tree, StepTree)
    assert copy.deepcopy(tree) is tree and hash(tree) == hash(
        parse_record(GOOD_RECORD).operation_process
    )


STEP_FIELDS = ["step_name", "status", "detail", "sub_steps", "serial_num"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    step_field=st.sampled_from(STEP_FIELDS),
    step_value=json_values,
    sub_field=st.sampled_from([*SUB_STEP_FIELDS, "detail"]),
    sub_value=json_values,
)
# Where the check and the steps could part: values ``as_lines`` / ``as_mapping`` and the
# tolerant text fields treat apart.
@example(step_field="step_name", step_value=None, sub_field="message", sub_value=5)
@example(step_field="step_name", step_value=None, sub_field="message", sub_value=True)
@example(step_field="step_name", step_value=None, sub_field="message", sub_value=1.5)
@example(step_field="step_name", step_value=None, sub_field="message", sub_value={"a": "b"})
@example(step_field="sub_steps", step_value=None, sub_field="message", sub_value=[1, None])
@example(step_field="sub_steps", step_value=[], sub_field="status", sub_value=7)
@example(step_field="sub_steps", step_value={"x": None}, sub_field="status", sub_value=[1])
@example(step_field="status", step_value={}, sub_field="detail", sub_value=2.5)
def test_a_record_is_invalid_exactly_when_its_steps_are_and_says_why(
    step_field: str, step_value: Any, sub_field: str, sub_value: Any
) -> None:
    # A listed record's steps are checked without building them (``step_tree``): the
    # check must accept exactly what the steps accept, and a rejected tree must be
    # reported with the steps' own error.
    raw = json.loads(json.dumps(GOOD_RECORD))
    steps = raw["operation_process"]
    steps["Preparation"]["sub_steps"]["Generate"][sub_field] = sub_value
    steps["Other"] = {step_field: step_value}
    record = parse_record(copy.deepcopy(raw))
    try:
        _eager(steps)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in ("operation_process", *first["loc"]))
        assert record.invalid_reason is not None
        assert record.invalid_reason.startswith(f"{where}: {first['msg']}")
    else:
        assert record.is_valid
        _check(raw)


def _place_record(**subs: dict[str, Any]) -> OperationRecord:
    """A record of two steps: "Deploy Nodes" (serial 2) with ``subs``, after a finished
    "Preparation" (serial 1)."""
    raw = {
        "operation_status": "failed",
        "operation_process": {
            "deploy": {
                "step_name": "Deploy Nodes",
                "status": "processing",
                "serial_num": 2,
                "sub_steps": subs,
            },
            "prep": {
                "step_name": "Preparation",
                "status": "finished",
                "serial_num": 1,
                "sub_steps": {"check": {"status": "finished", "serial_num": 1}},
            },
        },
    }
    return parse_record(raw)


def test_the_first_failed_sub_step_in_timeline_order_is_the_failed_place() -> None:
    record = _place_record(
        b={"substep_name": "Start peers", "status": "stop", "serial_num": 3, "message": "later"},
        a={
            "substep_name": "Pull image",
            "status": "failed",
            "serial_num": 2,
            "message": ["ImagePullBackOff: image bcs-peer", "line two"],
            "start_time": 5,
            "end_time": 9,
        },
        c={"substep_name": "Create", "status": "finished", "serial_num": 1},
    )
    tree = record.operation_process
    assert tree.failed == StepPlace(
        "Deploy Nodes", "Pull image", ("ImagePullBackOff: image bcs-peer", "line two"), 9
    )
    assert tree.current is None  # the failure is the place to show


def test_a_failed_sub_step_without_a_message_says_its_detail() -> None:
    record = _place_record(
        a={
            "substep_name": "Pull image",
            "status": "failed",
            "detail": "quota exceeded",
            "start_time": 5,
        }
    )
    assert record.operation_process.failed == StepPlace(
        "Deploy Nodes", "Pull image", ("quota exceeded",), 5
    )


def test_the_current_place_is_the_processing_sub_step_of_the_processing_step() -> None:
    record = _place_record(
        late={"substep_name": "Start peers", "status": "", "serial_num": 3},
        now={
            "substep_name": "Pull image",
            "status": "processing",
            "serial_num": 2,
            "start_time": 7,
        },
        done={"substep_name": "Create", "status": "finished", "serial_num": 1},
    )
    tree = record.operation_process
    assert tree.current == StepPlace("Deploy Nodes", "Pull image", (), 7)
    assert tree.failed is None


def test_a_finished_tree_has_no_places_and_a_step_can_be_the_place_alone() -> None:
    record = _place_record(a={"status": "finished"})
    raw_done = parse_record(
        {
            "operation_process": {
                "s": {"status": "finished", "sub_steps": {"a": {"status": "finished"}}}
            }
        }
    )
    # A step still processing whose sub-steps are all finished: the step alone.
    assert record.operation_process.current == StepPlace("Deploy Nodes", None, (), None)
    assert raw_done.operation_process.current is None
    assert raw_done.operation_process.failed is None
