from collections.abc import Iterator

import httpx
import pytest

from bcs_tui.sim.server import SimConfig, SimServer

from .helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock: FakeClock) -> Iterator[SimServer]:
    with SimServer(SimConfig(clock=clock, records=30)) as running:
        yield running


@pytest.fixture
def client(server: SimServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.endpoint, timeout=10) as http:
        yield http
