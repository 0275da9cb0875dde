"""The simulator's own verifier against the shared SDK-HMAC-SHA256 vectors
(tests/signing_vectors.py), with no help from the client's signer."""

import hashlib

import pytest

from bcs_tui.sim.auth import AuthResult, SignedRequest, sdk_date_ns, verify_signature
from bcs_tui.sim.canonical import canonical_query, canonical_request
from tests.signing_vectors import (
    CANONICAL_QUERY,
    QUERY_PAIRS,
    REPEATED_KEY,
    SIGNING_VECTORS,
    SigningVector,
)

by_id = pytest.mark.parametrize("vector", SIGNING_VECTORS, ids=lambda vector: vector.id)


def _verify(
    vector: SigningVector, *, target: str | None = None, authorization: str | None = None
) -> AuthResult:
    """The vector's request as the server would receive it, checked at its own date."""
    headers = [
        ("Host", vector.host),
        ("X-Sdk-Date", vector.sdk_date),
        *vector.headers,
        ("Authorization", authorization or vector.authorization),
    ]
    request = SignedRequest(vector.method, target or vector.target, headers, vector.body)
    return verify_signature(
        request,
        access_key=vector.access_key,
        secret_key=vector.secret_key,
        now_ns=sdk_date_ns(vector.sdk_date),
        max_skew_ns=0,
    )


@by_id
def test_the_canonical_request_matches_each_vector(vector: SigningVector) -> None:
    sent = {"host": vector.host, "x-sdk-date": vector.sdk_date}
    sent |= {name.lower(): value for name, value in vector.headers}
    signed = {name: sent[name] for name in vector.signed_header_names}
    canonical = canonical_request(vector.method, vector.target, signed, vector.body)
    assert canonical.split("\n")[2] == vector.canonical_query
    if vector.canonical_sha256 is not None:
        assert hashlib.sha256(canonical.encode()).hexdigest() == vector.canonical_sha256
    if vector.canonical_request is not None:
        assert canonical == vector.canonical_request


@by_id
def test_the_verifier_accepts_each_vector(vector: SigningVector) -> None:
    result = _verify(vector)
    assert (result.ok, result.reason) == (True, "")


@by_id
def test_the_verifier_refuses_each_vector_with_one_signature_digit_changed(
    vector: SigningVector,
) -> None:
    last = vector.authorization[-1]
    tampered = vector.authorization[:-1] + ("0" if last != "0" else "1")
    assert _verify(vector, authorization=tampered).reason == "signature does not match"


def test_query_canonicalisation_vector() -> None:
    assert canonical_query(QUERY_PAIRS) == CANONICAL_QUERY


@pytest.mark.parametrize(
    "query",
    ["multi=1&multi=2&multi=3&b=2", "b=2&multi=2&multi=3&multi=1", "multi=2&b=2&multi=3&multi=1"],
)
def test_repeated_key_values_may_arrive_in_any_order(query: str) -> None:
    assert _verify(REPEATED_KEY, target=f"/resources?{query}").ok


def test_a_changed_value_of_a_repeated_key_is_refused() -> None:
    result = _verify(REPEATED_KEY, target="/resources?multi=3&multi=1&b=2&multi=4")
    assert result.reason == "signature does not match"
