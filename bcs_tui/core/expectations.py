"""How long operations of a kind usually take, from the finished ones the history kept.

A kind is (resource type, operation type), as received. For each kind: the median and p90
of the total duration (as the detail's Duration line measures it: ``record_span``) and of
each step and sub-step, matched by name (a sub-step under its step's name and its own,
``sub_step_key``, so two steps' sub-steps of one name stay apart). Per source, and across
sources: a source's own numbers are used once it has ``MIN_FINISHED`` finished operations
of the kind (its network, its chain sizes), else everyone's.

Pure computation on integer nanoseconds: percentiles by nearest rank (an index into the
sorted durations, integer arithmetic), so every number is a duration that really happened.

Built in two stages, so a store can keep the first: ``sample_of`` (one operation's
durations; reading its step tree costs some microseconds) and ``Expectations.of_samples``
(sorting and indexing, fast). ``Expectations.build`` does both.
"""

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.status import Status
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.core.timeline import record_span

MIN_FINISHED = 3
"""Fewer finished operations of a kind than this say nothing about the next one."""

SUB_STEP_SEPARATOR = " \u203a "  # a single right-pointing angle quotation mark
"""Between a step's name and its sub-step's in the name a sub-step's spread is kept under."""

Kind = tuple[str, str]
"""(resource type, operation type), as received (``None`` as "")."""


def kind_of(record: OperationRecord) -> Kind:
    return (record.resource_type or "", record.operation_type or "")


def sub_step_key(step: str, sub_step: str) -> str:
    """The name a sub-step's spread is kept under."""
    return f"{step}{SUB_STEP_SEPARATOR}{sub_step}"


@dataclass(frozen=True, slots=True)
class Spread:
    """How long something took, over ``count`` finished operations."""

    count: int
    median_ns: int
    p90_ns: int


def spread_of(durations: list[int]) -> Spread:
    """The nearest-rank median and p90 of ``durations`` (not empty; sorted in place)."""
    durations.sort()
    count = len(durations)
    # Nearest rank: the p-th percentile is the ceil(p * n / 100)-th smallest value.
    return Spread(count, durations[(count + 1) // 2 - 1], durations[(9 * count + 9) // 10 - 1])


def spread_of_runs(runs: list[list[int]]) -> Spread:
    """``spread_of`` the values of ``runs``, each sorted and not empty, without merging
    them: across sources, each source's sorted durations (sorting all of them again cost
    more than half of the build; benchmarks/RESULTS.md, row 16)."""
    if len(runs) == 1:
        return spread_of(runs[0])  # sorted: the sort is a pass
    count = sum(map(len, runs))
    return Spread(
        count,
        _nth_smallest(runs, (count + 1) // 2 - 1),
        _nth_smallest(runs, (9 * count + 9) // 10 - 1),
    )


def _nth_smallest(runs: list[list[int]], index: int) -> int:
    """The ``index``-th smallest (from 0) of the values of sorted ``runs``: the least
    value that at least ``index + 1`` of them do not exceed, found by halving the range of
    values (at most 64 rounds for nanosecond durations, a bisection of each run in each)."""
    low = min(run[0] for run in runs)
    high = max(run[-1] for run in runs)
    while low < high:
        middle = (low + high) // 2
        if sum(bisect_right(run, middle) for run in runs) > index:
            high = middle
        else:
            low = middle + 1
    return low


@dataclass(frozen=True)
class KindExpectation:
    resource_type: str
    operation_type: str
    total: Spread
    steps: Mapping[str, Spread]
    """Step or sub-step name (``sub_step_key``) -> spread."""

    def step(self, name: str) -> Spread | None:
        return self.steps.get(name)

    def sub_step(self, step: str, sub_step: str) -> Spread | None:
        return self.steps.get(sub_step_key(step, sub_step))


@dataclass(frozen=True, slots=True)
class Sample:
    """One finished operation's durations."""

    source: str
    kind: Kind
    total_ns: int
    names: tuple[str, ...]
    """The names of its steps and sub-steps (``sub_step_key``) that have a start and end:
    operations of a kind mostly share this tuple, so they are gathered by it."""
    durations: tuple[int, ...]
    """How long each of ``names`` took."""


def sample_of(stored: StoredOperation) -> Sample | None:
    """The durations of a finished operation; ``None`` for one not finished (or not read
    in full) or whose steps never say when it started."""
    record = stored.record
    if not record.is_valid or record.operation_status is not Status.FINISHED:
        return None
    span = record_span(record)
    if span.start is None or span.end is None:
        return None
    names: list[str] = []
    durations: list[int] = []
    # A step runs from its first sub-step's start to its last one's end (``step_span``).
    steps: dict[str, list[int]] = {}  # step name -> [first start, last end]
    # This runs for every finished operation in the history (100,000 of them at start-up):
    # ``is_set`` and ``max`` inline, and each (step, sub-step) named once.
    known = _SUB_STEP_NAMES
    for step, sub_step, start, end in record.operation_process.sub_step_times():
        if start is None or start <= 0:
            continue
        bounds = steps.get(step)
        if bounds is None:
            steps[step] = bounds = [start, 0]
        elif start < bounds[0]:
            bounds[0] = start
        if end is not None and end > 0:
            name = known.get((step, sub_step))
            if name is None:
                name = _remembered(known, (step, sub_step), sub_step_key(step, sub_step))
            names.append(name)
            durations.append(end - start if end > start else 0)
            if end > bounds[1]:
                bounds[1] = end
    for step, (first, last) in steps.items():
        if last:
            names.append(_STEP_NAMES.get(step) or _remembered(_STEP_NAMES, step, step))
            durations.append(last - first if last > first else 0)
    total = max(0, span.end - span.start)
    return Sample(stored.source, kind_of(record), total, tuple(names), tuple(durations))


_MAX_NAMES = 10_000
"""Names remembered at most (names are the server's: a service sending a new one each time
must not grow this without end)."""
_SUB_STEP_NAMES: dict[tuple[str, str], str] = {}
_STEP_NAMES: dict[str, str] = {}


def _remembered(names: dict[Any, str], key: Any, name: str) -> str:
    """``name``, kept under ``key`` while there is room: one string object per name
    (operations of a kind repeat them), so the tuples of names compare by identity and the
    (step, sub-step) pair is joined once."""
    if len(names) < _MAX_NAMES:
        names[key] = name
    return name


class _Durations:
    """The durations of one kind (of one source, or across sources), as they are gathered."""

    __slots__ = ("parts", "totals")

    def __init__(self) -> None:
        self.totals: list[int] = []
        self.parts: dict[str, list[int]] = {}

    def add_columns(self, names: tuple[str, ...], rows: list[tuple[int, ...]]) -> None:
        """The durations of operations that share ``names``, a row each."""
        parts = self.parts
        for name, column in zip(names, zip(*rows, strict=True), strict=True):
            found = parts.get(name)
            if found is None:
                parts[name] = list(column)
            else:
                found += column

    def expectation(self, kind: Kind) -> KindExpectation:
        return KindExpectation(
            kind[0],
            kind[1],
            spread_of(self.totals),
            {name: spread_of(durations) for name, durations in self.parts.items()},
        )


class Expectations:
    """What finished operations of each kind say about the next one (immutable)."""

    def __init__(
        self,
        across: Mapping[Kind, KindExpectation],
        per_source: Mapping[tuple[str, Kind], KindExpectation],
    ) -> None:
        self._across = dict(across)
        self._per_source = dict(per_source)
        self.kinds: Sequence[KindExpectation] = tuple(
            self._across[kind] for kind in sorted(self._across)
        )
        """Every kind seen, across sources, in order of resource then operation type (for
        ``history stats``; ``of`` answers only for those with ``MIN_FINISHED``)."""

    @property
    def per_source(self) -> Mapping[tuple[str, Kind], KindExpectation]:
        """(source, kind) -> that source's own numbers, for the kinds it has at least
        ``MIN_FINISHED`` finished operations of (a store's cache keeps them)."""
        return self._per_source

    @classmethod
    def build(cls, finished: Iterable[StoredOperation]) -> "Expectations":
        """From finished operations (any other is left out)."""
        return cls.of_samples(sample for stored in finished if (sample := sample_of(stored)))

    @classmethod
    def of_samples(cls, samples: Iterable[Sample]) -> "Expectations":
        # One dict look-up per operation: by source, kind and the names of its parts;
        # each group's durations then go to their names a column at a time.
        groups: dict[tuple[str, Kind, tuple[str, ...]], tuple[list[int], list[tuple[int, ...]]]]
        groups = {}
        for sample in samples:
            slot = (sample.source, sample.kind, sample.names)
            group = groups.get(slot)
            if group is None:
                groups[slot] = group = ([], [])
            group[0].append(sample.total_ns)
            group[1].append(sample.durations)
        gathered: dict[tuple[str, Kind], _Durations] = {}
        for (source, kind, names), (totals, rows) in groups.items():
            durations = gathered.get((source, kind))
            if durations is None:
                gathered[(source, kind)] = durations = _Durations()
            durations.totals += totals
            if names:
                durations.add_columns(names, rows)
        per_source: dict[tuple[str, Kind], KindExpectation] = {}
        # Across sources: each source's sorted lists, as runs (total, then by name).
        runs: dict[Kind, tuple[list[list[int]], dict[str, list[list[int]]]]] = {}
        for (source, kind), durations in gathered.items():
            own = durations.expectation(kind)  # sorts its lists in place
            if own.total.count >= MIN_FINISHED:
                per_source[(source, kind)] = own
            total_runs, part_runs = runs.setdefault(kind, ([], {}))
            total_runs.append(durations.totals)
            for name, values in durations.parts.items():
                part_runs.setdefault(name, []).append(values)
        across = {
            kind: KindExpectation(
                kind[0],
                kind[1],
                spread_of_runs(total_runs),
                {name: spread_of_runs(values) for name, values in part_runs.items()},
            )
            for kind, (total_runs, part_runs) in runs.items()
        }
        return cls(across, per_source)

    def of(self, record: OperationRecord, source: str | None = None) -> KindExpectation | None:
        """What to expect of ``record``: its source's own numbers when that source has at
        least ``MIN_FINISHED`` finished operations of its kind, else everyone's; ``None``
        when fewer than that finished anywhere."""
        kind = kind_of(record)
        if source is not None:
            own = self._per_source.get((source, kind))
            if own is not None:
                return own
        found = self._across.get(kind)
        return found if found is not None and found.total.count >= MIN_FINISHED else None


EMPTY_EXPECTATIONS = Expectations({}, {})
