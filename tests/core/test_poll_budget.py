"""PollBudget: at most so many single polls per round over the fleet, oldest first."""

import pytest

from bcs_tui.core.poll_budget import PollBudget


def _running(source: str, count: int) -> list[tuple[str, str]]:
    return [(f"{source}:OP-{number}", f"OP-{number}") for number in range(count)]


def test_a_round_polls_no_more_than_the_budget_over_every_source() -> None:
    budget = PollBudget(per_round=8)
    chosen = [budget.take(f"s{n}", _running(f"s{n}", 3), 0.0, 2.0) for n in range(20)]

    assert sum(len(each) for each in chosen) == 8


def test_the_budget_comes_back_with_time_and_the_longest_waiting_go_first() -> None:
    budget = PollBudget(per_round=2)
    running = _running("north", 4)

    first = budget.take("north", running, 0.0, 2.0)
    assert budget.take("north", running, 0.0, 2.0) == []  # spent until time passes
    second = budget.take("north", running, 2.0, 2.0)  # one round later: two more

    assert len(first) == len(second) == 2
    assert set(first).isdisjoint(second)  # the two never polled went before the polled
    third = budget.take("north", running, 4.0, 2.0)
    assert set(third) == set(first)


def test_a_small_fleet_polls_every_running_operation_each_round() -> None:
    budget = PollBudget(per_round=8)
    for now in (0.0, 2.0, 4.0):
        assert len(budget.take("north", _running("north", 3), now, 2.0)) == 3
        assert len(budget.take("sg", _running("sg", 3), now, 2.0)) == 3


def test_operations_that_ended_are_forgotten() -> None:
    budget = PollBudget(per_round=8)
    budget.take("north", _running("north", 5), 0.0, 2.0)
    budget.take("north", _running("north", 1), 2.0, 2.0)

    assert budget.remembered("north") == 1


def test_a_budget_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        PollBudget(per_round=0)
