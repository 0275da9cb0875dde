"""The hand-written canonical requests in tests/signing_vectors.py hold together on their own:
each signature is the HMAC of its canonical request, computed with hashlib/hmac directly, using
neither the client's signer nor the simulator's verifier. For the published vector this checks
the hand method; for ours, it checks the expected signature."""

import hashlib
import hmac

import pytest

from tests.signing_vectors import PUBLISHED_GET, REPEATED_KEY, SigningVector


@pytest.mark.parametrize("vector", [PUBLISHED_GET, REPEATED_KEY], ids=lambda vector: vector.id)
def test_a_hand_written_vector_signs_its_own_canonical_request(vector: SigningVector) -> None:
    assert vector.canonical_request is not None
    assert vector.canonical_request.split("\n")[2] == vector.canonical_query
    digest = hashlib.sha256(vector.canonical_request.encode()).hexdigest()
    string_to_sign = f"SDK-HMAC-SHA256\n{vector.sdk_date}\n{digest}"
    mac = hmac.new(vector.secret_key.encode(), string_to_sign.encode(), hashlib.sha256)
    assert vector.authorization.endswith(f", Signature={mac.hexdigest()}")
