"""The one way an ``httpx.AsyncClient`` is set up here, for BCS and for IAM alike: the
timeout per attempt, TLS as asked, no redirects followed, JSON asked for, every request
logged (secrets redacted)."""

import ssl
from types import TracebackType
from typing import Self

import httpx

from bcs_tui.api.errors import ConfigError
from bcs_tui.api.http_log import event_hooks

USER_AGENT = "bcs-tui/0.1"


def ca_bundle_context(ca_bundle: str) -> ssl.SSLContext:
    """TLS verified against the certificates of ``ca_bundle``; a clear error if unusable."""
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as error:
        raise ConfigError(f"cannot use CA bundle {ca_bundle!r}: {error}") from None


def api_http_client(
    *,
    auth: httpx.Auth,
    timeout_s: float,
    verify: bool | ssl.SSLContext,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    # A redirect could carry a signed request or a token to another host: never followed.
    return httpx.AsyncClient(
        auth=auth,
        timeout=httpx.Timeout(timeout_s),
        verify=verify,
        transport=transport,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        event_hooks=event_hooks(),
    )


class HttpClientOwner:
    """An async context manager owning ``_http``: leaving it (or ``aclose``) closes it."""

    _http: httpx.AsyncClient

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
