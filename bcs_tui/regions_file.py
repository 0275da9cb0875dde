"""The SDKs' regions file, ``~/.huaweicloud/regions.yaml``: per-region endpoint overrides.

Only the documented subset is read, by a small tolerant reader rather than a YAML library
(one dependency fewer for five lines of data)::

    BCS:
      - id: cn-north-4
        endpoint: https://bcs.cn-north-4.example.internal

Other services' sections, unknown keys and lines the reader does not understand are skipped:
the file belongs to the SDKs, and what they accept must not stop this program. A file that
cannot be read at all is an error (its overrides would be silently lost otherwise).
"""

from collections.abc import Mapping
from pathlib import Path

from bcs_tui.api.errors import ConfigError

SERVICE = "BCS"


def regions_file_path(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME", "~")).expanduser() / ".huaweicloud" / "regions.yaml"


def load_region_endpoints(path: Path) -> dict[str, str]:
    """Region ID -> endpoint for BCS; a missing file is empty."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read regions file {path}: {error.__class__.__name__}") from None
    return parse_region_endpoints(text)


def parse_region_endpoints(text: str) -> dict[str, str]:
    endpoints: dict[str, str] = {}
    in_service = False
    entry: dict[str, str] = {}

    def close_entry() -> None:
        if in_service and entry.get("id") and entry.get("endpoint"):
            endpoints.setdefault(entry["id"].lower(), entry["endpoint"])
        entry.clear()

    for raw in text.splitlines():
        line = _without_comment(raw).rstrip()
        if not line.strip():
            continue
        if not line[0].isspace():
            # A top-level key starts a service's section.
            close_entry()
            in_service = line.rstrip(":").strip().strip("'\"").upper() == SERVICE
            continue
        item = line.strip()
        if item.startswith("- "):
            close_entry()
            item = item[2:].strip()
        elif item == "-":
            close_entry()
            continue
        key, colon, value = item.partition(":")
        if colon:
            entry.setdefault(key.strip().strip("'\"").lower(), _scalar(value))
    close_entry()
    return endpoints


def _without_comment(line: str) -> str:
    """The line before a ``#`` that starts a comment (at the start or after a blank; a ``#``
    inside a URL fragment-like value is kept)."""
    if line.lstrip().startswith("#"):
        return ""
    cut = line.find(" #")
    return line if cut < 0 else line[:cut]


def _scalar(text: str) -> str:
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].strip()
    return value
