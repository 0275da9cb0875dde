"""The client's signer against the shared SDK-HMAC-SHA256 vectors (tests/signing_vectors.py):
the pure functions, and ``AkSkAuth`` signing real httpx requests."""

import hashlib
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from bcs_tui.api.auth import AkSkAuth, canonical_parts
from bcs_tui.api.signing import CanonicalParts, authorization_header, canonical_query
from bcs_tui.base.timefmt import NS_PER_S
from tests.clock import ManualClock
from tests.signing_vectors import CANONICAL_QUERY, QUERY_PAIRS, SIGNING_VECTORS, SigningVector

by_id = pytest.mark.parametrize("vector", SIGNING_VECTORS, ids=lambda vector: vector.id)


def _frozen(sdk_date: str) -> ManualClock:
    moment = datetime.strptime(sdk_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return ManualClock(int(moment.timestamp()) * NS_PER_S)


def _parts(vector: SigningVector) -> CanonicalParts:
    """The vector's pieces handed to the signer directly, without httpx."""
    return CanonicalParts(
        method=vector.method,
        path=vector.path,
        query=tuple(parse_qsl(urlsplit(vector.url).query)),
        headers={"Host": vector.host, "X-Sdk-Date": vector.sdk_date, **dict(vector.headers)},
        body=vector.body,
    )


def _check_canonical(canonical: str, vector: SigningVector) -> None:
    assert canonical.split("\n")[2] == vector.canonical_query
    if vector.canonical_sha256 is not None:
        assert hashlib.sha256(canonical.encode()).hexdigest() == vector.canonical_sha256
    if vector.canonical_request is not None:
        assert canonical == vector.canonical_request


def _signed(auth: AkSkAuth, request: httpx.Request) -> httpx.Request:
    request.read()
    return next(auth.auth_flow(request))


@by_id
def test_the_signer_reproduces_each_vector(vector: SigningVector) -> None:
    parts = _parts(vector)
    _check_canonical(parts.canonical_request(), vector)
    assert authorization_header(vector.access_key, vector.secret_key, parts) == (
        vector.authorization
    )


@by_id
def test_aksk_auth_signs_each_vector(vector: SigningVector) -> None:
    auth = AkSkAuth(vector.access_key, vector.secret_key, "", clock=_frozen(vector.sdk_date))
    request = httpx.Request(
        vector.method,
        vector.url,
        headers={**dict(vector.headers), "User-Agent": "not-signed/1.0"},
        content=vector.body or None,
    )
    # httpx adds Content-Length for a body; the published vectors sign host and date only.
    signed = _signed(auth, request)
    assert signed.headers["X-Sdk-Date"] == vector.sdk_date
    _check_canonical(canonical_parts(signed).canonical_request(), vector)
    assert signed.headers["Authorization"] == vector.authorization
    assert signed.url.path == vector.path  # the trailing "/" is only in the signature


def test_query_canonicalisation_vector() -> None:
    assert canonical_query(QUERY_PAIRS) == CANONICAL_QUERY


def test_query_canonicalisation_vector_through_aksk_auth_request_building() -> None:
    request = httpx.Request("GET", "http://service.endpoint.example.com/x", params=QUERY_PAIRS)
    request.read()
    assert canonical_parts(request).canonical_request().split("\n")[2] == CANONICAL_QUERY


def test_aksk_auth_adds_project_and_security_token_and_signs_them() -> None:
    auth = AkSkAuth(
        "AccessKey",
        "SecretKey",
        project_id="0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e",
        security_token="temporary-token-value",
        clock=_frozen("20200608T023900Z"),
    )
    signed = _signed(auth, httpx.Request("GET", "https://bcs.example.com/v2/p/operation/record"))
    assert signed.headers["X-Project-Id"] == "0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e"
    assert signed.headers["X-Security-Token"] == "temporary-token-value"
    assert (
        "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,"
        in (signed.headers["Authorization"])
    )
    # The signature really covers the project: another project signs differently.
    other = AkSkAuth("AccessKey", "SecretKey", "another", clock=_frozen("20200608T023900Z"))
    resigned = _signed(other, httpx.Request("GET", "https://bcs.example.com/v2/p/operation/record"))
    assert resigned.headers["Authorization"] != signed.headers["Authorization"]
