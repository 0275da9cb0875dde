"""How many running operations a fleet polls one by one: a budget over every source.

One source polls each running operation alone at the short interval (a few small requests).
Twenty sources with three running each would send thirty signed requests a second, most of
the dashboard's idle CPU (benchmarks/RESULTS.md, row 14). Each source's whole list, at the
configured interval, carries its running operations too, so an operation left out of a
round is not lost, only seen a little later. The budget is a token bucket: ``per_round``
polls per short interval over the whole fleet, the operations polled longest ago first."""

import math
from collections.abc import Sequence

FLEET_POLLS_PER_ROUND = 8
"""Polls of single operations per short interval, over every source together."""


class PollBudget:
    def __init__(self, per_round: int = FLEET_POLLS_PER_ROUND) -> None:
        if per_round < 1:
            raise ValueError("per_round must be >= 1")
        self._per_round = per_round
        self._tokens = float(per_round)
        self._filled_at: float | None = None
        self._polled_at: dict[str, dict[str, float]] = {}
        """Per source: when each of its running operations (by row key) was last polled."""

    def take(
        self, source: str, running: Sequence[tuple[str, str]], now_s: float, round_s: float
    ) -> list[tuple[str, str]]:
        """Which of ``running`` ((row key, operation ID), of ``source``) to poll now, on a
        clock in seconds; ``round_s`` is the short interval the budget is counted over."""
        self._fill(now_s, round_s)
        polled = self._polled_at.get(source, {})
        # The ones polled longest ago (or never) first; the others wait for the next round.
        waiting = sorted(running, key=lambda item: polled.get(item[0], -math.inf))
        chosen = waiting[: int(self._tokens)]
        self._tokens -= len(chosen)
        # Only operations still running are remembered: the map stays as small as they.
        kept = {key: polled[key] for key, _ in running if key in polled}
        kept.update((key, now_s) for key, _ in chosen)
        self._polled_at[source] = kept
        return chosen

    def remembered(self, source: str) -> int:
        """How many operations of ``source`` the budget remembers (its running ones)."""
        return len(self._polled_at.get(source, {}))

    def _fill(self, now_s: float, round_s: float) -> None:
        if self._filled_at is not None and round_s > 0:
            earned = (now_s - self._filled_at) * self._per_round / round_s
            self._tokens = min(float(self._per_round), self._tokens + max(0.0, earned))
        self._filled_at = now_s
