"""The published example responses, byte-exact copies in tests/fixtures/."""

import json
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).parents[1] / "fixtures"


def reference_bytes(name: str) -> bytes:
    return (REFERENCE_DIR / name).read_bytes()


def reference_json(name: str) -> Any:
    return json.loads(reference_bytes(name))
