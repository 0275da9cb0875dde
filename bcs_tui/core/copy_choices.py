"""What the ``Y`` copy menu offers for one record: the operation ID, the blockchain ID,
the failure message and the record as JSON, each as the text that would be copied.

Everything copied is made safe first: a pasted value must not carry control characters
(or a reordering one) into a shell or a ticket."""

import json
from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.base.safe_text import safe_lines, safe_text
from bcs_tui.base.text_width import clip
from bcs_tui.core.where import failure_lines


@dataclass(frozen=True)
class CopyChoice:
    label: str
    """What it is, as the menu and the confirmation name it."""
    text: str | None
    """What is copied; ``None`` when the record has none (the menu shows it disabled)."""
    summary: str
    """One short line of what is copied, for the menu and the confirmation."""


SUMMARY_WIDTH = 40


def copy_choices(record: OperationRecord, ellipsis: str) -> list[CopyChoice]:
    """The menu's items, in the order of their keys (1-4)."""
    # ASCII only: every non-ASCII character escaped, so nothing unsafe can be pasted;
    # the JSON still reads back to the same values.
    as_json = json.dumps(record.to_api_json(), indent=2)
    lines = as_json.count("\n") + 1
    return [
        _choice("Operation ID", safe_text(record.operation_id) or None, ellipsis),
        _choice("Blockchain ID", safe_text(record.blockchain_id) or None, ellipsis),
        _choice("Failure message", failure_message(record), ellipsis),
        CopyChoice("Record as JSON", as_json, f"{lines} lines, {len(as_json)} characters"),
    ]


def _choice(label: str, text: str | None, ellipsis: str) -> CopyChoice:
    if text is None:
        return CopyChoice(label, None, "(none)")
    first, *more = text.splitlines() or [""]
    summary = first + (f" {ellipsis}" if more else "")
    return CopyChoice(label, text, clip(summary, SUMMARY_WIDTH, ellipsis))


def failure_message(record: OperationRecord) -> str | None:
    """Why the operation failed or stopped (``failure_lines``), made safe, one line each;
    ``None`` when nothing failed or stopped, or nothing says why."""
    lines = safe_lines(list(failure_lines(record)))
    return "\n".join(lines) if lines else None
