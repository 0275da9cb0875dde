"""PollBudget: so many single polls per round over the fleet, each operation in turn."""

import pytest

from bcs_tui.core.poll_budget import PollBudget

ROUND_S = 2.0


def _running(source: str, count: int) -> list[tuple[str, str]]:
    return [(f"{source}:OP-{number}", f"OP-{number}") for number in range(count)]


def _rounds(budget: PollBudget, sources: dict[str, int], rounds: int) -> dict[str, int]:
    """Run ``rounds`` rounds (every source once a round); the polls of each source."""
    polls = dict.fromkeys(sources, 0)
    for number in range(rounds):
        for source, count in sources.items():
            chosen = budget.take(source, _running(source, count), number * ROUND_S, ROUND_S)
            polls[source] += len(chosen)
    return polls


def test_a_small_fleet_polls_every_running_operation_each_round() -> None:
    polls = _rounds(PollBudget(per_round=8), {"north": 3, "sg": 3}, rounds=5)

    assert polls == {"north": 15, "sg": 15}


def test_a_large_fleet_keeps_to_the_budget_and_no_source_starves() -> None:
    sources = {f"s{n}": 3 for n in range(20)}  # 60 running, 8 polls a round
    polls = _rounds(PollBudget(per_round=8), sources, rounds=41)

    # The first round polls each once (none was ever polled), then 8 a round on average.
    later = sum(polls.values()) - 60
    assert later <= 8 * 40
    assert min(polls.values()) >= 3 * 4, "every source's operations get their turns"


def test_operations_that_ended_are_forgotten() -> None:
    budget = PollBudget(per_round=8)
    budget.take("north", _running("north", 5), 0.0, ROUND_S)
    budget.take("north", _running("north", 1), ROUND_S, ROUND_S)
    assert budget.remembered("north") == 1
    budget.forget("north")
    assert budget.remembered("north") == 0


def test_a_budget_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        PollBudget(per_round=0)
