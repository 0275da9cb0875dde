"""AK/SK signatures are checked like the cloud's API gateway: any change after signing fails."""

import httpx
import pytest

from bcs_tui.base.timefmt import NS_PER_MIN
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock

from .helpers import list_path, sdk_date_at, signed_headers

QUERY = (("operation_status", "finished"), ("blockchain_id", "a b/ü&="))


def send(client: httpx.Client, server: SimServer, headers: dict[str, str], **kw: object) -> int:
    params = kw.pop("params", QUERY)
    content = kw.pop("content", None)
    response = client.request(
        "GET",
        list_path(server),
        params=params,  # type: ignore[arg-type]
        headers=headers,
        content=content,  # type: ignore[arg-type]
    )
    if response.status_code == 401:
        assert response.json()["error_code"] == "BCS.4010401"
    return response.status_code


def test_a_correctly_signed_request_passes(server: SimServer, client: httpx.Client) -> None:
    assert send(client, server, signed_headers(server, query=QUERY)) == 200
    assert server.request_log[-1].auth_kind == "aksk"


def test_a_signed_request_without_query_passes(server: SimServer, client: httpx.Client) -> None:
    assert send(client, server, signed_headers(server), params=()) == 200


def test_extra_signed_headers_and_a_security_token_pass(
    server: SimServer, client: httpx.Client
) -> None:
    extra = {
        "X-Project-Id": server.config.project_id,
        "X-Security-Token": "temporary-credential-token",
        "Content-Type": "application/json",
    }
    assert send(client, server, signed_headers(server, query=QUERY, extra=extra)) == 200


def test_a_signed_body_must_match(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, query=QUERY, body=b'{"a":1}')
    assert send(client, server, headers, content=b'{"a":1}') == 200
    assert send(client, server, headers, content=b'{"a":2}') == 401


def test_a_changed_query_fails(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, query=QUERY)
    changed = (("operation_status", "failed"), QUERY[1])
    assert send(client, server, headers, params=changed) == 401
    assert send(client, server, headers, params=(*QUERY, ("operation_type", "99"))) == 401


def test_a_changed_signed_header_fails(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, extra={"X-Project-Id": server.config.project_id})
    headers["X-Project-Id"] = "0" * 32
    assert send(client, server, headers, params=()) == 401


def test_a_signed_header_that_is_not_sent_fails(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, extra={"X-Project-Id": server.config.project_id})
    del headers["X-Project-Id"]
    assert send(client, server, headers, params=()) == 401


def test_a_wrong_secret_key_fails(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, query=QUERY, sk="not-the-secret")
    assert send(client, server, headers) == 401


def test_an_unknown_access_key_fails(server: SimServer, client: httpx.Client) -> None:
    assert send(client, server, signed_headers(server, query=QUERY, ak="OTHERAK")) == 401


def test_a_tampered_signature_fails(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, query=QUERY)
    last = headers["Authorization"][-1]
    headers["Authorization"] = headers["Authorization"][:-1] + ("0" if last != "0" else "1")
    assert send(client, server, headers) == 401


@pytest.mark.parametrize("skew_min", [-16, 16])
def test_a_date_too_far_from_server_time_fails(
    server: SimServer, client: httpx.Client, clock: ManualClock, skew_min: int
) -> None:
    date = sdk_date_at(clock() + skew_min * NS_PER_MIN)
    assert send(client, server, signed_headers(server, query=QUERY, date=date)) == 401


def test_a_date_within_the_allowed_skew_passes(
    server: SimServer, client: httpx.Client, clock: ManualClock
) -> None:
    date = sdk_date_at(clock() - 14 * NS_PER_MIN)
    assert send(client, server, signed_headers(server, query=QUERY, date=date)) == 200


def test_a_signature_made_before_the_clock_moved_on_goes_stale(
    server: SimServer, client: httpx.Client, clock: ManualClock
) -> None:
    headers = signed_headers(server, query=QUERY)
    assert send(client, server, headers) == 200
    clock.advance(16 * NS_PER_MIN)
    assert send(client, server, headers) == 401


def test_host_and_date_must_be_signed(server: SimServer, client: httpx.Client) -> None:
    headers = signed_headers(server, query=QUERY)
    auth = headers["Authorization"].replace("SignedHeaders=host;x-sdk-date", "SignedHeaders=host")
    assert auth != headers["Authorization"]
    assert send(client, server, {**headers, "Authorization": auth}) == 401


def test_a_malformed_authorization_header_fails(server: SimServer, client: httpx.Client) -> None:
    for value in ["Bearer abc", "SDK-HMAC-SHA256 garbage", "SDK-HMAC-SHA256 Access=x"]:
        assert send(client, server, {"Authorization": value}) == 401


def test_the_static_token_passes(server: SimServer, client: httpx.Client) -> None:
    assert send(client, server, {"X-Auth-Token": server.config.token}) == 200
    assert server.request_log[-1].auth_kind == "token"
