"""The simulation: a seeded history of ended operations plus live ones that keep appearing.

Pure logic (no sockets): everything served is a function of the seed, the speed, the start
time and "now". History never changes, so each ended record is serialized once and its bytes
reused; only operations still running are rebuilt per request.
"""

import json
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_MIN, NS_PER_S
from bcs_tui.sim.blockchains import ChainActivity, counts_for_activity
from bcs_tui.sim.defaults import DEFAULT_DOMAIN_ID
from bcs_tui.sim.plan import (
    Blockchain,
    OperationPlan,
    Timing,
    make_blockchains,
    make_plan,
    ns_per_sim_ms,
)
from bcs_tui.sim.state import is_ended, operation_status, record_json

BLOCKCHAIN_COUNT = 6
STABLE_ID_ORIGIN_NS = 1_767_225_600 * NS_PER_S
"""Operation IDs count from here (2026-01-01T00:00:00Z) instead of the start time, so the
same seed gives the same IDs in every run."""
WARM_UP_MS = 90_000
"""The live timeline starts this long before the server, so a demo shows operations already
under way."""
ARRIVAL_GAP_MS = (6_000, 20_000)
MIN_RUNNING = 3
REFILL_LEAD_MS = (300, 2_000)
"""A new operation arrives this long before the running count would drop too low."""
RECENT = 64
"""How many of the latest operations can still be running (they last minutes at most)."""
HISTORY_GAP_NS = (2 * NS_PER_MIN, 6 * 60 * NS_PER_MIN)


def encode_json(value: Any) -> bytes:
    """Compact UTF-8 JSON; non-ASCII kept as is, like the service."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class _Ended:
    """A record that can no longer change: its filter fields and its serialized bytes."""

    fields: Mapping[str, str]
    body: bytes


FILTER_FIELDS = (
    "blockchain_id",
    "operation_id",
    "operation_status",
    "resource_type",
    "operation_type",
)


class Simulation:
    def __init__(
        self,
        *,
        seed: int,
        origin_ns: int,
        speed: float = 1.0,
        history: int = 0,
        retention: int | None = None,
        project_id: str,
        domain_id: str = DEFAULT_DOMAIN_ID,
    ) -> None:
        if history < 0:
            raise ValueError("history must be >= 0")
        if retention is not None and retention < 1:
            raise ValueError("retention must be >= 1")
        self._retention = retention
        self._seed = seed
        self._origin_ns = origin_ns
        self._project_id = project_id
        self._domain_id = domain_id
        self._live_timing = Timing(ns_per_sim_ms=ns_per_sim_ms(speed))
        self._lock = threading.Lock()
        self._blockchains = make_blockchains(random.Random(f"{seed}/blockchains"), BLOCKCHAIN_COUNT)
        self._history = self._build_history(history)
        self._arrival_rng = random.Random(f"{seed}/arrivals")
        scale = self._live_timing.ns_per_sim_ms
        self._live: list[OperationPlan] = []
        self._add_live(origin_ns - WARM_UP_MS * scale - self._arrival_rng.randrange(1_000 * scale))
        self._live_ended: dict[int, _Ended] = {}

    @property
    def origin_ns(self) -> int:
        return self._origin_ns

    @property
    def blockchains(self) -> tuple[Blockchain, ...]:
        """The chains every operation acts on (fixed by the seed)."""
        return self._blockchains

    def chain_activity(self, now_ns: int) -> dict[str, ChainActivity]:
        """By blockchain ID, what its blockchain operations (not add-on ones) say at
        ``now_ns``: the one under way, and whether the latest ended one was an upgrade that
        finished (then it can be rolled back). Read from the live operations only."""
        running: dict[str, str] = {}
        latest_end: dict[str, OperationPlan] = {}
        for plan in self._live_plans(now_ns):
            if not counts_for_activity(plan.resource_type):
                continue
            chain_id = plan.blockchain.blockchain_id
            if not is_ended(plan, now_ns):
                running[chain_id] = plan.operation_type  # oldest first: the newest wins
                continue
            last = latest_end.get(chain_id)
            if last is None or plan.end_ns > last.end_ns:
                latest_end[chain_id] = plan
        activity = {}
        for chain in self._blockchains:
            chain_id = chain.blockchain_id
            ended = latest_end.get(chain_id)
            upgraded = (
                ended is not None
                and ended.operation_type == "01"
                and ended.outcome is Status.FINISHED
            )
            activity[chain_id] = ChainActivity(running.get(chain_id), upgraded)
        return activity

    def serialized_records(self, now_ns: int, filters: Mapping[str, str]) -> list[bytes]:
        """Every record visible at ``now_ns`` matching ``filters``, newest first, as JSON bytes.
        With a retention, only the newest ``retention`` operations are visible at all."""
        live = list(enumerate(self._live_plans(now_ns)))
        history = self._history
        if self._retention is not None:
            live = live[-self._retention :]
            history = history[: self._retention - len(live)]
        parts: list[bytes] = []
        for index, plan in reversed(live):
            if is_ended(plan, now_ns):
                ended = self._ended_live(index, plan)
                if _matches(ended.fields, filters):
                    parts.append(ended.body)
            elif _matches(_filter_fields(plan, operation_status(plan, now_ns)), filters):
                parts.append(encode_json(self._record(plan, now_ns)))
        parts.extend(ended.body for ended in history if _matches(ended.fields, filters))
        return parts

    def body(self, now_ns: int, filters: Mapping[str, str]) -> bytes:
        """The complete 200 response body."""
        parts = self.serialized_records(now_ns, filters)
        head = b'{"count":' + str(len(parts)).encode("ascii") + b',"operation_records":['
        return head + b",".join(parts) + b"]}"

    def records(self, now_ns: int, filters: Mapping[str, str]) -> list[dict[str, Any]]:
        """The same records as dicts, for the fault modes that rewrite them."""
        return [json.loads(part) for part in self.serialized_records(now_ns, filters)]

    def operation_ids(self, now_ns: int) -> list[str]:
        return [json.loads(part)["operation_id"] for part in self.serialized_records(now_ns, {})]

    def _record(self, plan: OperationPlan, now_ns: int) -> dict[str, Any]:
        return record_json(plan, now_ns, self._project_id, self._domain_id)

    def _ended_live(self, index: int, plan: OperationPlan) -> _Ended:
        with self._lock:
            cached = self._live_ended.get(index)
        if cached is None:
            cached = self._freeze(plan)
            with self._lock:
                self._live_ended[index] = cached
        return cached

    def _freeze(self, plan: OperationPlan) -> _Ended:
        record = self._record(plan, plan.end_ns)
        return _Ended(_filter_fields(plan, plan.outcome), encode_json(record))

    def _live_plans(self, now_ns: int) -> list[OperationPlan]:
        """Live operations that have appeared by ``now_ns``, oldest first."""
        with self._lock:
            while self._live[-1].created_ns <= now_ns:
                self._add_live(self._next_arrival())
            return [plan for plan in self._live if plan.created_ns <= now_ns]

    def _add_live(self, created_ns: int) -> None:
        rng = random.Random(f"{self._seed}/live/{len(self._live)}")
        plan = make_plan(rng, self._blockchains, created_ns, self._live_timing)
        self._live.append(replace(plan, id_ns=self._stable_id_ns(created_ns)))

    def _stable_id_ns(self, created_ns: int) -> int:
        return STABLE_ID_ORIGIN_NS + (created_ns - self._origin_ns)

    def _next_arrival(self) -> int:
        """A seeded gap after the last arrival, or sooner, just before fewer than
        ``MIN_RUNNING`` operations would be left running: a demo never goes quiet."""
        last = self._live[-1].created_ns
        timing = self._live_timing
        regular = last + timing.draw(self._arrival_rng, ARRIVAL_GAP_MS)
        ends = sorted(plan.end_ns for plan in self._live[-RECENT:] if plan.end_ns > last)
        running, quiet_from = len(ends), last
        for end in ends:
            if running < MIN_RUNNING:
                break
            running -= 1
            quiet_from = end
        if running >= MIN_RUNNING:
            return regular
        lead = timing.draw(self._arrival_rng, REFILL_LEAD_MS)
        soonest = last + timing.draw(self._arrival_rng, REFILL_LEAD_MS)
        return min(regular, max(soonest, quiet_from - lead))

    def _build_history(self, count: int) -> list[_Ended]:
        """``count`` ended operations before the start, newest first."""
        rng = random.Random(f"{self._seed}/history")
        # The live operations' pace: each kind's ended operations take what its live ones
        # take (at any --speed), so the expectations a history gives fit the live ones.
        timing = self._live_timing
        cursor = self._origin_ns - rng.randint(*HISTORY_GAP_NS)
        ended = []
        for _ in range(count):
            draft = make_plan(rng, self._blockchains, 0, timing)
            created = cursor - draft.end_ns - rng.randint(0, NS_PER_S)
            plan = replace(draft, created_ns=created, id_ns=self._stable_id_ns(created))
            ended.append(self._freeze(plan))
            cursor = plan.created_ns - rng.randint(*HISTORY_GAP_NS)
        return ended


def _filter_fields(plan: OperationPlan, status: str) -> dict[str, str]:
    return {
        "blockchain_id": plan.blockchain.blockchain_id,
        "operation_id": plan.operation_id,
        "operation_status": status,
        "resource_type": plan.resource_type,
        "operation_type": plan.operation_type,
    }


def _matches(fields: Mapping[str, str], filters: Mapping[str, str]) -> bool:
    return all(fields.get(name) == value for name, value in filters.items())
