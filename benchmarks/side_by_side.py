"""Rows 7 and 9 for two trees at once, so both see the same load on a shared machine.

python -m benchmarks.side_by_side idle OLD_PYTHON NEW_PYTHON [SECONDS]
python -m benchmarks.side_by_side keys OLD_PYTHON NEW_PYTHON [PRESSES]

Each PYTHON is a tree's virtual environment (``/path/to/tree/.venv/bin/python``), which
runs ``-m bcs_tui`` from that tree. ``idle``: both dashboards idle over the same seconds,
each against its own frozen simulator (1,000 records), CPU of each process (row 7).
``keys``: cursor down in each in turn against one frozen simulator (10,000 records), key
-> first byte of the repaint, and the main thread's CPU over that span (row 9).
"""

import statistics
import sys
from contextlib import ExitStack

from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from benchmarks.programs import RECORDS_PAINTED, dashboard_env
from benchmarks.pty_session import PtySession
from benchmarks.sim_process import sim_process
from benchmarks.terminal import DOWN_KEY, START_TIMEOUT_S, settle_s


def _dashboard(stack: ExitStack, python: str, endpoint: str) -> PtySession:
    argv = [python, "-m", "bcs_tui", "--endpoint", endpoint, "--project-id", DEFAULT_PROJECT_ID]
    return stack.enter_context(PtySession(argv, dashboard_env()))


def idle(pythons: list[str], seconds: float) -> None:
    with ExitStack() as stack:
        sessions = [_dashboard(stack, p, stack.enter_context(sim_process(1000))) for p in pythons]
        for session in sessions:
            session.read_until(RECORDS_PAINTED, START_TIMEOUT_S)
        for session in sessions:
            session.read_for(settle_s())
        before = [session.cpu_seconds() for session in sessions]
        rounds = max(1, round(seconds / 0.05))
        for _ in range(rounds):
            for session in sessions:
                session.read_for(0.05 / len(sessions))
        for python, session, start in zip(pythons, sessions, before, strict=True):
            spent = session.cpu_seconds() - start
            print(f"{python}: {100 * spent / seconds:.2f}% of one core ({spent:.2f} s CPU)")


def keys(pythons: list[str], presses: int) -> None:
    with ExitStack() as stack:
        endpoint = stack.enter_context(sim_process(10_000))
        sessions = [_dashboard(stack, python, endpoint) for python in pythons]
        for session in sessions:
            session.read_until(RECORDS_PAINTED, START_TIMEOUT_S)
        for session in sessions:
            session.read_for(settle_s())
        latency: list[list[float]] = [[] for _ in sessions]
        cpu: list[list[float]] = [[] for _ in sessions]
        for _ in range(presses):
            for index, session in enumerate(sessions):
                session.read_until_quiet(0.0, 1.0)
                before = session.main_thread_cpu_ns()
                latency[index].append(1000 * session.first_output_after(DOWN_KEY))
                cpu[index].append((session.main_thread_cpu_ns() - before) / 1e6)
                session.read_until_quiet(0.05, 5.0)
        for python, times, spent in zip(pythons, latency, cpu, strict=True):
            print(
                f"{python}: key -> first byte median {statistics.median(times):.1f} ms,"
                f" p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms, max {max(times):.0f} ms;"
                f" main-thread CPU in that span median {statistics.median(spent):.1f} ms,"
                f" p90 {statistics.quantiles(spent, n=10)[-1]:.1f} ms (n={len(times)})"
            )


def main() -> None:
    what, old, new = sys.argv[1:4]
    if what == "idle":
        idle([old, new], float(sys.argv[4]) if len(sys.argv) > 4 else 60.0)
    else:
        keys([old, new], int(sys.argv[4]) if len(sys.argv) > 4 else 200)


if __name__ == "__main__":
    main()
