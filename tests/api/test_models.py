"""The response models against the published example, hostile variants and broken records."""

import copy
import json
from typing import Any

import pytest

from bcs_tui.api.models import (
    OperationRecord,
    PayloadShapeError,
    json_kind,
    operation_type_name,
    parse_record,
    parse_record_list,
    resource_type_name,
)
from bcs_tui.base.status import Status

from .reference import reference_bytes, reference_json

BIG_NS = 1618219038464462600  # > 2**53: a float would change its last digits


def example() -> dict[str, Any]:
    payload: dict[str, Any] = reference_json("list-op-record-200.json")
    return payload


def only_record(payload: Any) -> OperationRecord:
    records = parse_record_list(payload).records
    assert len(records) == 1
    return records[0]


def test_published_example_parses_exactly_from_its_bytes() -> None:
    result = parse_record_list(json.loads(reference_bytes("list-op-record-200.json")))
    assert result.count == 1
    record = result.records[0]
    assert record.is_valid and record.invalid_reason is None
    # Stray spaces from the damaged docs are kept as data, and still understood for display.
    assert record.operation_id == " BCS SVC01-99-1618218591906093855"
    assert record.resource_type == "B CSS VC01"
    assert resource_type_name(record.resource_type) == "BCS change"
    assert operation_type_name(record.operation_type) == "create"
    assert record.record_time == 1618218591906100000
    assert record.message == [] and record.desc is None
    assert record.cluster_info is not None and record.cluster_info.node_infos == []
    assert record.cluster_info.cluster_id == "4df5652f-96dc-11eb-b49c-0255ac100b08"


def test_steps_and_sub_steps_follow_serial_num_not_map_order() -> None:
    record = only_record(example())
    steps = record.ordered_steps()
    assert [name for name, _ in steps] == ["Preparation", "Create Other Dependent Resource"]
    _, creating = steps[1]
    subs = creating.ordered_sub_steps()
    assert [name for name, _ in subs] == ["Create EIP", "Create network storage"]
    waiting = subs[1][1]
    assert (waiting.status, waiting.detail, waiting.start_time, waiting.end_time) == (
        "",
        "waiting",
        0,
        0,
    )


def test_big_timestamps_stay_exact_integers() -> None:
    record = only_record(example())
    eip = record.operation_process["Create Other Dependent Resource"].sub_steps["Create EIP"]
    assert eip.start_time == BIG_NS and type(eip.start_time) is int
    assert float(BIG_NS) != BIG_NS  # the reason this matters
    dumped = json.dumps(record.to_api_json())
    assert str(BIG_NS) in dumped


def test_round_trip_keeps_the_published_values() -> None:
    payload = example()
    again = parse_record_list(payload).to_api_json()
    assert again["count"] == 1
    original = payload["operation_records"][0]
    round_tripped = again["operation_records"][0]
    for field in ("operation_id", "record_time", "blockchain_id", "operation_status"):
        assert round_tripped[field] == original[field]


def test_ties_in_serial_num_are_broken_by_name_and_missing_serials_go_last() -> None:
    payload = {
        "operation_records": [
            {
                "operation_process": {
                    "k1": {"step_name": "Beta", "serial_num": 1},
                    "k2": {"step_name": "Alpha", "serial_num": 1},
                    "k3": {"step_name": "Aardvark"},
                    "k4": {"step_name": "Zulu", "serial_num": 0},
                }
            }
        ]
    }
    names = [name for name, _ in only_record(payload).ordered_steps()]
    assert names == ["Zulu", "Alpha", "Beta", "Aardvark"]


def test_null_maps_and_lists_become_empty() -> None:
    payload = example()
    record = payload["operation_records"][0]
    record["operation_process"]["Preparation"]["sub_steps"] = None
    record["cluster_info"]["node_infos"] = None
    record["message"] = None
    parsed = only_record(payload)
    assert parsed.is_valid
    assert parsed.operation_process["Preparation"].sub_steps == {}
    assert parsed.operation_process["Preparation"].ordered_sub_steps() == []
    null_process = only_record({"operation_records": [{"operation_process": None}]})
    assert null_process.ordered_steps() == []


def test_bare_string_message_is_one_line() -> None:
    payload = example()
    payload["operation_records"][0]["message"] = "just one line"
    assert only_record(payload).message == ["just one line"]
    payload["operation_records"][0]["message"] = ["a", None, 3]
    assert only_record(payload).message == ["a", "3"]


def test_unknown_status_is_kept_verbatim() -> None:
    payload = example()
    payload["operation_records"][0]["operation_status"] = "rolling-back"
    record = only_record(payload)
    assert record.operation_status is Status.UNKNOWN
    assert record.operation_status_text == "rolling-back"
    assert record.to_api_json()["operation_status"] == "rolling-back"


@pytest.mark.parametrize(
    ("sent", "meant"),
    [
        ("finished", Status.FINISHED),
        (" Finished", Status.FINISHED),
        ("FINISHED", Status.FINISHED),
        ("failed\t", Status.FAILED),
        ("Stop", Status.STOP),
        (" processing ", Status.PROCESSING),
        ("WAITING", Status.WAITING),
        ("", Status.PENDING),
        (None, Status.PENDING),
        ("finished!", Status.UNKNOWN),
        (7, Status.UNKNOWN),
    ],
)
def test_every_status_is_normalised_once_at_parse_time(sent: object, meant: Status) -> None:
    sub_step = {"status": sent, "detail": "waiting", "start_time": 0, "end_time": 0}
    raw = {
        "operation_status": sent,
        "operation_process": {"s": {"status": sent, "sub_steps": {"a": sub_step}}},
    }
    record = only_record({"operation_records": [raw]})
    step = record.operation_process["s"]
    assert (record.operation_status, step.status, step.sub_steps["a"].status) == (meant,) * 3


def test_export_keeps_every_status_as_received() -> None:
    sub_step = {"status": "FINISHED ", "detail": "done"}
    raw = {
        "operation_status": " Finished",
        "operation_process": {"s": {"status": "Finished", "sub_steps": {"a": sub_step}}},
    }
    exported = only_record({"operation_records": [raw]}).to_api_json()
    assert exported["operation_status"] == " Finished"
    step = exported["operation_process"]["s"]
    assert step["status"] == "Finished"
    assert step["sub_steps"]["a"]["status"] == "FINISHED "
    assert "status_text" not in step and "operation_status_text" not in exported


def test_every_field_may_be_missing() -> None:
    record = only_record({"operation_records": [{}]})
    assert record.is_valid
    assert record.operation_id is None and record.ordered_steps() == []


def test_one_bad_record_is_kept_as_invalid_while_others_parse() -> None:
    good = example()["operation_records"][0]
    broken = copy.deepcopy(good)
    broken["record_time"] = "yesterday"
    result = parse_record_list({"count": 3, "operation_records": [good, broken, "not a record"]})
    assert result.count == 3
    first, second, third = result.records
    assert first.is_valid
    assert not second.is_valid
    assert second.invalid_reason is not None and "record_time" in second.invalid_reason
    assert second.operation_id == good["operation_id"]  # what could be read is salvaged
    assert second.record_time is None
    assert second.to_api_json() == broken  # the raw record is kept
    assert not third.is_valid and third.invalid_reason == "record is a JSON string, not an object"


def test_hostile_text_is_kept_as_data_not_interpreted() -> None:
    payload = example()
    hostile = "\x1b[2J\x1b]0;pwned\x07[bold red]x[/] \u202egpj.exe"
    payload["operation_records"][0]["blockchain_name"] = hostile
    payload["operation_records"][0]["operation_process"] = {
        hostile: {"step_name": hostile, "serial_num": 1, "sub_steps": {}}
    }
    record = only_record(payload)
    assert record.blockchain_name == hostile
    assert record.ordered_steps()[0][0] == hostile


def test_numbers_where_strings_are_expected_are_accepted_as_text() -> None:
    record = only_record({"operation_records": [{"operation_type": 99, "desc": 1.5}]})
    assert record.operation_type == "99" and record.desc == "1.5"


def test_count_falls_back_to_the_number_of_records() -> None:
    assert parse_record_list({"count": "7", "operation_records": [{}, {}]}).count == 2
    assert parse_record_list({"count": True, "operation_records": []}).count == 0
    assert parse_record_list({}).records == []


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([], "expected a JSON object, got a JSON array"),
        (None, "expected a JSON object, got null"),
        ({"operation_records": {"a": 1}}, "operation_records is not a list"),
    ],
)
def test_wrong_payload_shapes_raise(payload: Any, reason: str) -> None:
    with pytest.raises(PayloadShapeError, match=reason):
        parse_record_list(payload)


def test_parse_record_never_raises() -> None:
    samples: tuple[Any, ...] = (
        None,
        1,
        [],
        "x",
        {"operation_process": "nope"},
        {"cluster_info": 5},
    )
    for raw in samples:
        record = parse_record(raw)
        assert not record.is_valid
    assert json_kind(3) == "a JSON number" and json_kind({}) == "a JSON object"


def test_names_of_codes() -> None:
    assert operation_type_name("04") == "join channel"
    assert operation_type_name("77") == "77"
    assert operation_type_name(None) == ""
    assert resource_type_name("PLUGIN03") == "light-node add-on"
    assert resource_type_name("OTHER") == "OTHER"
