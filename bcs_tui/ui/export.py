"""``e``: write one record as the API's JSON (exact integers) to a file."""

import json
import re
from pathlib import Path

from bcs_tui.api.models import OperationRecord

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def export_filename(key: str) -> str:
    """A file name derived from the (untrusted) operation ID: no separators, no dots first."""
    stem = _UNSAFE_FILENAME.sub("_", key).strip("._")[:120] or "record"
    return f"bcs-operation-{stem}.json"


def export_record(record: OperationRecord, key: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / export_filename(key)
    text = json.dumps(record.to_api_json(), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
