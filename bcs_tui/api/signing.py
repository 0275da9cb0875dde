"""SDK-HMAC-SHA256 request signing, as the provider's SDKs and API gateway do it.

Pure functions over plain values, so the published test vectors can be checked directly.
The simulator verifies signatures with its own code (``sim/canonical.py``), never this: a bug
here must not be repeated there.
"""

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"


def sdk_date(moment: datetime) -> str:
    """The ``X-Sdk-Date`` value for a moment (converted to UTC)."""
    return moment.astimezone(UTC).strftime(DATE_FORMAT)


def percent_encode(text: str) -> str:
    """RFC 3986 encoding: only unreserved characters (letters, digits, ``-._~``) stay."""
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """Each segment percent-encoded; a trailing ``/`` is added for the signature only."""
    encoded = "/".join(percent_encode(segment) for segment in path.split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """``key=value`` pairs, both encoded, sorted by key then value, joined with ``&``."""
    encoded = sorted((percent_encode(key), percent_encode(value)) for key, value in pairs)
    return "&".join(f"{key}={value}" for key, value in encoded)


def signable_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-cased names without ``_`` (the gateway ignores those), values trimmed."""
    return {name.lower(): value.strip() for name, value in headers.items() if "_" not in name}


@dataclass(frozen=True)
class CanonicalParts:
    """What a signature covers."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    body: bytes

    def signed_header_names(self) -> list[str]:
        return sorted(signable_headers(self.headers))

    def canonical_request(self) -> str:
        signed = signable_headers(self.headers)
        names = sorted(signed)
        header_lines = "".join(f"{name}:{signed[name]}\n" for name in names)
        return "\n".join(
            [
                self.method.upper(),
                canonical_uri(self.path),
                canonical_query(self.query),
                header_lines,
                ";".join(names),
                hashlib.sha256(self.body).hexdigest(),
            ]
        )


def string_to_sign(canonical_request: str, date: str) -> str:
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{date}\n{digest}"


def signature(secret_key: str, canonical_request: str, date: str) -> str:
    """Hex HMAC-SHA256 of the string to sign, keyed with the secret key."""
    message = string_to_sign(canonical_request, date).encode("utf-8")
    return hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def authorization_header(access_key: str, secret_key: str, parts: CanonicalParts) -> str:
    """The ``Authorization`` value for a request whose headers include ``X-Sdk-Date``."""
    date = _header(parts.headers, DATE_HEADER)
    if date is None:
        raise ValueError(f"a signed request needs the {DATE_HEADER} header")
    names = ";".join(parts.signed_header_names())
    sig = signature(secret_key, parts.canonical_request(), date)
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={names}, Signature={sig}"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None
