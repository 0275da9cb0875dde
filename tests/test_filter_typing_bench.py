"""The filter-typing benchmark must not rot: run it once with a tiny N (it checks that the
old and the new way show the same rows for every keystroke). No timing is asserted."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(60)
def test_filter_typing_runs_and_both_ways_agree() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.filter_typing", "--records", "60", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=55,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["before", "after"], done.stdout
