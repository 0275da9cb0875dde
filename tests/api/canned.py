"""A tiny loopback HTTP server that answers every request with the same raw bytes.

For answers the simulator never gives (a 200 that is not the documented object, a body cut
short, an IAM outage); it counts the requests it read.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class CannedServer:
    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.requests = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            self.requests += 1
            writer.write(self.answer)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def http_answer(status: str, body: bytes, content_type: str = "application/json") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


@asynccontextmanager
async def canned_server(answer: bytes) -> AsyncIterator[tuple[CannedServer, str]]:
    canned = CannedServer(answer)
    server = await asyncio.start_server(canned.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield canned, f"http://127.0.0.1:{port}"
