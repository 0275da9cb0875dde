"""SDK-HMAC-SHA256 test vectors: one table, run through the client's signer
(tests/api/test_signing_vectors.py) and through the simulator's verifier
(tests/sim/test_signing_vectors.py). The two implementations share no code, so each vector is
checked twice, independently.

The published ones come from the API reference ("AK/SK signing"). ``REPEATED_KEY`` is ours, in
the same style: a repeated query key whose values arrive out of order, which the canonical
query must sort by key and then by value. Its canonical request is written out by hand from
the reference's rules, and its signature was computed from that text with hashlib/hmac alone;
tests/test_signing_vectors.py recomputes it that way, and shows that the same hand method gives
the published signature of ``PUBLISHED_GET``.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

_EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@dataclass(frozen=True)
class SigningVector:
    id: str
    access_key: str
    secret_key: str
    method: str
    url: str
    """As sent: the query in this order, the path without the signature's trailing ``/``."""
    sdk_date: str
    headers: tuple[tuple[str, str], ...]
    """Sent besides ``Host`` and ``X-Sdk-Date``; a name with ``_`` is sent but not signed."""
    body: bytes
    authorization: str
    canonical_query: str
    canonical_sha256: str | None = None
    """Published for one vector."""
    canonical_request: str | None = None
    """Written out by hand from the reference's rules (published vectors give at most its
    hash): for ours, and for one published vector, which shows that the hand method gives
    the published signature."""

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def target(self) -> str:
        """The request target on the wire: raw path and ``?query``."""
        query = urlsplit(self.url).query
        return self.path + (f"?{query}" if query else "")

    @property
    def signed_header_names(self) -> list[str]:
        return self.authorization.split("SignedHeaders=")[1].split(",")[0].split(";")


_SDK_ENDPOINT = "http://service.endpoint.myhuaweicloud.com"
_SDK_DATE = "20200608T023900Z"

PUBLISHED_GET = SigningVector(
    id="published-get",
    access_key="AccessKey",
    secret_key="SecretKey",
    method="GET",
    url=f"{_SDK_ENDPOINT}/resources?size=1",
    sdk_date=_SDK_DATE,
    headers=(("TEST_UNDERSCORE", "TEST_VALUE"),),
    body=b"",
    authorization=(
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
        "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
    ),
    canonical_query="size=1",
    canonical_request=(
        "GET\n"
        "/resources/\n"
        "size=1\n"
        "host:service.endpoint.myhuaweicloud.com\n"
        "x-sdk-date:20200608T023900Z\n"
        "\n"
        "host;x-sdk-date\n"
        f"{_EMPTY_BODY_SHA256}"
    ),
)

PUBLISHED_POST = SigningVector(
    id="published-post",
    access_key="AccessKey",
    secret_key="SecretKey",
    method="POST",
    url=f"{_SDK_ENDPOINT}/resources?size=1",
    sdk_date=_SDK_DATE,
    headers=(("TEST_UNDERSCORE", "TEST_VALUE"),),
    body=b'{"name":"test","id":1}',
    authorization=(
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
        "Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"
    ),
    canonical_query="size=1",
)

PUBLISHED_VPCS = SigningVector(
    id="published-vpcs",
    access_key="QTWAOYTTINDUT2QVKYUC",
    secret_key="MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    method="GET",
    url=(
        "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
        "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
    ),
    sdk_date="20191115T033655Z",
    headers=(("Content-Type", "application/json"),),
    body=b"",
    authorization=(
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
        "SignedHeaders=content-type;host;x-sdk-date, "
        "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    ),
    canonical_query="limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    canonical_sha256="b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
)

REPEATED_KEY = SigningVector(
    id="repeated-key-out-of-order",
    access_key="AccessKey",
    secret_key="SecretKey",
    method="GET",
    url=f"{_SDK_ENDPOINT}/resources?multi=3&multi=1&b=2&multi=2",
    sdk_date=_SDK_DATE,
    headers=(),
    body=b"",
    authorization=(
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
        "Signature=03da0839e932e6d535a69243579602fcf43cf122e54ea1b41dce66fd26ebabd5"
    ),
    canonical_query="b=2&multi=1&multi=2&multi=3",
    canonical_request=(
        "GET\n"
        "/resources/\n"
        "b=2&multi=1&multi=2&multi=3\n"
        "host:service.endpoint.myhuaweicloud.com\n"
        "x-sdk-date:20200608T023900Z\n"
        "\n"
        "host;x-sdk-date\n"
        f"{_EMPTY_BODY_SHA256}"
    ),
)

SIGNING_VECTORS = (PUBLISHED_GET, PUBLISHED_POST, PUBLISHED_VPCS, REPEATED_KEY)

QUERY_PAIRS = (
    ("limit", "1"),
    ("enable", "true"),
    ("test", "一 (&=?!#%.*)"),
    ("path", "/tmp/123"),
    ("multi", "1"),
    ("multi", "2"),
    ("multi", "3"),
)
"""The published query-canonicalisation vector: these pairs give ``CANONICAL_QUERY``."""
CANONICAL_QUERY = (
    "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123"
    "&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
)
