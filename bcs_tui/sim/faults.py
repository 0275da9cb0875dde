"""The ways a list response can go wrong, on purpose, so clients can be tested against them.

Each mode rewrites or replaces a normal answer; choosing which request gets a fault is seeded,
so a test run repeats exactly.
"""

import random
import threading
from collections.abc import Iterable
from typing import Any

from bcs_tui.sim.hostile import SHORT_HOSTILE_STRINGS, VERY_LONG

FAULT_500 = "500"
FAULT_429 = "429"
FAULT_MALFORMED_JSON = "malformed-json"
FAULT_HTML_502 = "html-502"
FAULT_HANG = "hang"
FAULT_DRIFT = "drift"
FAULT_HOSTILE = "hostile"

FAULT_MODES = (
    FAULT_500,
    FAULT_429,
    FAULT_MALFORMED_JSON,
    FAULT_HTML_502,
    FAULT_HANG,
    FAULT_DRIFT,
    FAULT_HOSTILE,
)

HTML_502_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


def validate_faults(faults: Iterable[str], rate: float) -> frozenset[str]:
    """The modes as a set; ``ValueError`` for an unknown mode or a rate outside 0..1."""
    chosen = frozenset(faults)
    unknown = sorted(chosen - set(FAULT_MODES))
    if unknown:
        raise ValueError(f"unknown fault mode(s) {unknown}; known: {', '.join(FAULT_MODES)}")
    if not 0.0 <= rate <= 1.0:
        raise ValueError("fault rate must be between 0 and 1")
    return chosen


class FaultPicker:
    """Decides, request by request and reproducibly for a seed, which fault (if any) applies."""

    def __init__(self, seed: int, faults: Iterable[str] = (), rate: float = 1.0) -> None:
        self._rng = random.Random(f"{seed}/faults")
        self._lock = threading.Lock()
        self._faults: tuple[str, ...] = ()
        self._rate = 1.0
        self.set(faults, rate)

    def set(self, faults: Iterable[str], rate: float = 1.0) -> None:
        chosen = validate_faults(faults, rate)
        with self._lock:
            self._faults = tuple(mode for mode in FAULT_MODES if mode in chosen)
            self._rate = rate

    def pick(self) -> str | None:
        with self._lock:
            if not self._faults:
                return None
            if self._rate < 1.0 and self._rng.random() >= self._rate:
                return None
            return self._rng.choice(self._faults)


def truncated_json(body: bytes) -> bytes:
    """A body cut off mid-way, as from a dropped proxy buffer: never valid JSON."""
    cut = max(1, len(body) // 2)
    return body[:cut] + b'{"operation_id":"trunc'


def drifted(records: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    """The response as a careless server version might send it: nulls, missing and unknown
    fields, wrong types, statuses in another case or with stray spaces, and one record that
    is not even an object."""
    rng = random.Random(f"{seed}/drift")
    out: list[Any] = []
    for index, record in enumerate(records):
        record = dict(record)
        record["x_unknown_field"] = {"nested": [1, "two", None]}
        record["message"] = f"bare string message #{index}"
        cluster = record.get("cluster_info")
        if isinstance(cluster, dict):
            record["cluster_info"] = {**cluster, "node_infos": None}
        for name in rng.sample(["desc", "blockchain_name", "domain_id", "record_time"], 2):
            if rng.random() < 0.5:
                record[name] = None
            else:
                record.pop(name, None)
        record["operation_process"] = _drifted_steps(record.get("operation_process"), rng)
        record["operation_status"] = _drifted_status(record.get("operation_status"), rng)
        out.append(record)
    out.insert(min(1, len(out)), "not an object: a bare string where a record should be")
    out.append(None)
    return {"count": str(len(out)), "operation_records": out, "page_info": None}


def _drifted_steps(process: Any, rng: random.Random) -> Any:
    if not isinstance(process, dict):
        return process
    steps: dict[str, Any] = {}
    for name, step in process.items():
        step = dict(step)
        step["serial_num"] = str(step.get("serial_num"))
        step["detail"] = None
        step["status"] = _drifted_status(step.get("status"), rng)
        subs: dict[str, Any] = {}
        for sub_name, sub in step.get("sub_steps", {}).items():
            sub = dict(sub)
            sub["start_time"] = str(sub.get("start_time"))
            sub["message"] = None if rng.random() < 0.5 else "one bare line"
            sub["extra"] = True
            sub["status"] = _drifted_status(sub.get("status"), rng)
            if rng.random() < 0.3:
                sub.pop("end_time", None)
            subs[sub_name] = sub
        step["sub_steps"] = subs
        steps[name] = step
    if steps and rng.random() < 0.5:
        steps["Empty Step"] = {"step_name": None, "sub_steps": None, "serial_num": None}
    return steps


def _drifted_status(status: Any, rng: random.Random) -> Any:
    """``finished`` as ``FINISHED``, ``Finished``, `` finished`` or ``finished ``."""
    if not isinstance(status, str) or not status:
        return status
    spellings = (status.upper(), status.title(), f" {status}", f"{status} ")
    return rng.choice(spellings)


def hostile(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Every string of every record replaced with hostile text (map keys included, so names
    shown from keys are hostile too); each record's ``desc`` is the 10,000-character line."""
    counter = iter(range(1 << 62))
    named_maps = {"operation_process", "sub_steps"}

    def poison(value: Any, *, keys_are_names: bool = False) -> Any:
        if isinstance(value, str):
            text = SHORT_HOSTILE_STRINGS[next(counter) % len(SHORT_HOSTILE_STRINGS)]
            return f"{value}{text}"
        if isinstance(value, list):
            return [poison(item) for item in value]
        if isinstance(value, dict):
            return {
                (poison(key) if keys_are_names else key): poison(
                    item, keys_are_names=key in named_maps and not keys_are_names
                )
                for key, item in value.items()
            }
        return value

    out = []
    for record in records:
        poisoned = poison(record)
        if poisoned.get("message") is None:
            poisoned["message"] = [poison("log line"), poison("log line")]
        poisoned["desc"] = VERY_LONG
        out.append(poisoned)
    return {"count": len(out), "operation_records": out}
