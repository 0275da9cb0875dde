"""An operation's record as the API would return it at a given moment.

Pure: the same plan and time always give the same JSON-ready dict, with every documented
field present and timestamps as exact integers.
"""

from typing import Any, TypeVar

from bcs_tui.base.status import Status
from bcs_tui.sim.plan import OperationPlan, PlannedSubStep

NOT_STARTED_DETAIL = "waiting"
"""What the service puts in ``detail`` beside the empty status of a step not started yet."""

_Item = TypeVar("_Item")


def operation_status(plan: OperationPlan, now_ns: int) -> Status:
    if now_ns < plan.started_ns:
        return Status.WAITING
    if now_ns >= plan.end_ns:
        return plan.outcome
    return Status.PROCESSING


def is_ended(plan: OperationPlan, now_ns: int) -> bool:
    return now_ns >= plan.end_ns


def record_json(
    plan: OperationPlan, now_ns: int, project_id: str, domain_id: str
) -> dict[str, Any]:
    """The record of ``plan`` at ``now_ns`` (which must not be before it appeared)."""
    status = operation_status(plan, now_ns)
    sub_states: list[dict[str, Any]] = []
    for index, sub in enumerate(plan.flat_sub_steps):
        sub_states.append(_sub_step_json(plan, index, sub, now_ns, status is Status.WAITING))
    record_time = plan.created_ns
    for state in sub_states:
        record_time = max(record_time, state["start_time"], state["end_time"])
    steps: list[dict[str, Any]] = []
    first = 0
    for step in plan.steps:
        states = sub_states[first : first + len(step.sub_steps)]
        first += len(states)
        step_status = _step_status([state["status"] for state in states])
        subs = {state["substep_name"]: state for state in _emission_order(plan, states)}
        steps.append(
            {
                "step_name": step.name,
                "status": step_status,
                "detail": NOT_STARTED_DETAIL if step_status is Status.PENDING else "",
                "sub_steps": subs,
                "serial_num": step.serial_num,
            }
        )
    process = {step["step_name"]: step for step in _emission_order(plan, steps)}
    chain = plan.blockchain
    node_infos = None
    if chain.nodes is not None:
        node_infos = [{"name": name, "id": node_id} for name, node_id in chain.nodes]
    ended = status.is_ended
    return {
        "operation_id": plan.operation_id,
        "resource_type": plan.resource_type,
        "operation_type": plan.operation_type,
        "domain_id": domain_id,
        "project_id": project_id,
        "blockchain_id": chain.blockchain_id,
        "blockchain_name": chain.name,
        "cluster_info": {
            "cluster_type": chain.cluster_type,
            "name": chain.cluster_name,
            "cluster_id": chain.cluster_id,
            "node_infos": node_infos,
        },
        "operation_process": process,
        "record_time": record_time,
        "operation_status": status,
        "message": list(plan.messages) if ended and plan.messages else None,
        "desc": plan.desc,
    }


def _sub_step_json(
    plan: OperationPlan, index: int, sub: PlannedSubStep, now_ns: int, waiting: bool
) -> dict[str, Any]:
    start = plan.created_ns + sub.start_offset_ns
    end = plan.created_ns + sub.end_offset_ns
    state: dict[str, Any] = {
        "substep_name": sub.name,
        "detail": NOT_STARTED_DETAIL,
        "status": Status.PENDING,
        "message": None,
        "start_time": 0,
        "end_time": 0,
        "serial_num": sub.serial_num,
    }
    if waiting or index > plan.last_sub_step or now_ns < start:
        return state
    state["start_time"] = start
    if now_ns < end:
        state.update(status=Status.PROCESSING, detail="in progress")
        return state
    state["end_time"] = end
    if index == plan.last_sub_step and plan.outcome is not Status.FINISHED:
        state.update(status=plan.outcome, detail=plan.messages[0], message=list(plan.messages))
    else:
        state.update(status=Status.FINISHED, detail=None)
    return state


def _step_status(statuses: list[Status]) -> Status:
    for ending in (Status.FAILED, Status.STOP):
        if ending in statuses:
            return ending
    if all(status is Status.FINISHED for status in statuses):
        return Status.FINISHED
    if all(status is Status.PENDING for status in statuses):
        return Status.PENDING
    return Status.PROCESSING


def _emission_order(plan: OperationPlan, items: list[_Item]) -> list[_Item]:
    return list(reversed(items)) if plan.emit_reversed else items
