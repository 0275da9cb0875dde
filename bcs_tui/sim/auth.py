"""How the simulator decides whether a request is authenticated, as the cloud gateway does.

A request passes with an ``X-Auth-Token`` that is the configured token or an unexpired one
issued by the IAM login endpoint, or with a valid ``SDK-HMAC-SHA256`` signature. Nothing here
ever puts a secret into a message.
"""

import calendar
import hmac
import secrets
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bcs_tui.base.timefmt import NS_PER_S, Clock
from bcs_tui.sim.canonical import SIGNING_ALGORITHM, canonical_request, expected_signature

AUTH_NONE = "none"
AUTH_TOKEN = "token"
AUTH_AKSK = "aksk"
AUTH_PASSWORD = "password"

_REQUIRED_SIGNED_HEADERS = ("host", "x-sdk-date")
_SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class AuthResult:
    kind: str
    """Which credentials were presented: ``token``, ``aksk`` or ``none``."""
    ok: bool
    reason: str = ""
    """Why it was refused; safe to send back (never contains a secret)."""
    scope: str | None = None
    """The project a token issued by the IAM login is bound to; ``None`` for any project
    (the static token, a signature)."""


class TokenStore:
    """The static token plus tokens issued by IAM login, each valid until its expiry."""

    def __init__(self, static_token: str, clock: Clock) -> None:
        self._static = static_token
        self._clock = clock
        self._issued: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()

    def issue(self, ttl_ns: int, project_id: str = "") -> tuple[str, int]:
        """A new random token, bound to ``project_id`` as IAM's project-scoped tokens are,
        and its expiry (ns since the epoch)."""
        token = "sim-" + secrets.token_urlsafe(32)
        expires = self._clock() + ttl_ns
        with self._lock:
            self._issued[token] = (expires, project_id)
        return token, expires

    def is_valid(self, token: str) -> bool:
        return self.check(token)[0]

    def check(self, token: str) -> tuple[bool, str | None]:
        """(valid, the project it is bound to: ``None`` for the static token or none)."""
        if self._static and hmac.compare_digest(token.encode(), self._static.encode()):
            return True, None
        with self._lock:
            issued = self._issued.get(token)
        if issued is None or self._clock() >= issued[0]:
            return False, None
        return True, issued[1] or None


@dataclass(frozen=True)
class SignedRequest:
    """What the verifier needs from an HTTP request."""

    method: str
    target: str
    """The request target as sent: raw path plus optional ``?query``."""
    headers: Sequence[tuple[str, str]]
    body: bytes


def sdk_date_ns(value: str) -> int:
    """An ``X-Sdk-Date`` value (``YYYYMMDDTHHMMSSZ``, UTC) as integer ns; ``ValueError``
    when malformed."""
    return calendar.timegm(time.strptime(value, _SDK_DATE_FORMAT)) * NS_PER_S


@dataclass(frozen=True)
class _Authorization:
    access_key: str
    signed_headers: tuple[str, ...]
    signature: str


def _parse_authorization(value: str) -> _Authorization | None:
    """``SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex``; ``None`` otherwise."""
    algorithm, _, rest = value.partition(" ")
    if algorithm != SIGNING_ALGORITHM:
        return None
    fields: dict[str, str] = {}
    for item in rest.split(","):
        name, _, field_value = item.strip().partition("=")
        fields[name] = field_value
    access_key = fields.get("Access", "")
    signed = fields.get("SignedHeaders", "")
    signature = fields.get("Signature", "")
    if not (access_key and signed and signature):
        return None
    return _Authorization(access_key, tuple(signed.split(";")), signature)


def verify_signature(
    request: SignedRequest,
    *,
    access_key: str,
    secret_key: str,
    now_ns: int,
    max_skew_ns: int,
) -> AuthResult:
    """Check an ``Authorization: SDK-HMAC-SHA256 ...`` header like the API gateway does."""
    headers = _lower_first(request.headers)
    parsed = _parse_authorization(headers.get("authorization", ""))
    if parsed is None:
        return AuthResult(AUTH_AKSK, False, "unsupported Authorization header")
    if not hmac.compare_digest(parsed.access_key.encode(), access_key.encode()):
        return AuthResult(AUTH_AKSK, False, "unknown access key")
    signed_names = list(parsed.signed_headers)
    if signed_names != sorted({name.lower() for name in signed_names}):
        return AuthResult(AUTH_AKSK, False, "SignedHeaders must be lower-case, sorted, unique")
    if any("_" in name for name in signed_names):
        return AuthResult(AUTH_AKSK, False, "a header whose name has '_' cannot be signed")
    missing = [name for name in _REQUIRED_SIGNED_HEADERS if name not in signed_names]
    if missing:
        return AuthResult(AUTH_AKSK, False, f"SignedHeaders must include {', '.join(missing)}")
    absent = [name for name in signed_names if name not in headers]
    if absent:
        return AuthResult(AUTH_AKSK, False, f"signed header(s) not sent: {', '.join(absent)}")
    date = headers["x-sdk-date"]
    try:
        signed_at = sdk_date_ns(date)
    except ValueError:
        return AuthResult(AUTH_AKSK, False, "malformed X-Sdk-Date")
    if abs(now_ns - signed_at) > max_skew_ns:
        return AuthResult(AUTH_AKSK, False, "X-Sdk-Date is too far from the server time")
    signed = {name: headers[name] for name in signed_names}
    canonical = canonical_request(request.method, request.target, signed, request.body)
    expected = expected_signature(secret_key, date, canonical)
    if not hmac.compare_digest(expected.encode(), parsed.signature.encode()):
        return AuthResult(AUTH_AKSK, False, "signature does not match")
    return AuthResult(AUTH_AKSK, True)


def authenticate(
    request: SignedRequest,
    *,
    tokens: TokenStore,
    access_key: str,
    secret_key: str,
    now_ns: int,
    max_skew_ns: int,
) -> AuthResult:
    """Token first when one is sent (as the gateway does), else the signature."""
    headers = _lower_first(request.headers)
    token = headers.get("x-auth-token")
    if token is not None:
        valid, scope = tokens.check(token)
        if valid:
            return AuthResult(AUTH_TOKEN, True, scope=scope)
        return AuthResult(AUTH_TOKEN, False, "Incorrect token or token resolution failed")
    if "authorization" in headers:
        return verify_signature(
            request,
            access_key=access_key,
            secret_key=secret_key,
            now_ns=now_ns,
            max_skew_ns=max_skew_ns,
        )
    return AuthResult(AUTH_NONE, False, "no credentials: send X-Auth-Token or sign the request")


def _lower_first(headers: Sequence[tuple[str, str]]) -> Mapping[str, str]:
    """Header names lower-cased; when a header repeats, the first value wins."""
    out: dict[str, str] = {}
    for name, value in headers:
        out.setdefault(name.lower(), value)
    return out
