"""Rows 3 and 11 for two (or more) source trees side by side: each tree's ``bcs-tui`` is run
from its own directory (``PYTHONPATH``), round-robin in one loop against one bare-app
sample, so a change is judged on the same (shared, noisy) machine at the same moments.
Besides wall time to the first records painted, the CPU the program had used by then.

python -m benchmarks.cold_start_ab RUNS RECORDS TREE [TREE ...]

e.g. ``git archive BASE | tar -x -C /tmp/base`` and compare ``/tmp/base`` with ``.``.
"""

import os
import sys
from collections import defaultdict

from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_SK
from benchmarks.bare_app import MARKER
from benchmarks.programs import (
    RECORDS_PAINTED,
    bare_argv,
    bench_env,
    clean_env,
    dashboard_argv,
    demo_argv,
)
from benchmarks.pty_session import PtySession
from benchmarks.sim_process import sim_process
from benchmarks.stats import ms_sample, ratio
from benchmarks.terminal import FIRST_PAINT, START_TIMEOUT_S


def _start(argv: list[str], env: dict[str, str], times: dict[str, list[float]], key: str) -> None:
    with PtySession(argv, env) as session:
        times[f"{key} first frame"].append(session.read_until(FIRST_PAINT, START_TIMEOUT_S))
        times[f"{key} records"].append(session.read_until(RECORDS_PAINTED, START_TIMEOUT_S))
        times[f"{key} CPU"].append(session.cpu_seconds())


def main() -> None:
    runs, records, trees = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    times: dict[str, list[float]] = defaultdict(list)
    with sim_process(records) as endpoint:
        for run in range(runs):
            with PtySession(bare_argv(), bench_env()) as session:
                times["bare"].append(session.read_until(MARKER.encode(), START_TIMEOUT_S))
            order = trees if run % 2 == 0 else trees[::-1]
            for tree in order:
                env = clean_env(PYTHONPATH=os.path.abspath(tree))
                _start(demo_argv(), env, times, f"row 3 {tree}")
            for tree in order:
                env = clean_env(
                    PYTHONPATH=os.path.abspath(tree),
                    HUAWEICLOUD_SDK_AK=DEFAULT_AK,
                    HUAWEICLOUD_SDK_SK=DEFAULT_SK,
                )
                _start(dashboard_argv(endpoint), env, times, f"row 11 {tree}")
    bare = ms_sample(times.pop("bare"))
    print(f"bare app: {bare.show()}")
    for key, seconds in times.items():
        sample = ms_sample(seconds)
        versus = "" if key.endswith("CPU") else f" = {ratio(sample, bare):.2f}x bare"
        print(f"{key}: {sample.show()}{versus}")


if __name__ == "__main__":
    main()
