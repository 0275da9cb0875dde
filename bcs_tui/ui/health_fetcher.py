"""Fetches blockchain health in the background for the app, into one bounded cache.

The app says which chain it shows (``want``) on each render and clock tick; only a chain
whose health is due (``ChainHealthCache.due``) is asked for, one request at a time per
chain. A fetch's end calls ``on_fetched`` so the app draws what came. Nothing here touches
the record list or its refresh: a health failure stays in the health section.
"""

import asyncio
from collections.abc import Callable

from bcs_tui.core.blockchain_source import BlockchainSource
from bcs_tui.core.chain_health_cache import ChainHealthCache, HealthKey, fetch_health


class HealthFetcher:
    def __init__(self, clock: Callable[[], int], on_fetched: Callable[[], None]) -> None:
        self.cache = ChainHealthCache()
        self._clock = clock
        self._on_fetched = on_fetched
        self._tasks: set[asyncio.Task[None]] = set()
        self._done = asyncio.Condition()
        self.viewed: set[HealthKey] = set()
        """Chains shown in a blockchain view: their resource status is fetched too."""
        self.fetch_count = 0
        """Fetches ended (good or failed), for tests."""

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def want(self, key: HealthKey, source: BlockchainSource, interval_ns: int) -> None:
        """``key`` is on screen: fetch it if it is due."""
        with_status = key in self.viewed
        if not self.cache.due(key, self._clock(), interval_ns, with_status=with_status):
            return
        self.cache.begin(key)
        task = asyncio.create_task(
            self._fetch(key, source, with_status), name=f"blockchain health {key[1]}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _fetch(self, key: HealthKey, source: BlockchainSource, with_status: bool) -> None:
        try:
            health = await fetch_health(source, key[1], with_status=with_status)
        finally:
            # Out of the set before waiters look (a done callback would come too late).
            self._tasks.discard(asyncio.current_task())
        self.cache.finish(key, health, self._clock())
        self.fetch_count += 1
        self._on_fetched()
        async with self._done:
            self._done.notify_all()

    async def wait_idle(self) -> None:
        """Wait until no fetch is in flight (tests, and a steady screenshot)."""
        async with self._done:
            await self._done.wait_for(lambda: not self._tasks)

    async def wait_for_fetches(self, count: int) -> None:
        async with self._done:
            await self._done.wait_for(lambda: self.fetch_count >= count)

    async def aclose(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
