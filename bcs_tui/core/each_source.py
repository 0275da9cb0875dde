"""Asking every source the same question at once, bounded, each answer kept apart.

One slow or failing source must never hide the others' answers: each call's outcome (a
result or the exception it raised) is returned in the sources' order."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

MAX_SOURCES_AT_ONCE = 8
"""Requests in flight at once over all sources (the issue's default)."""

SourceT = TypeVar("SourceT")
AnswerT = TypeVar("AnswerT")


async def ask_each_source(
    sources: Sequence[SourceT],
    ask: Callable[[SourceT], Awaitable[AnswerT]],
    *,
    at_once: int = MAX_SOURCES_AT_ONCE,
) -> list[AnswerT | Exception]:
    """``ask`` each source, at most ``at_once`` in flight; cancellation still propagates."""
    if at_once < 1:
        raise ValueError("at_once must be >= 1")
    gate = asyncio.Semaphore(at_once)

    async def one(source: SourceT) -> AnswerT | Exception:
        async with gate:
            try:
                return await ask(source)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # kept as that source's answer
                return error

    return list(await asyncio.gather(*(one(source) for source in sources)))
