from collections.abc import AsyncIterator, Iterator

import pytest

from bcs_tui.api.client import BcsClient
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, running_sim, sim_client


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(FROZEN_AT)


@pytest.fixture
def sim(clock: ManualClock) -> Iterator[SimServer]:
    with running_sim(clock) as server:
        yield server


@pytest.fixture
async def client(sim: SimServer, clock: ManualClock) -> AsyncIterator[BcsClient]:
    async with sim_client(sim, clock) as bcs:
        yield bcs
