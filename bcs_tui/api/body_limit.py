"""Response bodies read under a size limit that holds while the bytes arrive.

``Content-Length`` may be absent (a chunked answer) or untrue, so the limit is counted on the
bytes as they come in, and the reading stops at the first byte past it: a huge or endless
answer never gets into memory. A declared length past the limit is refused before any byte
is read. Past the limit is a ``BadResponseError``: the answer would be as large next time, so
it is not retried.
"""

from collections.abc import AsyncIterable, AsyncIterator

import httpx

from bcs_tui.api.errors import BadResponseError


def too_large(limit: int, what: str) -> BadResponseError:
    return BadResponseError(f"{what} is larger than the {limit:,}-byte size limit; refused")


def _refuse_declared_excess(response: httpx.Response, limit: int, what: str) -> None:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit, what)


async def _within_limit(
    chunks: AsyncIterable[bytes], limit: int, what: str
) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(limit, what)
        yield chunk


async def read_capped(response: httpx.Response, limit: int, what: str = "the response") -> bytes:
    """The (decoded) body of a streamed response, refused past ``limit`` bytes."""
    return b"".join(await read_capped_chunks(response, limit, what))


async def read_capped_chunks(
    response: httpx.Response, limit: int, what: str = "the response"
) -> list[bytes]:
    """``read_capped``, as the pieces it arrived in: a caller that may not need the body
    whole (an unchanged poll, known by its hash) need not hold it twice to join it."""
    _refuse_declared_excess(response, limit, what)
    return [chunk async for chunk in _within_limit(response.aiter_bytes(), limit, what)]


async def read_truncated(response: httpx.Response, limit: int) -> bytes:
    """The first ``limit`` bytes of the body, the rest left unread (for an error answer,
    which is only quoted)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[:limit]


class _LimitedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limit: int, what: str) -> None:
        self._inner = inner
        self._limit = limit
        self._what = what

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in _within_limit(self._inner, self._limit, self._what):
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def limit_body(response: httpx.Response, limit: int, what: str) -> None:
    """Make every later read of ``response``'s body (``aread`` included) stop with the error
    at the first byte past ``limit``.

    For an answer an auth flow reads: httpx reads that body itself (``aread``) once the flow
    goes on, so the flow cannot stream it with ``read_capped``. The limit counts bytes as
    sent, so the caller must make sure the answer is not compressed."""
    _refuse_declared_excess(response, limit, what)
    if not isinstance(response.stream, httpx.AsyncByteStream):
        raise TypeError("limit_body needs the response of an httpx.AsyncClient")
    response.stream = _LimitedStream(response.stream, limit, what)
