"""The benchmark scripts must not rot: CI runs them once with a tiny N. No timing is
asserted (absolute times on a shared machine mean nothing); every row must be measured."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROWS = [str(number) for number in range(1, 16)]


SMOKE_TEST_FILE = "tests/test_benchmarks_smoke.py"
QUICK_RUN_TIMEOUT_S = 120

_quick_run: subprocess.Popen[str] | None = None


def start_quick_run() -> None:
    """Start ``python -m benchmarks --quick`` (once); tests/conftest.py starts it with the
    session so that it runs beside the other tests."""
    global _quick_run
    if _quick_run is None:
        _quick_run = subprocess.Popen(
            [sys.executable, "-m", "benchmarks", "--quick"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def stop_quick_run() -> None:
    """The session ends: a quick run still going (its test deselected or never reached)
    must not outlive it."""
    if _quick_run is not None and _quick_run.poll() is None:
        _quick_run.kill()
        _quick_run.communicate()


@pytest.mark.timeout(QUICK_RUN_TIMEOUT_S + 10)
def test_quick_run_prints_every_row_of_the_table() -> None:
    start_quick_run()  # already started with the session, unless run some other way
    assert _quick_run is not None
    try:
        stdout, stderr = _quick_run.communicate(timeout=QUICK_RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _quick_run.kill()
        raise
    done = subprocess.CompletedProcess(_quick_run.args, _quick_run.returncode, stdout, stderr)
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    rows = [line for line in table.splitlines() if re.match(r"\d+\s{2}", line)]
    assert [line.split()[0] for line in rows] == ROWS, table
    assert "FAILED" not in table, table
    for row in rows:
        # A verdict was reached: measured and compared, or the SDK peer is not installed.
        assert row.rstrip().endswith(("met", "n/a")), row
