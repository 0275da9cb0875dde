"""The per-(source, blockchain) health cache: lazy, keyed, bounded, due at the interval;
and one fetch of a chain's health, which keeps a failure as text instead of raising."""

import asyncio
from dataclasses import dataclass, field

import pytest

from bcs_tui.api.blockchains import (
    BlockchainDetail,
    BlockchainList,
    BlockchainStatus,
    parse_blockchain_detail,
    parse_blockchain_status,
)
from bcs_tui.api.errors import ApiError, NetworkError
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.blockchain_source import BlockchainSource, blockchain_calls_of
from bcs_tui.core.chain_health import ChainHealth
from bcs_tui.core.chain_health_cache import ChainHealthCache, fetch_health

INTERVAL = 5 * NS_PER_S
T0 = 1_000 * NS_PER_S
GOOD = ChainHealth(detail=parse_blockchain_detail({"basic_info": {"status": "Normal"}}))


def test_nothing_is_known_until_fetched_and_a_fetch_in_flight_is_not_due_again() -> None:
    cache = ChainHealthCache()
    key = ("", "chain-a")
    assert cache.health(key) is None
    assert cache.due(key, T0, INTERVAL, with_status=False)
    cache.begin(key)
    assert not cache.due(key, T0 + 10 * INTERVAL, INTERVAL, with_status=False)
    assert cache.health(key) == ChainHealth()  # loading: neither detail nor error
    cache.finish(key, GOOD, T0)
    assert cache.health(key) is GOOD


def test_due_again_once_the_interval_has_passed() -> None:
    cache = ChainHealthCache()
    key = ("", "chain-a")
    cache.begin(key)
    cache.finish(key, GOOD, T0)
    assert not cache.due(key, T0 + INTERVAL - 1, INTERVAL, with_status=False)
    assert cache.due(key, T0 + INTERVAL, INTERVAL, with_status=False)
    # A longer interval (the user pressed +) is honoured at once.
    assert not cache.due(key, T0 + INTERVAL, 2 * INTERVAL, with_status=False)


def test_the_blockchain_view_wants_the_resource_status_even_within_the_interval() -> None:
    cache = ChainHealthCache()
    key = ("", "chain-a")
    cache.finish(key, GOOD, T0)
    assert not cache.due(key, T0 + 1, INTERVAL, with_status=False)
    assert cache.due(key, T0 + 1, INTERVAL, with_status=True)
    with_status = ChainHealth(detail=GOOD.detail, status=parse_blockchain_status({}))
    cache.finish(key, with_status, T0 + 1)
    assert not cache.due(key, T0 + 2, INTERVAL, with_status=True)
    failed_status = ChainHealth(detail=GOOD.detail, status_error="HTTP 500")
    cache.finish(key, failed_status, T0 + 3)
    assert not cache.due(key, T0 + 4, INTERVAL, with_status=True)  # retried at the interval


def test_keys_are_per_source_and_chain() -> None:
    cache = ChainHealthCache()
    cache.finish(("north", "chain-a"), GOOD, T0)
    assert cache.health(("sg", "chain-a")) is None
    assert cache.due(("sg", "chain-a"), T0, INTERVAL, with_status=False)
    assert not cache.due(("north", "chain-a"), T0, INTERVAL, with_status=False)


def test_bounded_least_recently_used_goes_first() -> None:
    cache = ChainHealthCache(capacity=3)
    for name in ("a", "b", "c"):
        cache.finish(("", name), GOOD, T0)
    assert cache.health(("", "a")) is GOOD  # "a" is now the most recent
    cache.finish(("", "d"), GOOD, T0)
    assert len(cache) == 3
    assert ("", "b") not in cache
    assert all(("", name) in cache for name in ("a", "c", "d"))
    with pytest.raises(ValueError):
        ChainHealthCache(capacity=0)


def test_the_default_bound_is_256() -> None:
    cache = ChainHealthCache()
    for number in range(300):
        cache.finish(("", str(number)), GOOD, T0)
    assert len(cache) == 256
    assert ("", "299") in cache and ("", "43") not in cache


@dataclass
class FakeChains:
    """Blockchain calls that answer, or raise, as the test sets; records what was asked."""

    detail_error: Exception | None = None
    status_error: Exception | None = None
    asked: list[str] = field(default_factory=list)

    async def list_blockchains(self) -> BlockchainList:
        raise AssertionError("not asked for health")

    async def show_blockchain_detail(self, blockchain_id: str) -> BlockchainDetail:
        self.asked.append(f"detail {blockchain_id}")
        if self.detail_error is not None:
            raise self.detail_error
        return parse_blockchain_detail({"basic_info": {"id": blockchain_id, "status": "Freeze"}})

    async def show_blockchain_status(self, blockchain_id: str) -> BlockchainStatus:
        self.asked.append(f"status {blockchain_id}")
        if self.status_error is not None:
            raise self.status_error
        return parse_blockchain_status({"eip": {"status": "Normal"}})


def test_a_source_with_the_three_calls_is_a_blockchain_source() -> None:
    chains = FakeChains()
    assert blockchain_calls_of(chains) is chains
    assert isinstance(chains, BlockchainSource)
    assert blockchain_calls_of(object()) is None


def test_the_pane_asks_for_the_detail_only_the_view_for_both() -> None:
    chains = FakeChains()
    health = asyncio.run(fetch_health(chains, "c1", with_status=False))
    assert chains.asked == ["detail c1"]
    assert health.detail is not None and health.detail.basic_info.status == "Freeze"
    assert health.status is None and health.error is None and health.status_error is None
    chains.asked.clear()
    health = asyncio.run(fetch_health(chains, "c1", with_status=True))
    assert sorted(chains.asked) == ["detail c1", "status c1"]
    assert health.status is not None and health.status.eip is not None


def test_failures_are_kept_as_short_safe_text_never_raised() -> None:
    chains = FakeChains(
        detail_error=ApiError(404, "BCS.4004", "no such chain\x1b[2J"),
        status_error=NetworkError("connection refused"),
    )
    health = asyncio.run(fetch_health(chains, "gone", with_status=True))
    assert health.detail is None and health.status is None
    assert health.error == "HTTP 404 BCS.4004: no such chain␛[2J"
    assert health.status_error == "connection refused"
    chains = FakeChains(status_error=ApiError(500))
    health = asyncio.run(fetch_health(chains, "c1", with_status=True))
    assert health.detail is not None and health.error is None
    assert health.status_error == "HTTP 500"
