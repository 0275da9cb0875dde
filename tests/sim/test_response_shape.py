"""The list answer has exactly the documented shape, so clients built on the docs read it."""

import httpx

from bcs_tui.api.models import OPERATION_TYPE_NAMES, RESOURCE_TYPE_NAMES, parse_record_list
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import START_NS, get_records

RECORD_FIELDS = {
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
}
CLUSTER_FIELDS = {"cluster_type", "name", "cluster_id", "node_infos"}
STEP_FIELDS = {"step_name", "status", "detail", "sub_steps", "serial_num"}
SUB_STEP_FIELDS = {
    "substep_name",
    "detail",
    "status",
    "message",
    "start_time",
    "end_time",
    "serial_num",
}


def test_every_record_has_every_documented_field(server: SimServer, client: httpx.Client) -> None:
    response = get_records(client, server)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    payload = response.json()
    assert set(payload) == {"count", "operation_records"}
    assert payload["count"] == len(payload["operation_records"]) > 30
    for record in payload["operation_records"]:
        assert set(record) == RECORD_FIELDS
        assert set(record["cluster_info"]) == CLUSTER_FIELDS
        assert record["project_id"] == server.config.project_id
        assert record["operation_process"]
        for step in record["operation_process"].values():
            assert set(step) == STEP_FIELDS
            for sub in step["sub_steps"].values():
                assert set(sub) == SUB_STEP_FIELDS
                for name in ("start_time", "end_time", "serial_num"):
                    assert type(sub[name]) is int
        assert type(record["record_time"]) is int


def test_the_models_read_every_record_with_steps_in_serial_order(
    server: SimServer, client: httpx.Client
) -> None:
    parsed = parse_record_list(get_records(client, server).json())
    assert parsed.records
    assert all(record.is_valid for record in parsed.records)
    for record in parsed.records:
        steps = record.ordered_steps()
        assert [step.serial_num for _, step in steps] == list(range(1, len(steps) + 1))
        for _, step in steps:
            subs = step.ordered_sub_steps()
            assert [sub.serial_num for _, sub in subs] == list(range(1, len(subs) + 1))


def test_some_maps_arrive_out_of_serial_order(server: SimServer, client: httpx.Client) -> None:
    """Clients must sort by serial_num; the simulator makes sure that matters."""
    records = get_records(client, server).json()["operation_records"]
    orders = [[step["serial_num"] for step in r["operation_process"].values()] for r in records]
    assert any(order != sorted(order) for order in orders)


def test_timestamps_are_exact_nanoseconds_beyond_float_precision(
    server: SimServer, client: httpx.Client
) -> None:
    text = get_records(client, server).text
    records = get_records(client, server).json()["operation_records"]
    times = [r["record_time"] for r in records]
    assert all(len(str(t)) == 19 for t in times)
    assert any(t != int(float(t)) for t in times)  # would be damaged by a float round trip
    assert all(str(t) in text for t in times)


def test_not_started_sub_steps_are_waiting_with_zero_times(
    server: SimServer, client: httpx.Client
) -> None:
    records = get_records(client, server).json()["operation_records"]
    subs = [
        sub
        for record in records
        for step in record["operation_process"].values()
        for sub in step["sub_steps"].values()
        if sub["status"] == ""
    ]
    assert subs
    for sub in subs:
        assert (sub["detail"], sub["start_time"], sub["end_time"]) == ("waiting", 0, 0)


def test_every_resource_type_and_operation_type_is_produced() -> None:
    config = SimConfig(clock=ManualClock(START_NS), records=400)
    with SimServer(config) as server, httpx.Client(base_url=server.endpoint) as client:
        records = get_records(client, server).json()["operation_records"]
    assert {r["resource_type"] for r in records} == set(RESOURCE_TYPE_NAMES)
    assert {r["operation_type"] for r in records} == set(OPERATION_TYPE_NAMES)
    assert {r["operation_status"] for r in records} >= {"finished", "failed", "stop"}


def test_every_response_has_its_own_request_id(server: SimServer, client: httpx.Client) -> None:
    ids = {get_records(client, server).headers["x-request-id"] for _ in range(3)}
    ids.add(client.get("/nowhere").headers["x-request-id"])
    assert len(ids) == 4
