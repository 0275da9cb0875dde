"""IAM password login issues tokens that work until they expire."""

from typing import Any

import httpx
import pytest

from bcs_tui.base.timefmt import NS_PER_HOUR, NS_PER_S
from bcs_tui.sim.iam import iam_timestamp
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import list_path


def login_body(server: SimServer, **override: str) -> dict[str, Any]:
    config = server.config
    values = {
        "user": config.iam_user,
        "password": config.iam_password,
        "domain": config.iam_domain,
        "project": config.project_id,
        **override,
    }
    return {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": values["user"],
                        "password": values["password"],
                        "domain": {"name": values["domain"]},
                    }
                },
            },
            "scope": {"project": {"id": values["project"]}},
        }
    }


def login(client: httpx.Client, server: SimServer, **override: str) -> httpx.Response:
    return client.post("/v3/auth/tokens", json=login_body(server, **override))


def test_a_right_login_issues_a_token_that_lists_records(
    server: SimServer, client: httpx.Client, clock: ManualClock
) -> None:
    answer = login(client, server)
    assert answer.status_code == 201
    token = answer.headers["x-subject-token"]
    assert token and token != server.config.token
    expires = clock() + 24 * NS_PER_HOUR
    assert answer.json()["token"]["expires_at"] == iam_timestamp(expires)
    listed = client.get(list_path(server), headers={"X-Auth-Token": token})
    assert listed.status_code == 200
    assert server.request_log[-1].auth_kind == "token"


def test_each_login_gets_a_new_token(server: SimServer, client: httpx.Client) -> None:
    first, second = (login(client, server).headers["x-subject-token"] for _ in range(2))
    assert first != second


def test_the_expiry_is_iso_8601_utc_with_microseconds() -> None:
    assert iam_timestamp(1_795_000_000 * NS_PER_S + 123_456_789) == "2026-11-18T11:06:40.123456Z"


def test_an_issued_token_stops_working_when_it_expires(clock: ManualClock) -> None:
    config = SimConfig(clock=clock, records=0, token_ttl_ns=60 * NS_PER_S)
    with SimServer(config) as server, httpx.Client(base_url=server.endpoint) as client:
        token = login(client, server).headers["x-subject-token"]
        headers = {"X-Auth-Token": token}
        clock.advance(59 * NS_PER_S)
        assert client.get(list_path(server), headers=headers).status_code == 200
        clock.advance(1 * NS_PER_S)
        answer = client.get(list_path(server), headers=headers)
        assert answer.status_code == 401
        assert answer.json()["error_code"] == "BCS.4010401"
        # the static token is not affected by time
        static = {"X-Auth-Token": server.config.token}
        assert client.get(list_path(server), headers=static).status_code == 200


@pytest.mark.parametrize(
    "override",
    [
        {"user": "someone"},
        {"password": "wrong"},
        {"domain": "other-account"},
        {"project": "f" * 32},
    ],
)
def test_a_wrong_login_is_a_401_without_a_token(
    server: SimServer, client: httpx.Client, override: dict[str, str]
) -> None:
    answer = login(client, server, **override)
    assert answer.status_code == 401
    assert "x-subject-token" not in answer.headers
    assert answer.json()["error"]["code"] == 401
    assert server.config.iam_password not in answer.text


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"auth": {"identity": 5}}', b"[]"])
def test_a_body_that_is_not_a_password_login_is_a_400(
    server: SimServer, client: httpx.Client, body: bytes
) -> None:
    answer = client.post("/v3/auth/tokens", content=body)
    assert answer.status_code == 400
    assert "x-subject-token" not in answer.headers


def test_the_login_log_entry_says_password(server: SimServer, client: httpx.Client) -> None:
    login(client, server)
    entry = server.request_log[-1]
    assert (entry.method, entry.path, entry.status, entry.auth_kind) == (
        "POST",
        "/v3/auth/tokens",
        201,
        "password",
    )
