"""Size cap while streaming, refused connections, broken TLS, and the classifier's words."""

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator

import httpx
import pytest

from bcs_tui.api.auth import TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import BadResponseError, NetworkError
from bcs_tui.api.network_error import failure_kind, network_error
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from bcs_tui.sim.server import SimServer

from .conftest import TINY_RETRY, ClientFactory, RecordingSleep, list_gets


async def test_oversized_response_is_refused(sim: SimServer, make_client: ClientFactory) -> None:
    with pytest.raises(BadResponseError, match="2,000-byte size limit"):
        await make_client(max_response_bytes=2000).list_records()
    assert list_gets(sim) == [200]  # not retried: it would be as large next time


class EndlessChunkedServer:
    """Answers 200 with a chunked body that never ends, counting the bytes it got out."""

    def __init__(self) -> None:
        self.bytes_sent = 0
        self.server: asyncio.Server | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"[" * 4096
        try:
            while True:
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                await writer.drain()
                self.bytes_sent += len(chunk)
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def endless() -> AsyncIterator[tuple[EndlessChunkedServer, str]]:
    fake = EndlessChunkedServer()
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield fake, f"http://127.0.0.1:{port}"


async def test_cap_applies_while_streaming_without_content_length(
    endless: tuple[EndlessChunkedServer, str],
) -> None:
    fake, endpoint = endless
    async with BcsClient(
        endpoint=endpoint,
        project_id=DEFAULT_PROJECT_ID,
        auth=TokenAuth("t"),
        max_response_bytes=64 * 1024,
        retry=TINY_RETRY,
        sleep=RecordingSleep(),
        timeout_s=5,
    ) as client:
        with pytest.raises(BadResponseError, match="65,536-byte size limit"):
            await client.list_records()
    # The body never ends, so only a cap applied while streaming can end the call this way
    # (buffering first would have run into the timeout instead); and the cap really was
    # crossed on the wire, with no Content-Length to judge by.
    assert fake.bytes_sent > 64 * 1024


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
