"""The request log (logger ``bcs_tui.http``, DEBUG) and the one header-redaction helper.

Anything that prints HTTP headers (this log, ``--verbose``, error reports) goes through
``redact_headers`` so credentials never reach a terminal, a log file or a bug report.
"""

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

from bcs_tui.base.safe_text import safe_text

LOGGER_NAME = "bcs_tui.http"
REDACTED = "<redacted>"
SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-auth-token",
        "x-security-token",
        "x-subject-token",
        "cookie",
        "set-cookie",
    }
)
_START_KEY = "bcs_tui.http_log.start_ns"

logger = logging.getLogger(LOGGER_NAME)


def redact_headers(
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
) -> list[tuple[str, str]]:
    """Header pairs with every credential-carrying value replaced by ``<redacted>``."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return [
        (name, REDACTED if name.lower() in SENSITIVE_HEADERS else value) for name, value in pairs
    ]


def format_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """Redacted headers on one line, made inert for a terminal."""
    return safe_text("; ".join(f"{name}: {value}" for name, value in redact_headers(headers)))


async def log_request(request: httpx.Request) -> None:
    """httpx ``request`` event hook: remembers when the request left."""
    request.extensions = {**request.extensions, _START_KEY: time.perf_counter_ns()}
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "-> %s %s [%s]",
            request.method,
            safe_text(str(request.url)),
            format_headers(request.headers.multi_items()),
        )


async def log_response(response: httpx.Response) -> None:
    """httpx ``response`` event hook: status, time to headers, request ID, headers."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    request = response.request
    started = request.extensions.get(_START_KEY)
    elapsed_ms = (time.perf_counter_ns() - started) // 1_000_000 if isinstance(started, int) else -1
    logger.debug(
        "<- %s %s %d in %d ms request-id=%s [%s]",
        request.method,
        safe_text(str(request.url)),
        response.status_code,
        elapsed_ms,
        safe_text(response.headers.get("X-Request-Id", "-"))[:128],
        format_headers(response.headers.multi_items()),
    )


def event_hooks() -> dict[str, list[Callable[..., Any]]]:
    """Hooks to pass as ``httpx.AsyncClient(event_hooks=...)``."""
    return {"request": [log_request], "response": [log_response]}
