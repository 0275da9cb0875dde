"""Durations in the simulator vary per kind around stable medians: many operations of one
kind show the same median per sub-step (so expectations and ETAs settle), draws spread
around it with occasional slow outliers, everything is an integer and fixed by the seed."""

import random
from collections import defaultdict
from statistics import median

from bcs_tui.sim.plan import (
    OUTLIER_PERCENT,
    SPREAD_PERCENT,
    OperationPlan,
    Timing,
    make_blockchains,
    make_plan,
    ns_per_sim_ms,
)

PLANS = 3000


def plans(seed: int, speed: float = 1.0) -> list[OperationPlan]:
    rng = random.Random(seed)
    chains = make_blockchains(rng, 4)
    timing = Timing(ns_per_sim_ms=ns_per_sim_ms(speed))
    return [make_plan(rng, chains, 0, timing) for _ in range(PLANS)]


def by_sub_step(seed: int, speed: float = 1.0) -> dict[tuple[str, ...], list[int]]:
    drawn: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for plan in plans(seed, speed):
        for step in plan.steps:
            for sub in step.sub_steps:
                key = (plan.resource_type, plan.operation_type, step.name, sub.name)
                drawn[key].append(sub.duration_ns)
    return drawn


def test_each_sub_step_of_a_kind_keeps_its_median_across_seeds() -> None:
    first, second = by_sub_step(1), by_sub_step(2)
    timing = Timing(ns_per_sim_ms=ns_per_sim_ms(1.0))
    compared = 0
    for key, durations in first.items():
        others = second.get(key, [])
        if len(durations) < 40 or len(others) < 40:
            continue
        compared += 1
        a, b = median(durations), median(others)
        assert abs(a - b) <= 0.15 * max(a, b), key  # one kind, two seeds: the same median
        usual = timing.median_sub_step_ms(key[:2], key[2], key[3]) * timing.ns_per_sim_ms
        assert min(durations) >= usual * SPREAD_PERCENT[0] // 100, key  # factor >= 1
    assert compared > 20
    medians = {round(median(d), -8) for d in first.values() if len(d) >= 40}
    assert len(medians) > 10  # kinds and sub-steps differ from each other


def test_draws_spread_around_the_median_with_some_slow_outliers() -> None:
    ratios = []
    timing = Timing(ns_per_sim_ms=ns_per_sim_ms(1.0))
    for plan in plans(3):
        factor = timing.sub_step_factor(len(plan.flat_sub_steps))
        for step in plan.steps:
            for sub in step.sub_steps:
                kind = (plan.resource_type, plan.operation_type)
                usual = timing.median_sub_step_ms(kind, step.name, sub.name)
                ratios.append(sub.duration_ns * 100 // (usual * timing.ns_per_sim_ms * factor))
    within = [r for r in ratios if SPREAD_PERCENT[0] <= r <= SPREAD_PERCENT[1]]
    slow = [r for r in ratios if OUTLIER_PERCENT[0] <= r <= OUTLIER_PERCENT[1]]
    assert len(within) + len(slow) == len(ratios)
    assert 0.02 < len(slow) / len(ratios) < 0.07


def test_durations_are_integers_fixed_by_the_seed_and_scaled_by_the_speed() -> None:
    once, again = plans(9), plans(9)
    assert once == again
    assert all(isinstance(sub.duration_ns, int) for plan in once for sub in plan.flat_sub_steps)
    slow, fast = by_sub_step(9), by_sub_step(9, speed=10.0)
    for key, durations in slow.items():
        if len(durations) >= 40 and len(fast.get(key, [])) >= 40:
            assert abs(median(fast[key]) * 10 - median(durations)) <= 0.15 * median(durations)
