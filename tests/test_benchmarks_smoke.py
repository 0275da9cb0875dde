"""The benchmark scripts must not rot: CI runs them once with a tiny N. No timing is
asserted (absolute times on a shared machine mean nothing); every row must be measured."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROWS = [str(number) for number in range(1, 21)]


@pytest.mark.timeout(90)
def test_quick_run_prints_every_row_of_the_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=85,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    rows = [line for line in table.splitlines() if re.match(r"\d+\s{2}", line)]
    assert [line.split()[0] for line in rows] == ROWS, table
    assert "FAILED" not in table, table
    for row in rows:
        # A verdict was reached: measured and compared, or the SDK peer is not installed.
        assert row.rstrip().endswith(("met", "n/a")), row


@pytest.mark.timeout(60)
def test_the_history_rows_script_runs_with_a_tiny_n() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.history_rows", "--live", "30", "--history", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=55,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "H on (again):" in done.stdout and "search " in done.stdout, done.stdout
