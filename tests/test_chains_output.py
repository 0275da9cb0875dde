"""``chains``: one limit of requests in flight over all sources, not one per source."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bcs_tui.api.blockchains import (
    BlockchainDetail,
    BlockchainList,
    BlockchainStatus,
    BlockchainSummary,
)
from bcs_tui.chains_output import REQUESTS_AT_ONCE, collect_chains
from bcs_tui.config import Credentials, SourceSettings

CHAINS_PER_SOURCE = 10


class InFlight:
    """Requests in flight over every source, and the most seen at once."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.full = asyncio.Event()
        """Set once the limit is reached: details wait for it, so all that may start do."""

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        self.now += 1
        self.most = max(self.most, self.now)
        if self.now >= REQUESTS_AT_ONCE:
            self.full.set()
        try:
            yield
        finally:
            self.now -= 1


class CountingChains:
    """A source of ``CHAINS_PER_SOURCE`` chains whose requests ``in_flight`` counts."""

    def __init__(self, in_flight: InFlight) -> None:
        self.in_flight = in_flight

    async def list_blockchains(self) -> BlockchainList:
        async with self.in_flight.request():
            chains = [
                BlockchainSummary(id=f"id-{i}", name=f"c{i}") for i in range(CHAINS_PER_SOURCE)
            ]
            return BlockchainList(count=len(chains), blockchains=chains)

    async def show_blockchain_detail(self, blockchain_id: str) -> BlockchainDetail:
        async with self.in_flight.request():
            await self.in_flight.full.wait()
            await asyncio.sleep(0)  # stay in flight while the others that may start do
            return BlockchainDetail.model_validate({"basic_info": {"id": blockchain_id}})

    async def show_blockchain_status(self, blockchain_id: str) -> BlockchainStatus:
        raise AssertionError("chains never asks a chain's status")


def source(name: str) -> SourceSettings:
    return SourceSettings(
        name=name,
        region="cn-north-4",
        project_id=name * 16,
        endpoint="http://127.0.0.1:1",
        credentials_profile="fleet",
        credentials=Credentials(mode="aksk"),
    )


async def test_requests_in_flight_never_pass_one_limit_over_all_sources() -> None:
    in_flight = InFlight()

    @asynccontextmanager
    async def open_client(_: SourceSettings) -> AsyncIterator[CountingChains]:
        yield CountingChains(in_flight)

    found = await collect_chains([source("a"), source("b"), source("c")], open_client)

    assert [len(one.rows) for one in found] == [CHAINS_PER_SOURCE] * 3
    assert all(row.detail is not None for one in found for row in one.rows)
    assert in_flight.most == REQUESTS_AT_ONCE
