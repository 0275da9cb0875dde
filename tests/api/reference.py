"""The published reference files, kept outside the repository under /work/shared/reference."""

import json
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).parents[2].parent / "shared" / "reference"


def reference_bytes(name: str) -> bytes:
    return (REFERENCE_DIR / name).read_bytes()


def reference_json(name: str) -> Any:
    return json.loads(reference_bytes(name))
