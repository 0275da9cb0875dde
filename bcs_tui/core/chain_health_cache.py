"""The blockchain health known so far, per (source, blockchain ID), and when to ask again.

Health is fetched lazily: only for the chain of the record shown, when it is shown, and
again once the refresh interval has passed while it still is. The cache is bounded (least
recently used goes first), so a long session over many chains keeps a flat memory. A fetch
never raises: a failure is kept as that chain's short error text, for one line on screen.
"""

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, replace

from bcs_tui.core.blockchain_source import BlockchainSource
from bcs_tui.core.chain_health import ChainHealth, error_text

HealthKey = tuple[str, str]
"""(source name, blockchain ID); the source name is ``""`` for a single source."""

DEFAULT_CAPACITY = 256


@dataclass(frozen=True)
class _Entry:
    health: ChainHealth
    fetched_at: int | None = None
    """When the last fetch ended (the app's clock, ns); ``None`` before the first."""
    in_flight: bool = False


class ChainHealthCache:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self._capacity = capacity
        self._entries: OrderedDict[HealthKey, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: HealthKey) -> bool:
        return key in self._entries

    def health(self, key: HealthKey) -> ChainHealth | None:
        """What is known of ``key`` (``None``: nothing yet); it becomes the most recent."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry.health

    def fetched_at(self, key: HealthKey) -> int | None:
        """When the last fetch of ``key`` ended (``None``: never)."""
        entry = self._entries.get(key)
        return None if entry is None else entry.fetched_at

    def due(self, key: HealthKey, now: int, interval_ns: int, *, with_status: bool) -> bool:
        """Whether ``key`` should be fetched now: never fetched, not in flight and either
        the interval has passed or the resource status is wanted and was never asked."""
        entry = self._entries.get(key)
        if entry is None:
            return True
        if entry.in_flight:
            return False
        health = entry.health
        if with_status and health.status is None and health.status_error is None:
            return True
        return entry.fetched_at is None or now - entry.fetched_at >= interval_ns

    def begin(self, key: HealthKey) -> None:
        """A fetch of ``key`` starts: it is not due again until it ends."""
        entry = self._entries.get(key, _Entry(ChainHealth()))
        self._put(key, replace(entry, in_flight=True))

    def finish(self, key: HealthKey, health: ChainHealth, now: int) -> None:
        """A fetch ended with ``health`` (which replaces what was known)."""
        self._put(key, _Entry(health, fetched_at=now))

    def _put(self, key: HealthKey, entry: _Entry) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self._capacity:
            self._entries.popitem(last=False)


async def fetch_health(
    source: BlockchainSource, blockchain_id: str, *, with_status: bool
) -> ChainHealth:
    """The chain's detail (and its resource status, ``with_status``), asked at once;
    each failure is kept as its short error, never raised (cancellation still is)."""

    async def nothing() -> None:
        return None

    detail_call = source.show_blockchain_detail(blockchain_id)
    status_call = source.show_blockchain_status(blockchain_id) if with_status else nothing()
    detail, status = await asyncio.gather(detail_call, status_call, return_exceptions=True)
    for outcome in (detail, status):
        if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
            raise outcome  # cancelled (or the interpreter is leaving): not a health failure
    return ChainHealth(
        detail=None if isinstance(detail, BaseException) else detail,
        error=error_text(detail) if isinstance(detail, BaseException) else None,
        status=None if isinstance(status, BaseException) or status is None else status,
        status_error=error_text(status) if isinstance(status, BaseException) else None,
    )
