"""Size caps while streaming (records and IAM login answers), refused connections, broken
TLS, and the classifier's words."""

import asyncio
import re
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from bcs_tui.api.auth import MAX_LOGIN_RESPONSE_BYTES, IamPasswordAuth, TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import BadResponseError, NetworkError
from bcs_tui.api.network_error import failure_kind, network_error
from bcs_tui.sim.defaults import (
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
)
from bcs_tui.sim.server import SimServer

from .conftest import TINY_RETRY, ClientFactory, RecordingSleep, list_gets


async def test_oversized_response_is_refused(sim: SimServer, make_client: ClientFactory) -> None:
    with pytest.raises(BadResponseError, match="2,000-byte size limit"):
        await make_client(max_response_bytes=2000).list_records()
    assert list_gets(sim) == [200]  # not retried: it would be as large next time


class ChunkedAnswer:
    """Answers one request with ``head`` and a chunked body (no Content-Length) of ``total``
    bytes, or endless (``None``); notes the request it got, how many body bytes it got out,
    and whether the client hung up before the end."""

    def __init__(self, head: bytes, total: int | None = None) -> None:
        self.head = head
        self.total = total
        self.request = b""
        self.bytes_sent = 0
        self.hung_up = False
        self.done = asyncio.Event()

    def _more_to_send(self) -> bool:
        return self.total is None or self.bytes_sent < self.total

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        chunk = b"[" * 4096
        try:
            self.request = await reader.readuntil(b"\r\n\r\n")
            writer.write(self.head + b"Transfer-Encoding: chunked\r\n\r\n")
            while self._more_to_send():
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                await writer.drain()
                self.bytes_sent += len(chunk)
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        except (ConnectionError, OSError):
            self.hung_up = True
        finally:
            writer.close()
            self.done.set()


@asynccontextmanager
async def serving(answer: ChunkedAnswer) -> AsyncIterator[str]:
    """``answer`` on a loopback port; yields its endpoint."""
    server = await asyncio.start_server(answer.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}"


async def test_cap_applies_while_streaming_without_content_length() -> None:
    endless = ChunkedAnswer(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
    async with (
        serving(endless) as endpoint,
        BcsClient(
            endpoint=endpoint,
            project_id=DEFAULT_PROJECT_ID,
            auth=TokenAuth("t"),
            max_response_bytes=64 * 1024,
            retry=TINY_RETRY,
            sleep=RecordingSleep(),
            timeout_s=5,
        ) as client,
    ):
        with pytest.raises(BadResponseError, match="65,536-byte size limit"):
            await client.list_records()
    # The body never ends, so only a cap applied while streaming can end the call this way
    # (buffering first would have run into the timeout instead); and the cap really was
    # crossed on the wire, with no Content-Length to judge by.
    assert endless.bytes_sent > 64 * 1024


LOGIN_ANSWER_HEAD = (
    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Subject-Token: sim-token\r\n"
)


def _iam_auth(endpoint: str) -> IamPasswordAuth:
    return IamPasswordAuth(
        endpoint, DEFAULT_IAM_USER, DEFAULT_IAM_PASSWORD, DEFAULT_IAM_DOMAIN, DEFAULT_PROJECT_ID
    )


def _login_client(endpoint: str, auth: IamPasswordAuth | None = None) -> BcsClient:
    return BcsClient(
        endpoint=endpoint,
        project_id=DEFAULT_PROJECT_ID,
        auth=auth or _iam_auth(endpoint),
        retry=TINY_RETRY,
        sleep=RecordingSleep(),
        timeout_s=5,
    )


async def test_login_answer_is_capped_while_streaming_without_content_length() -> None:
    # Far larger than the 1 MiB cap, and than what the kernel's socket buffers on both ends
    # can hold (at most 36 MiB here), so a client that stops reading early leaves most of it
    # unsent; one that reads it whole lets the server finish.
    flood = ChunkedAnswer(LOGIN_ANSWER_HEAD, total=64 * 1024 * 1024)
    async with serving(flood) as endpoint, _login_client(endpoint) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.list_records()
        assert str(caught.value) == (
            "the IAM login answer is larger than the 1,048,576-byte size limit; refused"
        )
        # Still inside the client: the connection was closed by the cap, not by aclose().
        await asyncio.wait_for(flood.done.wait(), 10)
    assert flood.request.startswith(b"POST /v3/auth/tokens ")
    assert flood.hung_up
    assert MAX_LOGIN_RESPONSE_BYTES < flood.bytes_sent < flood.total


async def test_a_compressed_login_answer_is_refused_unread() -> None:
    """The cap counts bytes as sent; unpacked, a small compressed answer could be huge."""
    compressed = ChunkedAnswer(LOGIN_ANSWER_HEAD + b"Content-Encoding: gzip\r\n", total=4096)
    async with serving(compressed) as endpoint, _login_client(endpoint) as client:
        with pytest.raises(BadResponseError, match="IAM login answer came compressed"):
            await client.list_records()
    assert b"\r\naccept-encoding: identity\r\n" in compressed.request.lower()


class ScriptedAnswers:
    """Answers the requests of one connection with ``answers``, in order, then hangs up."""

    def __init__(self, *answers: bytes) -> None:
        self.answers = list(answers)
        self.requests: list[bytes] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for answer in self.answers:
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?im)^content-length: *(\d+)", head)
                await reader.readexactly(int(length.group(1)) if length else 0)
                self.requests.append(head.split(b"\r\n", 1)[0])
                writer.write(answer)
                await writer.drain()
        finally:
            writer.close()


def _answer(head: bytes, body: bytes) -> bytes:
    return head + b"Content-Length: %d\r\n\r\n" % len(body) + body


async def test_a_login_answer_nested_too_deep_gives_a_token_of_unknown_lifetime() -> None:
    """Found by the streaming-cap test: a login body nested deeper than the JSON parser goes
    (well under the cap) escaped as a RecursionError, a traceback for the user."""
    nested = b"[" * 100_000
    empty_list = b'{"count": 0, "operation_records": []}'
    script = ScriptedAnswers(
        _answer(LOGIN_ANSWER_HEAD, nested),
        _answer(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n", empty_list),
    )
    server = await asyncio.start_server(script.handle, "127.0.0.1", 0)
    endpoint = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    auth = _iam_auth(endpoint)
    async with server, _login_client(endpoint, auth) as client:
        assert (await client.list_records()).records == []
    assert auth.token_expires_ns is None  # trusted until the service answers 401
    assert [line.split(b" ")[:2] for line in script.requests] == [
        [b"POST", b"/v3/auth/tokens"],
        [b"GET", f"/v2/{DEFAULT_PROJECT_ID}/operation/record".encode()],
    ]


async def test_connection_refused_is_a_network_error_after_retries() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = holder.getsockname()[1]
        sleep = RecordingSleep()
        async with BcsClient(
            endpoint=f"http://127.0.0.1:{port}",
            project_id=DEFAULT_PROJECT_ID,
            auth=TokenAuth("t"),
            retry=TINY_RETRY,
            sleep=sleep,
        ) as client:
            with pytest.raises(NetworkError) as caught:
                await client.list_records()
    assert str(caught.value) == (
        f"cannot reach 127.0.0.1:{port}: connection refused (nothing listening?)"
    )
    assert len(sleep.delays) == TINY_RETRY.attempts - 1


async def test_tls_to_a_plain_http_server_is_a_tls_failure(sim: SimServer) -> None:
    async with BcsClient(
        endpoint=f"https://127.0.0.1:{sim.port}",
        project_id=DEFAULT_PROJECT_ID,
        auth=TokenAuth("t"),
        retry=TINY_RETRY,
        sleep=RecordingSleep(),
    ) as client:
        with pytest.raises(NetworkError, match="TLS"):
            await client.list_records()


def _chained(outer: Exception, cause: BaseException) -> Exception:
    outer.__cause__ = cause
    return outer


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            _chained(httpx.ConnectError("x"), socket.gaierror(-2, "Name or service not known")),
            "DNS lookup failed",
        ),
        (
            _chained(httpx.ConnectError("x"), ssl.SSLCertVerificationError("bad cert")),
            "TLS certificate verification failed",
        ),
        (httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number"), "TLS handshake"),
        (
            _chained(httpx.ConnectError("x"), ConnectionRefusedError(111, "refused")),
            "connection refused",
        ),
        (httpx.ReadError("Connection reset by peer"), "connection reset"),
        (httpx.ConnectTimeout("x"), "timed out after 3 s connecting"),
        (httpx.ReadTimeout("x"), "timed out after 3 s waiting for an answer"),
        (TimeoutError(), "timed out after 3 s"),
        (httpx.RemoteProtocolError("Server disconnected"), "closed the connection"),
    ],
)
def test_failure_kinds_in_plain_words(error: Exception, words: str) -> None:
    assert words in failure_kind(error, 3.0)


def test_network_error_names_the_host_of_the_failed_request() -> None:
    ours = httpx.Request("GET", "https://bcs.example.com/v2/p/operation/record")
    login = httpx.Request("POST", "https://iam.example.com:8443/v3/auth/tokens")
    error = httpx.ConnectError("refused", request=login)
    assert str(network_error(error, ours, 1.0)).startswith("cannot reach iam.example.com:8443:")
    assert "bcs.example.com" in str(network_error(TimeoutError(), ours, 1.0))
