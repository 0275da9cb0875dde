"""Records whose step timings a test chooses exactly (for the expectations, ETA and slow
marks): sub-steps run one after another from a start time."""

from collections.abc import Sequence
from typing import Any

from bcs_tui.api.models import OperationRecord, parse_record
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.stored_operation import StoredOperation

RUNNING = -1
"""A sub-step's "duration": started, still processing."""
PENDING = -2
"""A sub-step's "duration": not started."""

SubSpec = tuple[str, int]
"""(sub-step name, seconds it took, or RUNNING / PENDING)."""
StepSpec = tuple[str, Sequence[SubSpec]]

TWO_STEPS: tuple[StepSpec, ...] = (
    ("Preparation", (("Check quota", 10),)),
    ("Deploy Nodes", (("Pull image", 30), ("Start pods", 20))),
)
"""60 s in all: Preparation 10 s, Deploy Nodes 50 s (Pull image 30 s, Start pods 20 s)."""


def scaled(steps: Sequence[StepSpec], factor_percent: int) -> tuple[StepSpec, ...]:
    """``steps`` with every finished duration times ``factor_percent`` / 100."""
    return tuple(
        (name, tuple((sub, s * factor_percent // 100 if s >= 0 else s) for sub, s in subs))
        for name, subs in steps
    )


def timed_payload(
    operation_id: str,
    *,
    start_ns: int,
    steps: Sequence[StepSpec] = TWO_STEPS,
    status: str = "finished",
    resource_type: str = "BCSSVC01",
    operation_type: str = "99",
    record_time: int | None = None,
) -> dict[str, Any]:
    at = start_ns
    process: dict[str, Any] = {}
    for serial, (name, subs) in enumerate(steps, start=1):
        sub_steps: dict[str, Any] = {}
        statuses = []
        for sub_serial, (sub, seconds) in enumerate(subs, start=1):
            if seconds == PENDING:
                sub_status, start, end = "pending", 0, 0
            elif seconds == RUNNING:
                sub_status, start, end = "processing", at, 0
            else:
                sub_status, start, end = "finished", at, at + seconds * NS_PER_S
                at = end
            statuses.append(sub_status)
            sub_steps[sub] = {
                "substep_name": sub,
                "status": sub_status,
                "start_time": start,
                "end_time": end,
                "serial_num": sub_serial,
            }
        step_status = (
            "finished"
            if all(s == "finished" for s in statuses)
            else "pending"
            if all(s == "pending" for s in statuses)
            else "processing"
        )
        process[name] = {
            "step_name": name,
            "status": step_status,
            "serial_num": serial,
            "sub_steps": sub_steps,
        }
    return {
        "operation_id": operation_id,
        "resource_type": resource_type,
        "operation_type": operation_type,
        "blockchain_name": "chain-a",
        "operation_process": process,
        "operation_status": status,
        "record_time": at if record_time is None else record_time,
    }


def timed_record(operation_id: str, **kwargs: Any) -> OperationRecord:
    return parse_record(timed_payload(operation_id, **kwargs))


def stored(record: OperationRecord, source: str = "sg") -> StoredOperation:
    time = record.record_time or 0
    return StoredOperation(source, "project", record, time, time)
