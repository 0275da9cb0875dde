"""Filters narrow the list exactly; bad requests get the documented error answers."""

import httpx
import pytest

from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import get_records, list_path, token_headers

FILTERS = ("blockchain_id", "operation_id", "operation_status", "resource_type", "operation_type")


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_returns_exactly_the_matching_records(
    server: SimServer, client: httpx.Client, name: str
) -> None:
    everything = get_records(client, server).json()["operation_records"]
    values = sorted({record[name] for record in everything})
    assert values
    for value in values[:3]:
        expected = [record for record in everything if record[name] == value]
        answer = get_records(client, server, **{name: value}).json()
        assert answer["count"] == len(expected)
        assert answer["operation_records"] == expected


def test_filters_combine(server: SimServer, client: httpx.Client) -> None:
    everything = get_records(client, server).json()["operation_records"]
    first = everything[0]
    wanted = {"blockchain_id": first["blockchain_id"], "resource_type": first["resource_type"]}
    expected = [r for r in everything if all(r[k] == v for k, v in wanted.items())]
    assert get_records(client, server, **wanted).json()["operation_records"] == expected


def test_an_unknown_id_matches_nothing(server: SimServer, client: httpx.Client) -> None:
    answer = get_records(client, server, blockchain_id="no such chain / ü")
    assert answer.status_code == 200
    assert answer.json() == {"count": 0, "operation_records": []}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("operation_status", "done"),
        ("resource_type", "BCSSVC9"),
        ("operation_type", "9"),
        ("blockchain_id", " "),
        ("operation_id", "x" * 257),
    ],
)
def test_an_invalid_filter_is_a_400(
    server: SimServer, client: httpx.Client, name: str, value: str
) -> None:
    answer = get_records(client, server, **{name: value})
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "BCS.4006005"
    assert name in answer.json()["error_msg"]
    assert answer.headers["x-request-id"]


DOCUMENTED_VALUES = {
    "operation_status": ("waiting", "processing", "finished", "failed", "stop"),
    "resource_type": ("BCSSVC01", "BCSSVC02", "PLUGIN01", "PLUGIN02", "PLUGIN03"),
    "operation_type": ("99", "00", "01", "91", "02", "03", "04", "05"),
}
"""The enumerated filters' values, as the API reference lists them."""


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, value) for name, values in DOCUMENTED_VALUES.items() for value in values],
)
def test_every_documented_filter_value_is_accepted(
    server: SimServer, client: httpx.Client, name: str, value: str
) -> None:
    answer = get_records(client, server, **{name: value})
    assert answer.status_code == 200, answer.text
    assert all(record[name] == value for record in answer.json()["operation_records"])


def test_another_project_is_a_403(server: SimServer, client: httpx.Client) -> None:
    answer = client.get(list_path(server, "f" * 32), headers=token_headers(server))
    assert answer.status_code == 403
    assert answer.json()["error_code"] == "BCS.4030403"


@pytest.mark.parametrize(
    "path", ["/", "/v2/x/operation/records", "/v1/x/operation/record", "/v2/x/y/operation/record"]
)
def test_an_unknown_path_is_a_404(server: SimServer, client: httpx.Client, path: str) -> None:
    answer = client.get(path, headers=token_headers(server))
    assert answer.status_code == 404
    assert answer.json() == {
        "error_code": "BCS.4040404",
        "error_msg": "Not Found:the url is not found",
    }
    assert answer.headers["content-type"] == "application/json"


def test_no_credentials_is_a_401(server: SimServer, client: httpx.Client) -> None:
    answer = client.get(list_path(server))
    assert answer.status_code == 401
    assert answer.json()["error_code"] == "BCS.4010401"


def test_a_wrong_token_is_a_401_that_does_not_echo_secrets(
    server: SimServer, client: httpx.Client
) -> None:
    answer = client.get(list_path(server), headers={"X-Auth-Token": "guess-123"})
    assert answer.status_code == 401
    assert "guess-123" not in answer.text
    assert server.config.token not in answer.text


def test_the_request_log_records_every_request(server: SimServer, client: httpx.Client) -> None:
    get_records(client, server, operation_status="failed")
    client.get(list_path(server))
    client.get("/elsewhere?a=1")
    log = server.request_log
    assert [(e.method, e.status, e.auth_kind) for e in log] == [
        ("GET", 200, "token"),
        ("GET", 401, "none"),
        ("GET", 404, "none"),
    ]
    assert log[0].path == list_path(server)
    assert log[0].query == {"operation_status": "failed"}
    assert log[2].query == {"a": "1"}
    server.clear_log()
    assert server.request_log == []


def test_the_request_log_keeps_the_latest_requests_up_to_its_limit(clock: ManualClock) -> None:
    with (
        SimServer(SimConfig(clock=clock, records=1, request_log_limit=4)) as small,
        httpx.Client(base_url=small.endpoint, timeout=10) as http,
    ):
        for number in range(7):
            http.get(f"/elsewhere?n={number}")
        assert [entry.query["n"] for entry in small.request_log] == ["4", "5", "6"]


def test_operation_ids_are_the_ids_served(server: SimServer, client: httpx.Client) -> None:
    served = [r["operation_id"] for r in get_records(client, server).json()["operation_records"]]
    assert server.operation_ids() == served
    assert len(set(served)) == len(served)
