"""The three ways to authenticate, as ``httpx.Auth`` classes.

- ``AkSkAuth``: SDK-HMAC-SHA256 signing with an access key / secret key pair (the SDKs' way).
- ``TokenAuth``: a ready IAM token in ``X-Auth-Token``.
- ``IamPasswordAuth``: logs in to IAM with user name and password inside the auth flow,
  caches the token until shortly before it expires, and logs in again once on a 401.

No ``repr`` or exception message of this module ever contains a secret.
"""

import asyncio
import json
from collections.abc import AsyncGenerator, Generator
from urllib.parse import unquote_plus

import httpx

from bcs_tui.api.body_limit import limit_body
from bcs_tui.api.endpoints import check_endpoint
from bcs_tui.api.error_body import api_error
from bcs_tui.api.errors import ApiError, AuthError, BadResponseError, ConfigError
from bcs_tui.api.retry import is_retryable_status
from bcs_tui.api.signing import DATE_HEADER, CanonicalParts, authorization_header, sdk_date
from bcs_tui.base.timefmt import NS_PER_MIN, Clock, ns_to_datetime, parse_iso_ns, system_clock

RequestAuth = httpx.Auth
"""What every scheme here is, named so callers outside ``api/`` need not import httpx."""

PROJECT_HEADER = "X-Project-Id"
SECURITY_TOKEN_HEADER = "X-Security-Token"
AUTH_TOKEN_HEADER = "X-Auth-Token"
SUBJECT_TOKEN_HEADER = "X-Subject-Token"

SIGNED_HEADERS: tuple[str, ...] = (
    "host",
    "content-type",
    DATE_HEADER.lower(),
    PROJECT_HEADER.lower(),
    SECURITY_TOKEN_HEADER.lower(),
)
"""Headers covered by the signature when present. Others (User-Agent, Accept...) are left
out on purpose: proxies may rewrite them, and a signature over them would then break."""

MAX_LOGIN_RESPONSE_BYTES = 1024 * 1024


def _require_header_value(value: str, what: str) -> str:
    """Non-empty and free of line breaks (which would let a value inject headers)."""
    if not value or not value.strip() or any(ch in value for ch in "\r\n\x00"):
        raise ConfigError(f"{what} is empty or contains line breaks")
    return value.strip()


def _require_ascii_header_value(value: str, what: str) -> str:
    """A credential sent in a header: also printable ASCII, as keys and tokens are; anything
    else cannot be encoded into the header (and is surely a copy-and-paste accident)."""
    stripped = _require_header_value(value, what)
    if not (stripped.isascii() and stripped.isprintable()):
        raise ConfigError(f"{what} contains characters that are not printable ASCII")
    return stripped


def _masked(identifier: str) -> str:
    """The first characters of an identifier, enough to tell keys apart in a repr."""
    return identifier[:4] + "\u2026" if len(identifier) > 4 else "\u2026"


def _query_pairs(raw_query: bytes) -> tuple[tuple[str, str], ...]:
    # httpx form-encodes params (space as "+", "+" as %2B), so "+" decodes to a space.
    pairs: list[tuple[str, str]] = []
    for item in raw_query.decode("ascii", errors="replace").split("&"):
        if item:
            key, _, value = item.partition("=")
            pairs.append((unquote_plus(key), unquote_plus(value)))
    return tuple(pairs)


def canonical_parts(request: httpx.Request) -> CanonicalParts:
    """What AK/SK signing covers for ``request`` (its body must already be read)."""
    headers = {name: request.headers[name] for name in SIGNED_HEADERS if name in request.headers}
    return CanonicalParts(
        method=request.method,
        path=request.url.path,
        query=_query_pairs(request.url.query),
        headers=headers,
        body=request.content,
    )


class AkSkAuth(httpx.Auth):
    """Signs every request with SDK-HMAC-SHA256.

    An empty ``project_id`` sends no ``X-Project-Id`` header (the generic signer, as in the
    published test vectors); the BCS client always passes one."""

    requires_request_body = True

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        project_id: str,
        security_token: str | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self._access_key = _require_ascii_header_value(access_key, "the access key (AK)")
        if not secret_key:
            raise ConfigError("the secret key (SK) is empty")
        self._secret_key = secret_key
        self._project_id = _require_header_value(project_id, "the project ID") if project_id else ""
        self._security_token = (
            _require_ascii_header_value(security_token, "the security token")
            if security_token
            else None
        )
        self._clock = clock

    def __repr__(self) -> str:
        temporary = ", temporary" if self._security_token else ""
        return f"AkSkAuth(access_key={_masked(self._access_key)!r}{temporary})"

    def sign(self, request: httpx.Request) -> None:
        """Add the date, project and token headers, then ``Authorization``."""
        request.headers[DATE_HEADER] = sdk_date(ns_to_datetime(self._clock()))
        if self._project_id:
            request.headers[PROJECT_HEADER] = self._project_id
        if self._security_token is not None:
            request.headers[SECURITY_TOKEN_HEADER] = self._security_token
        request.headers["Authorization"] = authorization_header(
            self._access_key, self._secret_key, canonical_parts(request)
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        yield request


class TokenAuth(httpx.Auth):
    """Sends a ready IAM token; it is not refreshed (a 401 surfaces as ``AuthError``)."""

    def __init__(self, token: str) -> None:
        self._token = _require_ascii_header_value(token, "the token")

    def __repr__(self) -> str:
        return "TokenAuth(token=<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[AUTH_TOKEN_HEADER] = self._token
        yield request


class IamPasswordAuth(httpx.Auth):
    """Obtains an IAM token with a password and keeps it fresh; ``httpx.AsyncClient`` only.

    The login is one more request of the same auth flow, so it goes through the same client
    (timeouts, TLS settings, request log). A lock makes concurrent requests share one login.
    """

    def __init__(
        self,
        iam_endpoint: str,
        user: str,
        password: str,
        domain: str,
        project_id: str,
        clock: Clock = system_clock,
        refresh_margin_ns: int = 5 * NS_PER_MIN,
        *,
        allow_http: bool = False,
    ) -> None:
        self._login_url = check_endpoint(iam_endpoint, allow_http=allow_http) + "/v3/auth/tokens"
        self._user = _require_header_value(user, "the IAM user name")
        if not password:
            raise ConfigError("the IAM password is empty")
        self._password = password
        self._domain = _require_header_value(domain, "the IAM account (domain) name")
        self._project_id = _require_header_value(project_id, "the project ID")
        self._clock = clock
        self._refresh_margin_ns = refresh_margin_ns
        self._token: str | None = None
        self._expires_ns: int | None = None
        self._margin_ns = refresh_margin_ns
        """The margin for the cached token: never more than half its lifetime, or a token
        shorter-lived than the margin would cost one login per request."""
        self._lock = asyncio.Lock()
        self.logins = 0
        """How many logins were attempted (for diagnostics and tests)."""

    def __repr__(self) -> str:
        state = "cached" if self._token else "none"
        return (
            f"IamPasswordAuth(user={self._user!r}, domain={self._domain!r}, "
            f"login_url={self._login_url!r}, password=<redacted>, token=<{state}>)"
        )

    @property
    def login_url(self) -> str:
        """Where the password is sent (the client keeps TLS verification on for it)."""
        return self._login_url

    @property
    def token_expires_ns(self) -> int | None:
        """When the cached token ends (nanoseconds), ``None`` if unknown or none cached."""
        return self._expires_ns if self._token else None

    def _token_is_fresh(self) -> bool:
        if self._token is None:
            return False
        if self._expires_ns is None:
            return True  # no expiry given: trust it until the service says 401
        return self._clock() < self._expires_ns - self._margin_ns

    def _login_request(self) -> httpx.Request:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self._user,
                            "password": self._password,
                            "domain": {"name": self._domain},
                        }
                    },
                },
                "scope": {"project": {"id": self._project_id}},
            }
        }
        return httpx.Request(
            "POST",
            self._login_url,
            content=json.dumps(body).encode("utf-8"),
            # Uncompressed, so the size limit on the answer holds for what it unpacks to.
            headers={
                "Content-Type": "application/json;charset=utf8",
                "Accept-Encoding": "identity",
            },
        )

    async def _accept_login(self, response: httpx.Response) -> None:
        """Take the token from a login answer, or raise the typed error it deserves."""
        self.logins += 1
        limit_body(response, MAX_LOGIN_RESPONSE_BYTES, "the IAM login answer")
        if response.headers.get("Content-Encoding", "").strip().lower() not in ("", "identity"):
            # The limit counts bytes as sent: a compressed answer could unpack to far more.
            raise BadResponseError("the IAM login answer came compressed, though asked not to be")
        body = await response.aread()
        if response.status_code not in (200, 201):
            self._token = None
            status = response.status_code
            found = api_error(
                status,
                body,
                response.headers.get("Content-Type"),
                response.headers.get("X-Request-Id"),
            )
            # A refused login is the user's to fix; 429/5xx are the service's and may pass.
            error_type = ApiError if is_retryable_status(status) else AuthError
            reason = found.error_msg or "no reason given"
            raise error_type(
                status, found.error_code, f"IAM login refused: {reason}", found.request_id
            )
        token = response.headers.get(SUBJECT_TOKEN_HEADER, "").strip()
        if not token or any(ch in token for ch in "\r\n"):
            raise BadResponseError("the IAM login answer carries no X-Subject-Token header")
        self._token = token
        self._expires_ns = _expires_at_ns(body)
        lifetime = (self._expires_ns - self._clock()) if self._expires_ns is not None else 0
        self._margin_ns = min(self._refresh_margin_ns, max(0, lifetime // 2))

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        async with self._lock:
            if not self._token_is_fresh():
                await self._accept_login((yield self._login_request()))
            used = self._token
        assert used is not None
        request.headers[AUTH_TOKEN_HEADER] = used
        response = yield request
        if response.status_code != 401:
            return
        # The token was refused (revoked, or expired early): log in again, exactly once.
        async with self._lock:
            if self._token == used:
                self._token = None
                await self._accept_login((yield self._login_request()))
            fresh = self._token
        assert fresh is not None
        request.headers[AUTH_TOKEN_HEADER] = fresh
        yield request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        raise TypeError("IamPasswordAuth needs httpx.AsyncClient")


def _expires_at_ns(body: bytes) -> int | None:
    """``token.expires_at`` of a login answer; ``None`` if missing or unreadable."""
    try:
        payload = json.loads(body)
        expires = payload["token"]["expires_at"]
        return parse_iso_ns(expires) if isinstance(expires, str) else None
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
