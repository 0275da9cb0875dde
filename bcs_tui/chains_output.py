"""``bcs-tui chains``: every blockchain of every selected source with its status, as a table
or JSON.

Each source is asked at once: its list, then each chain's detail (the list says only ID
and name); at most ``REQUESTS_AT_ONCE`` requests are in flight over all sources together.
A failing source never hides the others: they are printed, and the failure is reported
beside them (the command line picks the exit code). A chain whose detail fails is still
listed, with ``unavailable`` for its status.
"""

import asyncio
import json
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, TextIO

from bcs_tui.api.blockchains import BlockchainDetail, BlockchainSummary
from bcs_tui.base.safe_text import safe_text
from bcs_tui.config import Settings, SourceSettings
from bcs_tui.connect import build_source_client
from bcs_tui.core.blockchain_source import BlockchainSource
from bcs_tui.core.each_source import MAX_SOURCES_AT_ONCE, ask_each_source
from bcs_tui.output import from_sources, plural, write_table
from bcs_tui.source_json import error_json, source_place_json

REQUESTS_AT_ONCE = MAX_SOURCES_AT_ONCE
"""Requests in flight at once over the whole command: every source's list and every
chain's detail share this one limit (not one limit per source, which multiplies)."""
CHAIN_COLUMNS = ("NAME", "ID", "STATUS", "PROCESS", "VERSION")


@dataclass(frozen=True)
class ChainRow:
    summary: BlockchainSummary
    detail: BlockchainDetail | None = None
    error: Exception | None = None
    """Why its detail could not be had (``None``: it was)."""


@dataclass(frozen=True)
class SourceChains:
    source: SourceSettings
    rows: tuple[ChainRow, ...] = ()
    error: Exception | None = None
    """Why this source's list could not be had (``None``: it was)."""


async def chains_of(client: BlockchainSource, gate: asyncio.Semaphore) -> tuple[ChainRow, ...]:
    """The chains one source lists, each with its detail (or why it has none); each request
    waits for a slot of ``gate``, the command's one limit."""
    async with gate:
        listing = await client.list_blockchains()

    async def detail(summary: BlockchainSummary) -> BlockchainDetail:
        if not summary.id:
            raise ValueError("the list gave this blockchain no ID")
        async with gate:
            return await client.show_blockchain_detail(summary.id)

    # The gate bounds the requests; here every chain only waits for its turn.
    outcomes = await ask_each_source(
        listing.blockchains, detail, at_once=max(1, len(listing.blockchains))
    )
    return tuple(
        ChainRow(summary, error=outcome)
        if isinstance(outcome, Exception)
        else ChainRow(summary, detail=outcome)
        for summary, outcome in zip(listing.blockchains, outcomes, strict=True)
    )


async def collect_chains(
    sources: Sequence[SourceSettings],
    open_client: Callable[[SourceSettings], AbstractAsyncContextManager[BlockchainSource]],
    *,
    at_once: int = REQUESTS_AT_ONCE,
) -> list[SourceChains]:
    """Every source's chains, in the sources' order, at most ``at_once`` requests in flight
    over all of them; a failure is kept as that source's."""
    gate = asyncio.Semaphore(at_once)

    async def ask(source: SourceSettings) -> tuple[ChainRow, ...]:
        async with open_client(source) as client:
            return await chains_of(client, gate)

    # Sources only open their clients here; the gate bounds what they send.
    outcomes = await ask_each_source(sources, ask, at_once=max(1, len(sources)))
    return [
        SourceChains(source, error=outcome)
        if isinstance(outcome, Exception)
        else SourceChains(source, rows=outcome)
        for source, outcome in zip(sources, outcomes, strict=True)
    ]


async def gather_chains(
    sources: Sequence[SourceSettings], settings: Settings, *, timeout_s: float | None = None
) -> list[SourceChains]:
    """Every source's chains through its real client (``collect_chains``)."""
    return await collect_chains(
        sources, lambda source: build_source_client(source, settings, timeout_s=timeout_s)
    )


def chain_json(row: ChainRow) -> dict[str, Any]:
    """The list's item (``id``, ``name``) with the detail's ``basic_info`` beside it."""
    item: dict[str, Any] = row.summary.model_dump(mode="json", exclude_none=True)
    if row.detail is not None:
        item["basic_info"] = row.detail.basic_info.model_dump(mode="json", exclude_none=True)
    if row.error is not None:
        item["error"] = error_json(row.error)
    return item


def chains_json(found: Sequence[SourceChains]) -> dict[str, Any]:
    """One source: the API's own shape, ``{"blockchains": [...], "count": N}``; several:
    ``{"sources": [...]}``, each with its chains or its error."""
    if len(found) == 1 and found[0].error is None:
        rows = found[0].rows
        return {"blockchains": [chain_json(row) for row in rows], "count": len(rows)}
    sources: list[dict[str, Any]] = []
    for one in found:
        entry = source_place_json(one.source)
        if one.error is not None:
            entry["error"] = error_json(one.error)
        else:
            entry["count"] = len(one.rows)
            entry["blockchains"] = [chain_json(row) for row in one.rows]
        sources.append(entry)
    return {"sources": sources}


def print_chains_json(found: Sequence[SourceChains], stream: TextIO) -> None:
    json.dump(chains_json(found), stream, indent=2)
    stream.write("\n")


def _cells(row: ChainRow) -> tuple[str, ...]:
    summary = row.summary
    if row.detail is None:
        status, process, version = "unavailable", "-", "-"
    else:
        info = row.detail.basic_info
        status = info.status or "unknown"
        process, version = info.process_status or "-", info.version or "-"
    values = (summary.name or "-", summary.id or "-", status, process, version)
    return tuple(safe_text(value).strip() or "-" for value in values)


def print_chains_table(found: Sequence[SourceChains], stream: TextIO) -> None:
    """One row per chain (a SOURCE column first when there are several sources); a
    failing source's rows are missing (the last line names it) and the command line
    reports its error. When every source failed, nothing: the errors are on stderr."""
    several = len(found) > 1
    titles = ("SOURCE", *CHAIN_COLUMNS) if several else CHAIN_COLUMNS
    rows: list[tuple[str, ...]] = []
    for one in found:
        name = safe_text(one.source.name)
        rows.extend(((name, *_cells(row)) if several else _cells(row)) for row in one.rows)
    answered = sum(one.error is None for one in found)
    if not answered:
        return  # every source failed: no empty table, only the errors (on stderr)
    write_table(titles, rows, stream)
    failed = [safe_text(one.source.name) for one in found if one.error is not None]
    tail = f" {from_sources(answered, len(found))} (failed: {', '.join(failed)})" if failed else ""
    stream.write(f"{plural(len(rows), 'blockchain')}{tail}\n")
