"""One simulated operation, decided up front: what it does, how long each sub-step takes and
how it ends. Its state at any moment is then a pure function of the time (see ``state.py``).

All times are integer nanoseconds; durations are drawn as integers already scaled by the
simulation speed, so no float ever touches a timestamp.

Each kind of operation (resource type + operation type) takes about as long every time, as
real ones do: every sub-step of a kind has a median of its own, fixed by its names (the same
in every run and every seed), and each operation's draw spreads around it (70-130 %), now and
then much slower (2-4 times: the outlier a "slow" mark is for). So the history of a demo soon
gives stable expectations (an ETA) per kind.
"""

import random
import uuid
import zlib
from dataclasses import dataclass
from functools import cached_property

from bcs_tui.base.status import Status
from bcs_tui.sim.catalog import (
    CLUSTER_TYPES,
    FAILURE_MESSAGES,
    NAME_SYLLABLES,
    STOP_MESSAGES,
    operation_kinds,
    step_chain,
)


@dataclass(frozen=True)
class Blockchain:
    """A blockchain the operations act on, with the cluster it runs in."""

    blockchain_id: str
    name: str
    cluster_type: str
    cluster_name: str
    cluster_id: str
    nodes: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True)
class PlannedSubStep:
    name: str
    serial_num: int
    start_offset_ns: int
    """From the moment the operation appeared (it waits first, then runs sub-steps in turn)."""
    duration_ns: int

    @property
    def end_offset_ns(self) -> int:
        return self.start_offset_ns + self.duration_ns


@dataclass(frozen=True)
class PlannedStep:
    name: str
    serial_num: int
    sub_steps: tuple[PlannedSubStep, ...]


@dataclass(frozen=True)
class OperationPlan:
    resource_type: str
    operation_type: str
    blockchain: Blockchain
    created_ns: int
    waiting_ns: int
    steps: tuple[PlannedStep, ...]
    outcome: Status
    """``finished``, ``failed`` or ``stop``."""
    last_sub_step: int
    """Flat index of the sub-step where the operation ends (fails, stops or completes)."""
    messages: tuple[str, ...]
    desc: str | None
    emit_reversed: bool
    """Serve the step / sub-step maps in reverse order, as the service may: clients must
    order by ``serial_num``."""

    id_ns: int
    """The timestamp part of the operation ID. IDs are opaque; this one is chosen to stay
    the same across runs of one seed, so an ID printed by one command finds the same
    operation in the next."""

    @property
    def operation_id(self) -> str:
        return f"{self.resource_type}-{self.operation_type}-{self.id_ns}"

    @cached_property
    def flat_sub_steps(self) -> tuple[PlannedSubStep, ...]:
        return tuple(sub for step in self.steps for sub in step.sub_steps)

    @property
    def started_ns(self) -> int:
        return self.created_ns + self.waiting_ns

    @cached_property
    def end_ns(self) -> int:
        return self.created_ns + self.flat_sub_steps[self.last_sub_step].end_offset_ns


SPREAD_PERCENT = (70, 130)
"""An operation's sub-step takes this share of its kind's median..."""
OUTLIER_PER_MILLE = 40
"""...except in this many of 1,000 draws, which take this share instead:"""
OUTLIER_PERCENT = (200, 400)


@dataclass(frozen=True)
class Timing:
    """How long things take, as integer nanoseconds per simulated millisecond."""

    ns_per_sim_ms: int
    sub_step_ms: tuple[int, int] = (1_500, 6_000)
    short_chain: int = 8
    """Chains with fewer sub-steps than this run each one slower, so no operation is over
    in a blink."""
    waiting_ms: tuple[int, int] = (1_500, 4_000)

    def draw(self, rng: random.Random, bounds: tuple[int, int], factor: int = 1) -> int:
        low, high = bounds
        scale = self.ns_per_sim_ms * factor
        return rng.randint(low * scale, high * scale)

    def sub_step_factor(self, sub_steps: int) -> int:
        return max(1, self.short_chain // max(1, sub_steps))

    def median_sub_step_ms(self, kind: tuple[str, str], step: str, sub_step: str) -> int:
        """The usual duration of one sub-step of a kind, in simulated ms: from its names
        alone (crc32, not ``hash``, which changes with every interpreter)."""
        low, high = self.sub_step_ms
        key = "/".join((*kind, step, sub_step)).encode("utf-8")
        return low + zlib.crc32(key) % (high - low + 1)

    def sub_step_ns(self, rng: random.Random, median_ms: int, factor: int = 1) -> int:
        """One draw around ``median_ms``: 70-130 % of it, or 2-4 times it now and then."""
        percent = rng.randint(*SPREAD_PERCENT)
        if rng.randrange(1000) < OUTLIER_PER_MILLE:
            percent = rng.randint(*OUTLIER_PERCENT)
        return median_ms * self.ns_per_sim_ms * factor * percent // 100


def ns_per_sim_ms(speed: float) -> int:
    """The one place the (float) speed is turned into an integer time scale."""
    if not speed > 0 or speed == float("inf"):
        raise ValueError("speed must be a positive, finite number")
    return max(1, round(1_000_000 / speed))


def make_blockchains(rng: random.Random, count: int) -> tuple[Blockchain, ...]:
    chains = []
    for index in range(count):
        name = f"bcs-{rng.choice(NAME_SYLLABLES)}-{_random_token(rng, 4)}"
        cluster_type = rng.choice(CLUSTER_TYPES)
        nodes = None
        if cluster_type == "cce":
            nodes = tuple((f"{name}-node-{n}", _uuid(rng)) for n in range(rng.randint(1, 3)))
        chains.append(
            Blockchain(
                blockchain_id=_uuid(rng),
                name=name,
                cluster_type=cluster_type,
                cluster_name=f"cluster-{index + 1:02d}-{_random_token(rng, 3)}",
                cluster_id=_uuid(rng),
                nodes=nodes,
            )
        )
    return tuple(chains)


def make_plan(
    rng: random.Random,
    blockchains: tuple[Blockchain, ...],
    created_ns: int,
    timing: Timing,
) -> OperationPlan:
    """A random operation of any kind, appearing at ``created_ns``."""
    resource_type, operation_type = rng.choice(operation_kinds())
    waiting_ns = timing.draw(rng, timing.waiting_ms)
    offset = waiting_ns
    steps = []
    chain = step_chain(resource_type, operation_type)
    factor = timing.sub_step_factor(sum(len(sub_names) for _, sub_names in chain))
    kind = (resource_type, operation_type)
    for step_serial, (step_name, sub_names) in enumerate(chain):
        subs = []
        for sub_serial, sub_name in enumerate(sub_names):
            median_ms = timing.median_sub_step_ms(kind, step_name, sub_name)
            duration = timing.sub_step_ns(rng, median_ms, factor)
            subs.append(PlannedSubStep(sub_name, sub_serial + 1, offset, duration))
            offset += duration
        steps.append(PlannedStep(step_name, step_serial + 1, tuple(subs)))
    total_sub_steps = sum(len(step.sub_steps) for step in steps)
    roll = rng.random()
    outcome, last = Status.FINISHED, total_sub_steps - 1
    messages: tuple[str, ...] = ()
    if roll < 0.15:
        outcome, last = Status.FAILED, rng.randrange(total_sub_steps)
        messages = rng.choice(FAILURE_MESSAGES)
    elif roll < 0.23:
        outcome, last = Status.STOP, rng.randrange(total_sub_steps)
        messages = rng.choice(STOP_MESSAGES)
    desc = rng.choice((None, None, "Submitted from the console", "Requested through the API"))
    return OperationPlan(
        resource_type=resource_type,
        operation_type=operation_type,
        blockchain=rng.choice(blockchains),
        created_ns=created_ns,
        waiting_ns=waiting_ns,
        steps=tuple(steps),
        outcome=outcome,
        last_sub_step=last,
        messages=messages,
        desc=desc,
        emit_reversed=rng.random() < 0.3,
        id_ns=created_ns,
    )


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _random_token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(length))
