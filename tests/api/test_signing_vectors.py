"""The four published SDK-HMAC-SHA256 vectors, through the pure signer and through AkSkAuth."""

import hashlib
from datetime import UTC, datetime

import httpx
import pytest

from bcs_tui.api.auth import AkSkAuth, canonical_parts
from bcs_tui.api.signing import CanonicalParts, authorization_header, canonical_query
from bcs_tui.base.timefmt import NS_PER_S
from tests.clock import ManualClock

VECTOR_1 = (
    "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
    "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
)
VECTOR_2_SIGNATURE = "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
VECTOR_3_QUERY = (
    "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123"
    "&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
)
VECTOR_3_PAIRS = [
    ("limit", "1"),
    ("enable", "true"),
    ("test", "一 (&=?!#%.*)"),
    ("path", "/tmp/123"),
    ("multi", "1"),
    ("multi", "2"),
    ("multi", "3"),
]
VECTOR_4_AK = "QTWAOYTTINDUT2QVKYUC"
VECTOR_4_SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
VECTOR_4_PATH = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
VECTOR_4_QUERY = (("limit", "2"), ("marker", "13551d6b-755d-4757-b956-536f674975c0"))
VECTOR_4_CANONICAL_SHA256 = "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
VECTOR_4_AUTHORIZATION = (
    f"SDK-HMAC-SHA256 Access={VECTOR_4_AK}, SignedHeaders=content-type;host;x-sdk-date, "
    "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
)
POST_BODY = b'{"name":"test","id":1}'


def _frozen(text: str) -> ManualClock:
    moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return ManualClock(int(moment.timestamp()) * NS_PER_S)


def _vector_1_parts(method: str, body: bytes) -> CanonicalParts:
    return CanonicalParts(
        method=method,
        path="/resources",
        query=(("size", "1"),),
        headers={
            "Host": "service.endpoint.myhuaweicloud.com",
            "X-Sdk-Date": "20200608T023900Z",
            "TEST_UNDERSCORE": "TEST_VALUE",
        },
        body=body,
    )


def _signed(auth: AkSkAuth, request: httpx.Request) -> httpx.Request:
    request.read()
    flow = auth.auth_flow(request)
    return next(flow)


def test_vector_1_get_through_the_signer() -> None:
    assert authorization_header("AccessKey", "SecretKey", _vector_1_parts("GET", b"")) == VECTOR_1


def test_vector_2_post_through_the_signer() -> None:
    header = authorization_header("AccessKey", "SecretKey", _vector_1_parts("POST", POST_BODY))
    assert header.endswith(f"Signature={VECTOR_2_SIGNATURE}")
    assert "SignedHeaders=host;x-sdk-date," in header


def test_vector_3_query_canonicalisation() -> None:
    assert canonical_query(VECTOR_3_PAIRS) == VECTOR_3_QUERY


def test_vector_4_through_the_signer() -> None:
    parts = CanonicalParts(
        method="GET",
        path=VECTOR_4_PATH,
        query=VECTOR_4_QUERY,
        headers={
            "Host": "service.region.example.com",
            "Content-Type": "application/json",
            "X-Sdk-Date": "20191115T033655Z",
        },
        body=b"",
    )
    assert hashlib.sha256(parts.canonical_request().encode()).hexdigest() == (
        VECTOR_4_CANONICAL_SHA256
    )
    assert authorization_header(VECTOR_4_AK, VECTOR_4_SK, parts) == VECTOR_4_AUTHORIZATION


@pytest.mark.parametrize(("method", "body"), [("GET", b""), ("POST", POST_BODY)])
def test_vectors_1_and_2_through_aksk_auth(method: str, body: bytes) -> None:
    auth = AkSkAuth("AccessKey", "SecretKey", project_id="", clock=_frozen("20200608T023900Z"))
    request = httpx.Request(
        method,
        "http://service.endpoint.myhuaweicloud.com/resources?size=1",
        headers={"TEST_UNDERSCORE": "TEST_VALUE"},
        content=body or None,
    )
    # httpx adds Content-Length for a body; the published vector signs host and date only.
    signed = _signed(auth, request)
    assert signed.headers["X-Sdk-Date"] == "20200608T023900Z"
    expected = (
        VECTOR_1 if method == "GET" else VECTOR_1.rsplit("=", 1)[0] + "=" + VECTOR_2_SIGNATURE
    )
    assert signed.headers["Authorization"] == expected


def test_vector_3_through_aksk_auth_request_building() -> None:
    request = httpx.Request(
        "GET", "http://service.endpoint.example.com/x", params=tuple(VECTOR_3_PAIRS)
    )
    request.read()
    lines = canonical_parts(request).canonical_request().split("\n")
    assert lines[2] == VECTOR_3_QUERY


def test_vector_4_through_aksk_auth() -> None:
    auth = AkSkAuth(VECTOR_4_AK, VECTOR_4_SK, project_id="", clock=_frozen("20191115T033655Z"))
    request = httpx.Request(
        "GET",
        f"https://service.region.example.com{VECTOR_4_PATH}",
        params=VECTOR_4_QUERY,
        headers={"Content-Type": "application/json", "User-Agent": "not-signed/1.0"},
    )
    signed = _signed(auth, request)
    canonical = canonical_parts(signed).canonical_request()
    assert hashlib.sha256(canonical.encode()).hexdigest() == VECTOR_4_CANONICAL_SHA256
    assert signed.headers["Authorization"] == VECTOR_4_AUTHORIZATION
    assert signed.url.path == VECTOR_4_PATH  # the trailing "/" is only in the signature


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
