"""Property-based: whatever JSON the service sends, parsing and formatting never raise.

A record whose fields hold arbitrary JSON is either read or kept as invalid with a reason, and
the good records beside it still parse in full.
"""

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bcs_tui.api import models
from bcs_tui.api.models import OperationRecord, parse_record, parse_record_list
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.timefmt import (
    format_age,
    format_clock_time,
    format_duration,
    format_timestamp,
)
from bcs_tui.core.timeline import current_step, record_progress, record_span
from tests.json_values import json_values as json_values_of
from tests.reliability.records import GOOD_RECORD

json_values = json_values_of(text_size=30, key_size=10, width=4, leaves=12)

RECORD_FIELDS = list(models.RECORD_FIELDS)
STEP_FIELDS = ["step_name", "status", "detail", "sub_steps", "serial_num"]
SUB_STEP_FIELDS = [
    "substep_name",
    "detail",
    "status",
    "message",
    "start_time",
    "end_time",
    "serial_num",
]


def _exercise(record: OperationRecord) -> None:
    """Everything the views do with a record must work on whatever was parsed."""
    now = 1_700_000_000_000_000_000
    record_progress(record)
    current_step(record)
    span = record_span(record)
    format_duration(span.duration(now))
    format_age(record.record_time, now)
    format_timestamp(record.record_time, utc=True)
    safe_text(record.operation_id)
    for _, step in record.ordered_steps():
        for _, sub in step.ordered_sub_steps():
            format_timestamp(sub.start_time, utc=True)
            safe_text(sub.detail)
    json.dumps(record.to_api_json())


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(field=st.sampled_from(RECORD_FIELDS), value=json_values)
def test_any_value_in_a_record_field(field: str, value: Any) -> None:
    bad = {**GOOD_RECORD, field: value}
    result = parse_record_list({"count": 2, "operation_records": [bad, GOOD_RECORD]})
    assert len(result.records) == 2
    first, second = result.records
    assert first.is_valid or first.invalid_reason
    assert second.is_valid and second.operation_id == GOOD_RECORD["operation_id"]
    _exercise(first)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    step_field=st.sampled_from(STEP_FIELDS),
    sub_field=st.sampled_from(SUB_STEP_FIELDS),
    step_value=json_values,
    sub_value=json_values,
)
def test_any_value_in_step_and_sub_step_fields(
    step_field: str, sub_field: str, step_value: Any, sub_value: Any
) -> None:
    raw = json.loads(json.dumps(GOOD_RECORD))
    step = raw["operation_process"]["Preparation"]
    step["sub_steps"]["Generate"][sub_field] = sub_value
    step[step_field] = step_value
    record = parse_record(raw)
    assert record.is_valid or record.invalid_reason
    _exercise(record)


@settings(max_examples=200, deadline=None)
@given(
    ns=st.integers(min_value=-(2**70), max_value=2**70),
    now=st.integers(min_value=0, max_value=2**64),
)
def test_time_formatting_never_raises(ns: int, now: int) -> None:
    format_duration(ns)
    format_age(ns, now)
    format_timestamp(ns, utc=True)
    format_timestamp(ns, utc=False)
    format_clock_time(ns, utc=True)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_safe_text_leaves_no_control_characters(text: str) -> None:
    cleaned = safe_text(text)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in cleaned)
    assert "\u202e" not in cleaned


def test_records_that_are_not_objects_are_kept_as_invalid() -> None:
    result = parse_record_list({"operation_records": [None, 3, "x", [], GOOD_RECORD]})
    assert [record.is_valid for record in result.records] == [False] * 4 + [True]
    assert result.count == 5
    assert all(record.invalid_reason for record in result.records[:4])


def test_huge_integers_stay_exact() -> None:
    huge = 2**63 + 12345
    raw = {**GOOD_RECORD, "record_time": huge}
    record = parse_record(raw)
    assert record.record_time == huge
    assert record.to_api_json()["record_time"] == huge


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=())))
def test_safe_text_can_always_be_written_out(text: str) -> None:
    """Lone surrogates included (a JSON "\\ud800" escape makes one): a terminal, a pipe and a
    file all need text that encodes."""
    safe_text(text).encode("utf-8")
    safe_text(text, keep_newlines=True).encode("utf-8")
