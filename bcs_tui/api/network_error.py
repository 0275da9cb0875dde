"""Transport failures in plain words: which host, and refused, timeout, DNS or TLS."""

import contextlib
import socket
import ssl
from collections.abc import Iterator

import httpx

from bcs_tui.api.errors import NetworkError


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and everything it was raised from, without looping."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def failure_kind(error: BaseException, timeout_s: float) -> str:
    """A short phrase for what went wrong on the wire."""
    causes = list(_chain(error))
    text = " ".join(str(cause) for cause in causes).lower()
    if any(isinstance(cause, (httpx.TimeoutException, TimeoutError)) for cause in causes):
        phase = "connecting" if isinstance(error, httpx.ConnectTimeout) else "waiting for an answer"
        return f"timed out after {timeout_s:g} s {phase}"
    if any(isinstance(cause, socket.gaierror) for cause in causes) or (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "getaddrinfo" in text
        or "temporary failure in name resolution" in text
    ):
        return "DNS lookup failed (unknown host name)"
    if any(isinstance(cause, ssl.SSLCertVerificationError) for cause in causes) or (
        "certificate_verify_failed" in text or "certificate verify failed" in text
    ):
        return "TLS certificate verification failed"
    if any(isinstance(cause, ssl.SSLError) for cause in causes) or "ssl" in text or "tls" in text:
        return "TLS handshake failed"
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes) or "refused" in text:
        return "connection refused (nothing listening?)"
    if any(isinstance(cause, ConnectionResetError) for cause in causes) or "reset" in text:
        return "connection reset by the server"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server closed the connection or broke the HTTP protocol"
    if isinstance(error, httpx.ConnectError):
        return "could not connect"
    return "network failure"


def network_error(error: BaseException, request: httpx.Request, timeout_s: float) -> NetworkError:
    """A ``NetworkError`` naming the host that failed (the IAM host when the login failed).

    Only the host, port and kind of failure are shown: the URL is built by us, the headers
    carry credentials, and the low-level message adds nothing a user can act on."""
    url = request.url
    if isinstance(error, httpx.RequestError):
        # httpx raises RuntimeError when the error carries no request.
        with contextlib.suppress(RuntimeError):
            url = error.request.url
    where = url.host + (f":{url.port}" if url.port else "")
    return NetworkError(f"cannot reach {where}: {failure_kind(error, timeout_s)}")
