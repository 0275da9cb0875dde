"""No secret in reprs, exception texts or the request log; credentials redacted in one helper."""

import logging

import pytest

from bcs_tui.api.auth import AkSkAuth, IamPasswordAuth, TokenAuth
from bcs_tui.api.errors import BcsError
from bcs_tui.api.http_log import (
    LOGGER_NAME,
    REDACTED,
    format_headers,
    redact_headers,
)
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
    DEFAULT_TOKEN,
)
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock

from .conftest import ClientFactory

SECURITY_TOKEN = "temporary-security-token-value"


def test_redaction_of_every_credential_header() -> None:
    headers = [
        ("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc"),
        ("x-auth-token", "tok"),
        ("X-Security-Token", "sec"),
        ("X-Subject-Token", "subj"),
        ("Content-Type", "application/json"),
    ]
    assert redact_headers(headers) == [
        ("Authorization", REDACTED),
        ("x-auth-token", REDACTED),
        ("X-Security-Token", REDACTED),
        ("X-Subject-Token", REDACTED),
        ("Content-Type", "application/json"),
    ]
    assert redact_headers({"X-Auth-Token": "tok"}) == [("X-Auth-Token", REDACTED)]
    assert format_headers({"X-Evil": "a\x1b[2J"}) == "X-Evil: a\u241b[2J"


def test_reprs_show_no_secret() -> None:
    reprs = " ".join(
        repr(auth)
        for auth in (
            AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, security_token=SECURITY_TOKEN),
            TokenAuth(DEFAULT_TOKEN),
            IamPasswordAuth(
                "https://iam.example.com",
                DEFAULT_IAM_USER,
                DEFAULT_IAM_PASSWORD,
                DEFAULT_IAM_DOMAIN,
                DEFAULT_PROJECT_ID,
            ),
        )
    )
    for secret in (DEFAULT_SK, DEFAULT_TOKEN, DEFAULT_IAM_PASSWORD, SECURITY_TOKEN, DEFAULT_AK):
        assert secret not in reprs
    assert "AkSkAuth" in reprs and "TokenAuth" in reprs and "IamPasswordAuth" in reprs


async def test_request_log_redacts_credentials_of_every_auth_mode(
    sim: SimServer,
    make_client: ClientFactory,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    iam = IamPasswordAuth(
        sim.endpoint,
        DEFAULT_IAM_USER,
        DEFAULT_IAM_PASSWORD,
        DEFAULT_IAM_DOMAIN,
        DEFAULT_PROJECT_ID,
        clock=clock,
    )
    aksk = AkSkAuth(
        DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, security_token=SECURITY_TOKEN, clock=clock
    )
    with caplog.at_level(logging.DEBUG, logger=LOGGER_NAME):
        await make_client(auth=iam).list_records()
        await make_client(auth=TokenAuth(DEFAULT_TOKEN)).list_records()
        await make_client(auth=aksk).list_records()
    text = "\n".join(record.getMessage() for record in caplog.records)
    issued_token = iam._token  # the token IAM handed out, to be sure it was never logged
    assert issued_token
    for secret in (DEFAULT_SK, DEFAULT_TOKEN, DEFAULT_IAM_PASSWORD, SECURITY_TOKEN, issued_token):
        assert secret not in text
    assert "Signature=" not in text
    # The log is useful: method, URL, status, duration, request ID, and the redaction marks.
    assert f"POST {sim.endpoint}/v3/auth/tokens 201" in text
    assert f"GET {sim.endpoint}/v2/{DEFAULT_PROJECT_ID}/operation/record 200 in" in text
    assert "request-id=" in text and " ms " in text
    assert f"x-subject-token: {REDACTED}" in text.lower()
    assert f"x-auth-token: {REDACTED}" in text.lower()
    assert f"authorization: {REDACTED}" in text.lower()
    assert f"x-security-token: {REDACTED}" in text.lower()


async def test_error_texts_carry_no_secret(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    failing = [
        AkSkAuth(DEFAULT_AK, "wrong-" + DEFAULT_SK, DEFAULT_PROJECT_ID, clock=clock),
        TokenAuth("wrong-" + DEFAULT_TOKEN),
        IamPasswordAuth(
            sim.endpoint,
            DEFAULT_IAM_USER,
            "wrong-" + DEFAULT_IAM_PASSWORD,
            DEFAULT_IAM_DOMAIN,
            DEFAULT_PROJECT_ID,
            clock=clock,
        ),
    ]
    texts = []
    for auth in failing:
        with pytest.raises(BcsError) as caught:
            await make_client(auth=auth).list_records()
        texts.append(str(caught.value) + " " + repr(caught.value.args))
    joined = " ".join(texts)
    for secret in (DEFAULT_SK, DEFAULT_TOKEN, DEFAULT_IAM_PASSWORD):
        assert secret not in joined
    assert sum("HTTP 401" in text for text in texts) == 3
