"""What the blockchain health is read from: the real client, or anything shaped like it."""

from typing import Protocol, runtime_checkable

from bcs_tui.api.blockchains import BlockchainDetail, BlockchainList, BlockchainStatus


@runtime_checkable
class BlockchainSource(Protocol):
    """The three blockchain-instance calls, with ``BcsClient``'s signatures."""

    async def list_blockchains(self) -> BlockchainList: ...

    async def show_blockchain_detail(self, blockchain_id: str) -> BlockchainDetail: ...

    async def show_blockchain_status(self, blockchain_id: str) -> BlockchainStatus: ...


def blockchain_calls_of(source: object) -> BlockchainSource | None:
    """``source`` when it can answer the blockchain calls, else ``None`` (a record source
    made for a test serves records only: then there is no health to show)."""
    return source if isinstance(source, BlockchainSource) else None
