"""The events log: every transition, newest first, bounded, with its message made safe."""

import copy

from bcs_tui.api.models import parse_record_list
from bcs_tui.core.copy_choices import failure_message as copy_failure_message
from bcs_tui.core.diffing import transitions
from bcs_tui.core.event_log import EventLog, event_line, failure_message
from bcs_tui.core.status_view import glyph_set
from bcs_tui.core.where import where_cell
from tests.ui.support import record_payload


def _records(*raw: dict[str, object]) -> dict[str, object]:
    parsed = parse_record_list({"operation_records": [copy.deepcopy(r) for r in raw]})
    return {record.operation_id or "": record for record in parsed.records}


def test_transitions_are_kept_newest_first_with_from_and_to() -> None:
    log = EventLog()
    before = _records(record_payload("A", status="processing"))
    failed = record_payload("A", status="failed")
    failed["message"] = ["ImagePullBackOff:\x1b[31m image bcs-peer"]
    after = _records(failed, record_payload("B", status="waiting"))
    log.add(transitions(before, after), 7)
    a_failed, b_new = sorted(log.newest_first(), key=lambda e: e.key)
    assert (a_failed.before, a_failed.after, a_failed.at_ns) == ("processing", "failed", 7)
    assert a_failed.message.startswith("ImagePullBackOff:") and "\x1b" not in a_failed.message
    assert (b_new.before, b_new.after, b_new.message) == ("new", "waiting", "")
    log.add(transitions(after, _records(record_payload("C"))), 8)
    assert log.newest_first()[0].key == "C"


def test_the_log_is_bounded_the_oldest_going_first() -> None:
    log = EventLog(limit=3)
    for index in range(5):
        log.add(transitions({}, _records(record_payload(f"N{index}"))), index)
    assert len(log) == 3
    assert [event.key for event in log.newest_first()] == ["N4", "N3", "N2"]


def test_a_failed_sub_steps_message_is_used_when_the_record_has_none() -> None:
    raw = record_payload("A", status="failed")
    step = raw["operation_process"]["Create Other Dependent Resource"]
    step["sub_steps"]["Create network storage"].update(status="failed", message=["disk full"])
    (record,) = _records(raw).values()
    assert failure_message(record) == "disk full"


def test_a_stopped_operation_logs_why_it_stopped_as_the_list_and_copy_menu_say() -> None:
    raw = record_payload("A", status="stop")
    step = raw["operation_process"]["Create Other Dependent Resource"]
    step["sub_steps"]["Create network storage"].update(
        status="stop", message=["Operation stopped by user"]
    )
    (record,) = _records(raw).values()
    assert failure_message(record) == "Operation stopped by user"
    assert copy_failure_message(record) == "Operation stopped by user"
    assert "Operation stopped by user" in where_cell(record, glyph_set(False))


def test_a_running_operation_with_a_failed_sub_step_has_a_failure_to_copy() -> None:
    raw = record_payload("A", status="processing")
    step = raw["operation_process"]["Create Other Dependent Resource"]
    step["sub_steps"]["Create network storage"].update(status="failed", message=["disk full"])
    (record,) = _records(raw).values()
    assert copy_failure_message(record) == "disk full"
    assert failure_message(record) == "disk full"


def test_an_event_line_has_its_time_and_change_in_words() -> None:
    log = EventLog()
    before = _records(record_payload("A", status="processing"))
    log.add(transitions(before, _records(record_payload("A", status="finished"))), 3 * 10**9)
    (event,) = log.newest_first()
    line = event_line(event, "->", utc=True)
    assert (line.time, line.change) == ("00:00:03", "processing -> finished")
