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
from bcs_tui.api.step_tree import StepTree
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
