"""Fixtures for client tests against the real simulator over loopback."""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

START_NS = int(datetime(2026, 11, 28, 8, 0, 0, tzinfo=UTC).timestamp()) * NS_PER_S
TINY_RETRY = RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.04, max_retry_after_s=2.0)


class RecordingSleep:
    """Stands in for ``asyncio.sleep``: records each backoff delay, waits for nothing, and
    can run a hook (e.g. heal the server) between attempts."""

    def __init__(self, on_sleep: Callable[[], None] | None = None) -> None:
        self.delays: list[float] = []
        self._on_sleep = on_sleep

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self._on_sleep is not None:
            self._on_sleep()


@pytest.fixture
def clock() -> ManualClock:
    """Shared by client and simulator."""
    return ManualClock(START_NS)


def start_sim(clock: ManualClock, **overrides: object) -> SimServer:
    # Slow operations: tests jump the clock by a day, and should not create thousands of them.
    options: dict[str, object] = {"seed": 11, "records": 12, "speed": 0.0001, **overrides}
    config = SimConfig(clock=clock, **options)  # type: ignore[arg-type]
    return SimServer(config).start()


@pytest.fixture
def sim(clock: ManualClock) -> Iterator[SimServer]:
    server = start_sim(clock)
    try:
        yield server
    finally:
        server.stop()


ClientFactory = Callable[..., BcsClient]


@pytest.fixture
async def make_client(sim: SimServer, clock: ManualClock) -> AsyncIterator[ClientFactory]:
    """Builds clients for the simulator (AK/SK by default) and closes them after the test."""
    made: list[BcsClient] = []

    def factory(
        *,
        auth: httpx.Auth | None = None,
        endpoint: str | None = None,
        retry: RetryPolicy = TINY_RETRY,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **options: object,
    ) -> BcsClient:
        client = BcsClient(
            endpoint=endpoint or sim.endpoint,
            project_id=str(options.pop("project_id", DEFAULT_PROJECT_ID)),
            auth=auth or AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, clock=clock),
            retry=retry,
            sleep=sleep or RecordingSleep(),
            timeout_s=float(options.pop("timeout_s", 5.0)),  # type: ignore[arg-type]
            **options,  # type: ignore[arg-type]
        )
        made.append(client)
        return client

    yield factory
    for client in made:
        await client.aclose()


def list_gets(sim: SimServer) -> list[int]:
    """Statuses of the list requests the simulator saw, in order."""
    return [entry.status for entry in sim.request_log if entry.method == "GET"]


def login_posts(sim: SimServer) -> list[int]:
    """Statuses of the IAM logins the simulator saw, in order."""
    return [entry.status for entry in sim.request_log if entry.method == "POST"]
