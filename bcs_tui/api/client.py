"""The async client of "list operation records" and of the blockchain instances: one call,
retried with care, typed errors.

Flow of one call: build the GET, send it (auth flow included), stream the body under a size
cap, then parse. Connection failures, timeouts, 5xx and 429 are retried with backoff; every
other answer is final. Whatever fails surfaces as a ``BcsError`` subclass.
"""

import asyncio
import random
import re
import ssl
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from bcs_tui.api.auth import IamPasswordAuth
from bcs_tui.api.blockchains import (
    BlockchainDetail,
    BlockchainList,
    BlockchainStatus,
    parse_blockchain_detail,
    parse_blockchain_list,
    parse_blockchain_status,
)
from bcs_tui.api.body_limit import read_capped_chunks, read_truncated
from bcs_tui.api.body_reuse import BodyReuseByQuery
from bcs_tui.api.endpoints import check_endpoint
from bcs_tui.api.error_body import MAX_REQUEST_ID, api_error, capped
from bcs_tui.api.errors import ApiError, BadResponseError, BcsError, ConfigError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.http_client import HttpClientOwner, api_http_client, ca_bundle_context
from bcs_tui.api.json_body import load_json_body
from bcs_tui.api.models import PayloadShapeError, RecordList, parse_record_list
from bcs_tui.api.network_error import network_error
from bcs_tui.api.retry import RetryPolicy, is_retryable_status

RECORDS_PATH = "/v2/{project_id}/operation/record"
BLOCKCHAINS_PATH = "/v2/{project_id}/blockchains"
BLOCKCHAIN_PATH = "/v2/{project_id}/blockchains/{blockchain_id}"
BLOCKCHAIN_STATUS_PATH = "/v2/{project_id}/blockchains/{blockchain_id}/status"
MAX_ERROR_BODY_BYTES = 64 * 1024

_PROJECT_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")

DEFAULT_RETRY = RetryPolicy()
NO_FILTERS = RecordFilters()

Sleep = Callable[[float], Awaitable[None]]
_Answer = TypeVar("_Answer")
Parse = Callable[[list[bytes]], _Answer]
"""Turns a 200 answer's body (its chunks, as read under the size cap) into the result."""


def check_project_id(project_id: str) -> str:
    """A project ID is a path segment: letters, digits, ``-`` and ``_`` only."""
    if not _PROJECT_ID_PATTERN.fullmatch(project_id):
        raise ConfigError(
            "the project ID must be 1-64 letters, digits, '-' or '_' (usually 32 hex characters)"
        )
    return project_id


def _ssl_verify(verify: bool | str, endpoint: str, auth: httpx.Auth) -> bool | ssl.SSLContext:
    if not isinstance(verify, str):
        # Plain http has no TLS to verify, and loading the default CA store costs 50-90 ms
        # of a cold start (benchmarks/RESULTS.md, row 3). No redirects are followed. But
        # an IAM login goes through this client too, to its own host: it keeps verification.
        login = auth.login_url if isinstance(auth, IamPasswordAuth) else ""
        return verify and (endpoint.startswith("https://") or login.startswith("https://"))
    return ca_bundle_context(verify)


class _Retryable(Exception):
    """An attempt failed in a way another attempt may fix."""

    def __init__(self, error: BcsError, retry_after: str | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class BcsClient(HttpClientOwner):
    """Reads operation records from one endpoint for one project.

    ``sleep`` and ``rng`` are injectable so tests can record backoff delays without waiting.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        project_id: str,
        auth: httpx.Auth,
        timeout_s: float = 15.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        verify: bool | str = True,
        max_response_bytes: int = 64 * 1024 * 1024,
        sleep: Sleep = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if timeout_s <= 0:
            raise ConfigError("the timeout must be positive")
        if max_response_bytes <= 0:
            raise ConfigError("the response size limit must be positive")
        self.endpoint = check_endpoint(endpoint, allow_http=True)
        self.project_id = check_project_id(project_id)
        self._timeout_s = timeout_s
        self._retry = retry
        self._max_response_bytes = max_response_bytes
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._http = api_http_client(
            auth=auth,
            timeout_s=timeout_s,
            verify=_ssl_verify(verify, self.endpoint, auth),
            transport=transport,
        )
        self.last_request_id: str | None = None
        """``X-Request-Id`` of the latest response (quote it when reporting a problem)."""
        self._bodies = BodyReuseByQuery(_parse_records)

    def records_url(self) -> str:
        return self.endpoint + RECORDS_PATH.format(project_id=self.project_id)

    async def list_records(self, filters: RecordFilters = NO_FILTERS) -> RecordList:
        """Every record matching ``filters`` (the API has no pagination)."""
        query = filters.to_query()
        return await self._get(
            self.records_url(), query, lambda chunks: self._bodies.records_of_chunks(query, chunks)
        )

    async def list_blockchains(self) -> BlockchainList:
        """Every blockchain instance of the project (no query, no pagination)."""
        return await self._get(self._project_url(BLOCKCHAINS_PATH), {}, _LIST)

    async def show_blockchain_detail(self, blockchain_id: str) -> BlockchainDetail:
        """One blockchain; an unknown ID is an ``ApiError`` with status 404."""
        url = self._project_url(BLOCKCHAIN_PATH, blockchain_id)
        return await self._get(url, {}, _DETAIL)

    async def show_blockchain_status(self, blockchain_id: str) -> BlockchainStatus:
        """The state of each resource one blockchain depends on."""
        url = self._project_url(BLOCKCHAIN_STATUS_PATH, blockchain_id)
        return await self._get(url, {}, _STATUS)

    def _project_url(self, template: str, blockchain_id: str | None = None) -> str:
        path = template.format(
            project_id=self.project_id,
            # The ID came from the server: quoted whole, it stays one path segment.
            blockchain_id=quote(blockchain_id or "", safe=""),
        )
        return self.endpoint + path

    async def _get(self, url: str, query: dict[str, str], parse: Parse[_Answer]) -> _Answer:
        attempts = self._retry.attempts
        for attempt in range(1, attempts + 1):
            try:
                return await self._attempt(url, query, parse)
            except _Retryable as failure:
                if attempt == attempts:
                    raise failure.error from None
                await self._sleep(self._retry.delay_s(attempt, failure.retry_after, self._rng))
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _attempt(self, url: str, query: dict[str, str], parse: Parse[_Answer]) -> _Answer:
        request = self._http.build_request("GET", url, params=query)
        try:
            # httpx's timeouts are per connect / per read, so a slow trickle of bytes could
            # go on forever; twice timeout_s bounds a whole attempt (login included).
            async with asyncio.timeout(self._timeout_s * 2):
                return await self._exchange(request, parse)
        except ApiError as error:
            # Raised by an auth flow (e.g. the IAM login answered 503): same rules.
            if is_retryable_status(error.status):
                raise _Retryable(error) from None
            raise
        except httpx.DecodingError:
            raise BadResponseError("the response body could not be decoded") from None
        except (httpx.TransportError, TimeoutError) as error:
            raise _Retryable(network_error(error, request, self._timeout_s)) from None

    async def _exchange(self, request: httpx.Request, parse: Parse[_Answer]) -> _Answer:
        response = await self._http.send(request, stream=True)
        try:
            request_id = response.headers.get("X-Request-Id")
            self.last_request_id = capped(request_id, MAX_REQUEST_ID)
            if 200 <= response.status_code < 300:
                return parse(await read_capped_chunks(response, self._max_response_bytes))
            body = await read_truncated(response, MAX_ERROR_BODY_BYTES)
            error = api_error(
                response.status_code, body, response.headers.get("Content-Type"), request_id
            )
            if is_retryable_status(response.status_code):
                raise _Retryable(error, response.headers.get("Retry-After"))
            raise error
        finally:
            await response.aclose()


def _parse_records(body: bytes) -> RecordList:
    # The parse only allocates, never makes cycles: the collector has nothing to find.
    with collector_paused():
        return _parse_body(body)


def _parse_body(body: bytes) -> RecordList:
    return _parse_json(body, parse_record_list)


def _parse_json(body: bytes, parse: Callable[[Any], _Answer]) -> _Answer:
    try:
        payload = load_json_body(body)
    except (ValueError, RecursionError):
        raise BadResponseError("the service answered 200 but the body is not JSON") from None
    try:
        return parse(payload)
    except PayloadShapeError as error:
        raise BadResponseError(
            f"the service answered 200 with an unexpected body: {error}"
        ) from None


def _chunks_parser(parse: Callable[[Any], _Answer]) -> Parse[_Answer]:
    """Parses a whole body (these answers are small: no reuse between polls)."""
    return lambda chunks: _parse_json(b"".join(chunks), parse)


_LIST: Parse[BlockchainList] = _chunks_parser(parse_blockchain_list)
_DETAIL: Parse[BlockchainDetail] = _chunks_parser(parse_blockchain_detail)
_STATUS: Parse[BlockchainStatus] = _chunks_parser(parse_blockchain_status)
