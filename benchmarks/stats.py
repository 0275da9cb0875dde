"""Repeated measurements and how they are summarised: median and spread (min..max)."""

import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """Several runs of one measurement, in one unit."""

    values: tuple[float, ...]
    unit: str

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.values), max(self.values)

    def show(self) -> str:
        low, high = self.spread
        if len(self.values) == 1:
            return f"{_fmt(self.median)} {self.unit}"
        return f"{_fmt(self.median)} {self.unit} [{_fmt(low)}..{_fmt(high)}, n={len(self.values)}]"


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(numerator: Sample, denominator: Sample) -> float:
    """Ratio of medians (a peer measured in the same run)."""
    return numerator.median / denominator.median if denominator.median else float("inf")


def ms_sample(seconds: Sequence[float]) -> Sample:
    return Sample(tuple(s * 1000.0 for s in seconds), "ms")


def time_sync(action: Callable[[], object], runs: int, *, warmup: int = 1) -> Sample:
    for _ in range(warmup):
        action()
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        spent.append(time.perf_counter() - start)
    return ms_sample(spent)


async def time_async(
    action: Callable[[], Awaitable[object]], runs: int, *, warmup: int = 1
) -> Sample:
    for _ in range(warmup):
        await action()
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        spent.append(time.perf_counter() - start)
    return ms_sample(spent)


def interleaved(
    actions: dict[str, Callable[[], object]], runs: int, *, warmup: int = 1
) -> dict[str, Sample]:
    """Time several peers round-robin, so drift on a shared machine hits them alike."""
    for action in actions.values():
        for _ in range(warmup):
            action()
    spent: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            spent[name].append(time.perf_counter() - start)
    return {name: ms_sample(values) for name, values in spent.items()}
