"""Answers the simulator does not give, served raw over loopback."""

import httpx
import pytest

from bcs_tui.api.auth import IamPasswordAuth, TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import ApiError, BadResponseError, NetworkError
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID

from .canned import canned_server, http_answer
from .conftest import TINY_RETRY, RecordingSleep


def client_for(
    endpoint: str, auth: httpx.Auth | None = None, sleep: RecordingSleep | None = None
) -> BcsClient:
    return BcsClient(
        endpoint=endpoint,
        project_id=DEFAULT_PROJECT_ID,
        auth=auth or TokenAuth("t"),
        retry=TINY_RETRY,
        sleep=sleep or RecordingSleep(),
        timeout_s=5,
    )


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"[]", "unexpected body: expected a JSON object, got a JSON array"),
        (b'{"operation_records": 5}', "operation_records is not a list"),
        (b"<html>ok</html>", "not JSON"),
        (b"", "not JSON"),
        (b"[" * 100_000, "not JSON"),  # nesting deep enough to exhaust a recursive parser
    ],
    ids=["array", "records-not-list", "html", "empty", "deep-nesting"],
)
async def test_success_status_with_the_wrong_body(body: bytes, words: str) -> None:
    async with (
        canned_server(http_answer("200 OK", body)) as (canned, endpoint),
        client_for(endpoint) as client,
    ):
        with pytest.raises(BadResponseError, match=words):
            await client.list_records()
    assert canned.requests == 1


async def test_a_body_cut_short_is_retried_then_a_network_error() -> None:
    truncated = b'HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n{"cou'
    sleep = RecordingSleep()
    async with (
        canned_server(truncated) as (canned, endpoint),
        client_for(endpoint, sleep=sleep) as client,
    ):
        with pytest.raises(NetworkError, match=r"cannot reach 127\.0\.0\.1"):
            await client.list_records()
    assert canned.requests == TINY_RETRY.attempts
    assert len(sleep.delays) == TINY_RETRY.attempts - 1


async def test_iam_outage_is_retried_then_an_api_error() -> None:
    outage = http_answer("503 Service Unavailable", b'{"error":{"code":503,"message":"busy"}}')
    async with canned_server(outage) as (iam, iam_endpoint):
        auth = IamPasswordAuth(iam_endpoint, "user", "password-value", "domain", DEFAULT_PROJECT_ID)
        async with client_for("http://127.0.0.1:9", auth=auth) as client:
            with pytest.raises(ApiError) as caught:
                await client.list_records()
    assert caught.value.status == 503
    assert "IAM login refused: busy" in str(caught.value)
    assert iam.requests == TINY_RETRY.attempts


async def test_login_answer_without_a_token_is_a_bad_response() -> None:
    answer = http_answer("201 Created", b'{"token": {"expires_at": "2099-01-01T00:00:00Z"}}')
    async with canned_server(answer) as (iam, iam_endpoint):
        auth = IamPasswordAuth(iam_endpoint, "user", "password-value", "domain", DEFAULT_PROJECT_ID)
        async with client_for("http://127.0.0.1:9", auth=auth) as client:
            with pytest.raises(BadResponseError, match="X-Subject-Token"):
                await client.list_records()
    assert iam.requests == 1


async def test_error_bodies_are_read_only_up_to_a_cap() -> None:
    huge = b'{"error_code":"X.1","error_msg":"' + b"a" * 200_000 + b'"}'
    async with (
        canned_server(http_answer("400 Bad Request", huge)) as (_, endpoint),
        client_for(endpoint) as client,
    ):
        with pytest.raises(ApiError) as caught:
            await client.list_records()
    # Cut at 64 KiB the JSON no longer parses: reported as such, never echoed.
    assert caught.value.status == 400
    assert caught.value.error_msg == "non-JSON response (application/json)"
