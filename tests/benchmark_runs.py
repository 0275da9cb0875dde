"""The benchmark scripts run as CI runs them: ``python -m benchmarks...`` from the repo."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_benchmark(*args: str, timeout_s: float) -> subprocess.CompletedProcess[str]:
    """``python -m ARGS`` in the repo, its output captured (never raises on failure)."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
