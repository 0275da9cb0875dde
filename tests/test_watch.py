"""``bcs-tui watch`` prints what changed in one poll as a log reads: in time order."""

import copy
import io
import json
from pathlib import Path
from typing import Any

from bcs_tui.api.models import parse_record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.watch import _Printer
from tests.clock import ManualClock

EXAMPLE = Path(__file__).parent / "fixtures" / "list-op-record-200.json"
T0 = 1_767_258_000 * NS_PER_S  # 2026-01-01T09:00:00Z


def _sub(name: str, serial: int, status: str, start_s: int, end_s: int | None) -> dict[str, Any]:
    return {
        "substep_name": name,
        "status": status,
        "serial_num": serial,
        "start_time": T0 + start_s * NS_PER_S,
        "end_time": 0 if end_s is None else T0 + end_s * NS_PER_S,
        "message": None,
        "detail": None,
    }


def _step(name: str, serial: int, status: str, *subs: dict[str, Any]) -> dict[str, Any]:
    return {
        "step_name": name,
        "status": status,
        "serial_num": serial,
        "detail": "",
        "sub_steps": {sub["substep_name"]: sub for sub in subs},
    }


def test_one_poll_prints_its_changes_in_time_order() -> None:
    raw = copy.deepcopy(json.loads(EXAMPLE.read_text())["operation_records"][0])
    raw["operation_process"] = {
        "Install": _step(
            "Install",
            1,
            "finished",
            _sub("Pull", 1, "finished", 10, 20),
            _sub("Start", 2, "finished", 20, 30),
        ),
        "Verify": _step("Verify", 2, "processing", _sub("Check", 1, "processing", 30, None)),
    }
    record = parse_record_list({"operation_records": [raw]}).records[0]
    out = io.StringIO()
    _Printer(out, utc=True, clock=ManualClock(T0 + 40 * NS_PER_S)).changes(record)
    lines = out.getvalue().splitlines()
    # Sub-steps end before their step; a step starts before its sub-steps.
    assert [line.split(maxsplit=2)[2] for line in lines] == [
        "Install / Pull (10.0s)",
        "Install / Start (10.0s)",
        "Install (20.0s)",
        "Verify",
        "Verify / Check",
    ]
    assert [line[:8] for line in lines] == ["09:00:20"] + ["09:00:30"] * 4
