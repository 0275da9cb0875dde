"""Every fault mode misbehaves the way it promises, reproducibly, and can be switched live."""

import json
import threading
import time
from typing import Any

import httpx
import pytest

from bcs_tui.api.models import parse_record_list
from bcs_tui.sim.hostile import HOSTILE_STRINGS, SHORT_HOSTILE_STRINGS, VERY_LONG
from bcs_tui.sim.server import FAULT_MODES, SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import get_records, list_path


def with_fault(server: SimServer, client: httpx.Client, mode: str) -> httpx.Response:
    server.set_faults([mode])
    return get_records(client, server)


def test_500(server: SimServer, client: httpx.Client) -> None:
    answer = with_fault(server, client, "500")
    assert answer.status_code == 500
    assert answer.json() == {"error_code": "BCS.5000500", "error_msg": "Internal Server Error"}
    assert answer.headers["x-request-id"]


def test_429_says_when_to_retry(server: SimServer, client: httpx.Client) -> None:
    answer = with_fault(server, client, "429")
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "1"
    assert answer.json()["error_code"]


def test_malformed_json_is_a_200_that_does_not_parse(
    server: SimServer, client: httpx.Client
) -> None:
    answer = with_fault(server, client, "malformed-json")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.content.startswith(b'{"count":')
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.content)


def test_html_502(server: SimServer, client: httpx.Client) -> None:
    answer = with_fault(server, client, "html-502")
    assert answer.status_code == 502
    assert answer.headers["content-type"] == "text/html"
    assert answer.text.lstrip().startswith("<html>")
    assert "502 Bad Gateway" in answer.text


def test_hang_never_answers_and_stop_stays_prompt(clock: ManualClock) -> None:
    server = SimServer(SimConfig(clock=clock, records=5, faults=frozenset({"hang"}))).start()
    with httpx.Client(base_url=server.endpoint, timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            get_records(client, server)
        assert server.request_log[-1].status == 0
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 2
    server.stop()  # idempotent


def test_stop_is_prompt_with_a_request_still_waiting(clock: ManualClock) -> None:
    """The client is still waiting (no timeout) when the server stops: it gets disconnected."""
    server = SimServer(SimConfig(clock=clock, records=5, faults=frozenset({"hang"}))).start()
    with httpx.Client(base_url=server.endpoint, timeout=30) as client:
        errors: list[BaseException] = []

        def call() -> None:
            try:
                get_records(client, server)
            except httpx.HTTPError as error:
                errors.append(error)

        caller = threading.Thread(target=call)
        caller.start()
        deadline = time.monotonic() + 5
        while not server.request_log and time.monotonic() < deadline:
            time.sleep(0.01)  # polling for the request to arrive, not for luck
        started = time.monotonic()
        server.stop()
        caller.join(5)
        assert not caller.is_alive()
        assert time.monotonic() - started < 2
        assert errors and isinstance(errors[0], httpx.RemoteProtocolError | httpx.ReadError)


def test_drift_is_tolerated_by_the_models_but_not_clean(
    server: SimServer, client: httpx.Client
) -> None:
    answer = with_fault(server, client, "drift")
    assert answer.status_code == 200
    payload = answer.json()
    assert isinstance(payload["count"], str)
    raw = payload["operation_records"]
    assert any(not isinstance(record, dict) for record in raw)
    objects = [record for record in raw if isinstance(record, dict)]
    assert all(isinstance(record["message"], str) for record in objects)
    assert all(record["cluster_info"]["node_infos"] is None for record in objects)
    assert all("x_unknown_field" in record for record in objects)
    some_sub = next(
        sub
        for record in objects
        for step in record["operation_process"].values()
        if isinstance(step.get("sub_steps"), dict)
        for sub in step["sub_steps"].values()
    )
    assert isinstance(some_sub["start_time"], str)
    parsed = parse_record_list(payload)
    assert len(parsed.records) == len(raw)
    assert any(not record.is_valid for record in parsed.records)
    assert sum(record.is_valid for record in parsed.records) >= len(objects) // 2


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        keys = [key for key in value if key not in KNOWN_FIELDS]
        return keys + [text for item in value.values() for text in strings_in(item)]
    return []


KNOWN_FIELDS = {
    "operation_id",
    "resource_type",
    "operation_type",
    "domain_id",
    "project_id",
    "blockchain_id",
    "blockchain_name",
    "cluster_info",
    "cluster_type",
    "name",
    "cluster_id",
    "node_infos",
    "id",
    "operation_process",
    "record_time",
    "operation_status",
    "message",
    "desc",
    "step_name",
    "status",
    "detail",
    "sub_steps",
    "serial_num",
    "substep_name",
    "start_time",
    "end_time",
}


def test_hostile_text_is_in_every_string_and_still_parses(
    server: SimServer, client: httpx.Client
) -> None:
    answer = with_fault(server, client, "hostile")
    assert answer.status_code == 200
    records = answer.json()["operation_records"]
    assert records
    used: set[str] = set()
    for record in records:
        assert record["desc"] == VERY_LONG
        for text in strings_in(record):
            found = [bad for bad in HOSTILE_STRINGS if bad in text]
            assert found, f"not hostile: {text[:60]!r}"
            used.update(found)
    assert used >= set(SHORT_HOSTILE_STRINGS)
    assert all(record.is_valid for record in parse_record_list(answer.json()).records)


def test_hostile_corpus_covers_each_attack() -> None:
    joined = "".join(HOSTILE_STRINGS)
    for needle in ["\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;", "\x1bP", "\x9b", "\x00"]:
        assert needle in joined
    for needle in ["[bold red]x[/]", "[link=http://x]y[/link]", "\u202e", "\u200b", "\u0351"]:
        assert needle in joined
    assert max(len(text) for text in HOSTILE_STRINGS) == 10_000


def test_faults_apply_to_a_seeded_share_of_requests(clock: ManualClock) -> None:
    def statuses() -> list[int]:
        config = SimConfig(clock=clock, records=0, faults=frozenset({"500"}), fault_rate=0.5)
        with SimServer(config) as server, httpx.Client(base_url=server.endpoint) as client:
            return [get_records(client, server).status_code for _ in range(24)]

    first = statuses()
    assert set(first) == {200, 500}
    assert statuses() == first


def test_faults_switch_on_and_off_at_run_time(server: SimServer, client: httpx.Client) -> None:
    assert get_records(client, server).status_code == 200
    server.set_faults(["500", "429"])
    assert {get_records(client, server).status_code for _ in range(12)} == {500, 429}
    server.set_faults([])
    assert get_records(client, server).status_code == 200
    with pytest.raises(ValueError, match="unknown fault"):
        server.set_faults(["teapot"])


def test_faults_spare_login_and_errors_that_come_first(
    server: SimServer, client: httpx.Client
) -> None:
    server.set_faults(["500"])
    assert client.get(list_path(server)).status_code == 401
    assert client.get("/elsewhere").status_code == 404


def test_every_fault_mode_is_known() -> None:
    assert FAULT_MODES == ("500", "429", "malformed-json", "html-502", "hang", "drift", "hostile")
    with pytest.raises(ValueError):
        SimConfig(faults=frozenset({"nope"}))
