"""Waiting for the app to settle: mounting, timers and removal go through its message queue,
so a test lets the queue run until what it waits for is true (bounded, never a sleep)."""

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

ROUNDS = 2_000


async def until(pilot: Pilot[Any], done: Callable[[], bool], what: str) -> None:
    for _ in range(ROUNDS):
        if done():
            return
        await pilot.pause()
    raise AssertionError(f"the app never settled: {what}")
