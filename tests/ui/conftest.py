from collections.abc import AsyncIterator, Iterator

import pytest

from bcs_tui.api.client import BcsClient
from bcs_tui.sim.server import SimServer
from tests.ui.support import FrozenClock, running_sim, sim_client


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def sim(clock: FrozenClock) -> Iterator[SimServer]:
    with running_sim(clock) as server:
        yield server


@pytest.fixture
async def client(sim: SimServer, clock: FrozenClock) -> AsyncIterator[BcsClient]:
    async with sim_client(sim, clock) as bcs:
        yield bcs
