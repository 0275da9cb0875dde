"""How often a fleet polls its running operations one by one: a budget over every source.

One source polls each running operation alone at the short interval (a few small requests).
Twenty sources with three running each would send thirty signed requests a second, most of
the dashboard's idle CPU (benchmarks/RESULTS.md, row 14). Each source's whole list, at the
configured interval, carries its running operations too, so an operation polled less often
is not lost, only seen a little later. So the fleet polls ``per_round`` operations per short
interval in all: with more running than that, each operation's turn comes round less often,
the same for every operation of every source (none waits on another source's turn)."""

from collections.abc import Sequence

FLEET_POLLS_PER_ROUND = 8
"""Polls of single operations per short interval, over every source together."""

EARLY_SHARE = 0.1
"""A round may come this share of a round early (timers are not exact) and still poll."""


class PollBudget:
    def __init__(self, per_round: int = FLEET_POLLS_PER_ROUND) -> None:
        if per_round < 1:
            raise ValueError("per_round must be >= 1")
        self._per_round = per_round
        self._running: dict[str, int] = {}
        """Per source: how many operations it had running at its last round."""
        self._polled_at: dict[str, dict[str, float]] = {}
        """Per source: when each of its running operations (by row key) was last polled."""

    def take(
        self, source: str, running: Sequence[tuple[str, str]], now_s: float, round_s: float
    ) -> list[tuple[str, str]]:
        """Which of ``running`` ((row key, operation ID), of ``source``) to poll now, on a
        clock in seconds; ``round_s`` is the short interval the budget is counted over."""
        self._running[source] = len(running)
        every_s = round_s * max(1.0, sum(self._running.values()) / self._per_round)
        polled = self._polled_at.get(source, {})
        due_before = now_s - every_s + EARLY_SHARE * round_s
        chosen = [item for item in running if polled.get(item[0], due_before) <= due_before]
        # Only operations still running are remembered: the map stays as small as they.
        kept = {key: polled[key] for key, _ in running if key in polled}
        kept.update((key, now_s) for key, _ in chosen)
        self._polled_at[source] = kept
        return chosen

    def forget(self, source: str) -> None:
        """``source`` polls none alone now (too many run: its whole list comes instead)."""
        self._running.pop(source, None)
        self._polled_at.pop(source, None)

    def remembered(self, source: str) -> int:
        """How many operations of ``source`` the budget remembers (its running ones)."""
        return len(self._polled_at.get(source, {}))
