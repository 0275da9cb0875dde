"""The simulator's own reading of SDK-HMAC-SHA256: canonical request and signature.

Written from the API reference ("AK/SK signing"), deliberately not shared with the client's
signer (``api/signing.py``): the simulator is the independent check on that code, so a mistake
made there must not be made here too.
"""

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, unquote

SIGNING_ALGORITHM = "SDK-HMAC-SHA256"

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def rfc3986_encode(text: str) -> str:
    """Every UTF-8 byte outside the unreserved set as ``%XX`` (upper-case hex)."""
    return "".join(chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in text.encode())


def canonical_uri(raw_path: str) -> str:
    """The path as sent, decoded, each segment re-encoded, ending with ``/``."""
    segments = unquote(raw_path).split("/")
    uri = "/".join(rfc3986_encode(segment) for segment in segments)
    return uri if uri.endswith("/") else uri + "/"


def query_pairs(raw_query: str) -> list[tuple[str, str]]:
    """The decoded ``(key, value)`` pairs of a query string, repeats and blanks kept."""
    return parse_qsl(raw_query, keep_blank_values=True)


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Encoded pairs ordered by key and, for a repeated key, by value."""
    encoded = [(rfc3986_encode(key), rfc3986_encode(value)) for key, value in pairs]
    encoded.sort(key=lambda pair: (pair[0], pair[1]))
    return "&".join(f"{key}={value}" for key, value in encoded)


def canonical_request(
    method: str, target: str, signed_headers: Mapping[str, str], body: bytes
) -> str:
    """The text that is hashed and signed, for a request target (raw path plus ``?query``).

    ``signed_headers`` maps lower-case names to values as received; the caller has checked
    that they are the ones the client listed."""
    raw_path, _, raw_query = target.partition("?")
    names = sorted(signed_headers)
    header_block = "".join(f"{name}:{signed_headers[name].strip()}\n" for name in names)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(raw_path),
            canonical_query(query_pairs(raw_query)),
            header_block,
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def expected_signature(secret_key: str, sdk_date: str, canonical: str) -> str:
    """Hex HMAC-SHA256, keyed with the SK, of the string to sign."""
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    to_sign = f"{SIGNING_ALGORITHM}\n{sdk_date}\n{digest}"
    return hmac.new(secret_key.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
