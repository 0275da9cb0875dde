"""Records for the view-logic tests, built from the published example response, and the
text of view lines without their styles."""

import copy
import json
from pathlib import Path
from typing import Any

from bcs_tui.api.models import OperationRecord, parse_record
from bcs_tui.core.detail_view import DetailLine

REFERENCE = Path(__file__).parents[1] / "fixtures" / "list-op-record-200.json"
EXAMPLE_NOW = 1618219040_000_000_000  # two seconds after the example's last sub-step


def example_raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(REFERENCE.read_text())["operation_records"][0]
    return raw


def example_record(**changes: Any) -> OperationRecord:
    raw = copy.deepcopy(example_raw())
    raw.update(changes)
    return parse_record(raw)


def plain_text(lines: list[DetailLine]) -> str:
    return "\n".join("".join(piece.text for piece in line) for line in lines)
