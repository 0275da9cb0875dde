from collections.abc import Iterator

import httpx
import pytest

from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import START_NS


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START_NS)


@pytest.fixture
def server(clock: ManualClock) -> Iterator[SimServer]:
    with SimServer(SimConfig(clock=clock, records=30)) as running:
        yield running


@pytest.fixture
def client(server: SimServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.endpoint, timeout=10) as http:
        yield http
