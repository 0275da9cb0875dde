"""A loopback HTTP/1.1 proxy in front of the simulator that breaks the wire on demand.

It runs its own event loop in a background thread, so the command line (another process) and
the dashboard (the test's own event loop) can both use it, and a test switches its mode at run
time with ``set_mode``:

- ``pass``: forward requests and answers unchanged;
- ``delay``: hold each answer ``delay_s`` seconds before forwarding it;
- ``cut``: forward the answer's head and half its body, then close cleanly (a truncated body);
- ``reset``: forward the head and half the body, then reset the connection (RST);
- ``stall``: read the request and never answer (until the mode changes or the proxy stops);
- ``refuse``: stop listening, so connecting is refused; any other mode listens again;
- ``bad-cert`` (TLS only, see ``tls.py``): present a self-signed certificate the client does
  not trust, instead of the one signed by the test CA.

It understands just enough HTTP (``Content-Length`` framing, which the simulator always uses)
to know where an answer's body starts. It counts requests and notes when each one arrived, so
a test can show there was no retry storm.
"""

import asyncio
import contextlib
import socket
import ssl
import struct
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

MODES = ("pass", "delay", "cut", "reset", "stall", "refuse", "bad-cert")
MAX_HEAD = 64 * 1024


class _Closed(Exception):
    """One side hung up."""


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """(head, body) of one HTTP message framed by ``Content-Length``."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError) as error:
        raise _Closed from error
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or b"0")
    try:
        body = await reader.readexactly(length) if length else b""
    except (asyncio.IncompleteReadError, ConnectionError) as error:
        raise _Closed from error
    return head, body


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with SO_LINGER 0: the peer sees "connection reset", not a clean end."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FaultProxy:
    def __init__(
        self, upstream_host: str, upstream_port: int, tls: ssl.SSLContext | None = None
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.tls = tls
        self.mode = "pass"
        self.delay_s = 0.0
        self.requests = 0
        self.request_times: list[float] = []
        """``time.monotonic()`` of each request read from a client."""
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._stall = asyncio.Event()
        self._writers: set[asyncio.StreamWriter] = set()

    # -- control, from any thread ----------------------------------------------------------

    def start(self) -> "FaultProxy":
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    @property
    def endpoint(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def set_mode(self, mode: str, *, delay_s: float = 0.0) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown proxy mode {mode!r}")
        self._call(self._switch(mode, delay_s))

    def clear(self) -> None:
        self.set_mode("pass")

    def _call(self, coroutine: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    # -- inside the proxy's loop -----------------------------------------------------------

    async def _listen(self) -> None:
        if self._server is not None:
            return
        self._server = await asyncio.start_server(
            self._handle,
            "127.0.0.1",
            self.port,
            reuse_address=True,
            limit=MAX_HEAD,
            ssl=self.tls,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _unlisten(self) -> None:
        if self._server is None:
            return
        self._server.close()
        await self._server.wait_closed()
        self._server = None

    async def _switch(self, mode: str, delay_s: float) -> None:
        self.mode = mode
        self.delay_s = delay_s
        if mode == "refuse":
            await self._unlisten()
        else:
            await self._listen()
        if mode in ("refuse", "bad-cert"):
            # Kept-alive connections would otherwise still get through: drop them, so the
            # client has to connect (and shake hands) again.
            for writer in list(self._writers):
                _reset(writer)
        if mode != "stall":
            # Stalled requests end now: their connections are dropped, as a proxy that
            # recovers would.
            self._stall.set()
            self._stall = asyncio.Event()

    async def _shutdown(self) -> None:
        await self._unlisten()
        self._stall.set()
        for writer in list(self._writers):
            _reset(writer)
        # Handlers still waiting on an upstream that hangs on purpose end here, not with
        # the loop (which would leave them pending).
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    async def _handle(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        self._writers.add(client_writer)
        upstream: asyncio.StreamWriter | None = None
        try:
            up_reader, upstream = await asyncio.open_connection(*self.upstream, limit=MAX_HEAD)
            while True:
                head, body = await _read_message(client_reader)
                self.requests += 1
                self.request_times.append(time.monotonic())
                mode = self.mode
                if mode == "stall":
                    await self._stall.wait()
                    _reset(client_writer)
                    return
                upstream.write(head + body)
                await upstream.drain()
                answer_head, answer_body = await _read_message(up_reader)
                if mode == "delay":
                    await asyncio.sleep(self.delay_s)
                if mode in ("cut", "reset"):
                    client_writer.write(answer_head + answer_body[: len(answer_body) // 2])
                    await client_writer.drain()
                    if mode == "reset":
                        _reset(client_writer)
                    else:
                        client_writer.close()
                    return
                client_writer.write(answer_head + answer_body)
                await client_writer.drain()
        except (_Closed, ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(client_writer)
            for writer in (client_writer, upstream):
                if writer is not None and not writer.is_closing():
                    writer.close()


@contextmanager
def fault_proxy(
    upstream_host: str, upstream_port: int, tls: ssl.SSLContext | None = None
) -> Iterator[FaultProxy]:
    proxy = FaultProxy(upstream_host, upstream_port, tls).start()
    try:
        yield proxy
    finally:
        proxy.stop()
