"""Files the dashboard writes: ``e`` exports one record as the API's JSON (exact integers),
the command palette's Screenshot saves the screen as SVG. Neither ever replaces an earlier
file: a name already taken gets a numbered suffix (``-2``, ``-3``, ...)."""

import json
import re
from pathlib import Path

from bcs_tui.api.models import OperationRecord

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_SUFFIX = 10_000


def export_filename(key: str) -> str:
    """A file name derived from the (untrusted) operation ID: no separators, no dots first."""
    stem = _UNSAFE_FILENAME.sub("_", key).strip("._")[:120] or "record"
    return f"bcs-operation-{stem}.json"


def write_new_file(directory: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``directory/name``, or, if that exists, to the first free
    ``stem-N.suffix``; created exclusively, so not even a file made meanwhile is replaced."""
    directory.mkdir(parents=True, exist_ok=True)
    first = Path(name)
    for number in range(1, MAX_SUFFIX):
        candidate = first if number == 1 else first.with_stem(f"{first.stem}-{number}")
        path = directory / candidate
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{directory / name} and {MAX_SUFFIX - 2} numbered copies exist")


def export_record(record: OperationRecord, key: str, directory: Path) -> Path:
    text = json.dumps(record.to_api_json(), indent=2, ensure_ascii=False)
    return write_new_file(directory, export_filename(key), text + "\n")


def save_screenshot(svg: str, directory: Path, at: str) -> Path:
    """The screen as SVG, named for the moment ``at`` (e.g. ``2026-01-01T00-00-00Z``)."""
    return write_new_file(directory, f"bcs-tui-screenshot-{at}.svg", svg)
