"""The filter-typing benchmark must not rot: run it once with a tiny N (it checks that the
old and the new way show the same rows for every keystroke). No timing is asserted."""

import pytest

from tests.benchmark_runs import run_benchmark


@pytest.mark.timeout(60)
def test_filter_typing_runs_and_both_ways_agree() -> None:
    done = run_benchmark("benchmarks.filter_typing", "--records", "60", "--runs", "1", timeout_s=55)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["before", "after"], done.stdout
