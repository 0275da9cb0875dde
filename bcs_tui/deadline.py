"""``--deadline S`` of ``watch`` and ``wait``: give up waiting after S seconds, exit 7.

The deadline bounds the whole wait (polls, retries and the pauses between them), measured
on the event loop's monotonic clock; ``--timeout`` stays the limit of each request."""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from bcs_tui.exit_codes import ExitCode


async def within_deadline(
    work: Coroutine[Any, Any, int],
    deadline_s: float | None,
    on_expired: Callable[[], None],
) -> int:
    """``work``'s exit code, or ``DEADLINE`` (after ``on_expired()``, which says what was
    still running) when it has not returned within ``deadline_s`` seconds."""
    if deadline_s is None:
        return await work
    scope = asyncio.timeout(deadline_s)
    try:
        async with scope:
            return await work
    except TimeoutError:
        if not scope.expired():
            raise  # a timeout of the work itself, not the deadline
        on_expired()
        return ExitCode.DEADLINE
