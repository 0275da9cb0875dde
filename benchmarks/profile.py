"""Profiles behind the levers (pyinstrument, from the ``bench`` extra).

python -m benchmarks.profile parse [N]     # one fetch + parse of N records
python -m benchmarks.profile dashboard [N] # the real program in a pty: start, 10 x down
                                           # key, quit; the profile of its whole run
python -m benchmarks.profile idle [N]      # the real program in a pty: start, 40 s idle
                                           # (row 7's situation), quit
python -m benchmarks.profile idle-fleet [N] # as idle, over 20 sources of N records each
                                           # (default 500: row 14's situation)
"""

import asyncio
import os
import signal
import sys
import tempfile
from collections.abc import Callable

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from benchmarks.programs import (
    RECORDS_PAINTED,
    bench_env,
    dashboard_argv,
    dashboard_env,
    fleet_argv,
    fleet_config,
)
from benchmarks.pty_session import PtySession
from benchmarks.sim_process import fleet_projects, sim_process
from benchmarks.terminal import DOWN_KEY, settle_s


def profile_parse(records: int) -> None:
    from pyinstrument import Profiler

    async def run(endpoint: str) -> None:
        auth = AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID)
        async with BcsClient(endpoint=endpoint, project_id=DEFAULT_PROJECT_ID, auth=auth) as c:
            await c.list_records()  # warm the connection
            fresh = BcsClient(endpoint=endpoint, project_id=DEFAULT_PROJECT_ID, auth=auth)
            profiler = Profiler(interval=0.0005)
            with profiler:
                await fresh.list_records()
            await fresh.aclose()
            print(profiler.output_text(color=False, unicode=False))

    with sim_process(records) as endpoint:
        asyncio.run(run(endpoint))


def profile_dashboard(records: int) -> None:
    def ten_keys(session: PtySession) -> None:
        for _ in range(10):
            session.first_output_after(DOWN_KEY)
            session.read_for(0.2)

    _profile_program(records, "dashboard", ten_keys)


def profile_idle(records: int) -> None:
    """Only the idle window (row 7's situation), start-up left out."""
    with sim_process(records) as endpoint:
        _profile_idle_window("idle", dashboard_argv(endpoint))


FLEET_SOURCES = 20


def profile_idle_fleet(records: int) -> None:
    """Row 14's situation: 20 sources of ``records`` each, idle, start-up left out."""
    with sim_process(records, fleet=FLEET_SOURCES) as endpoint:
        config = fleet_config(endpoint, fleet_projects(FLEET_SOURCES, records))
        _profile_idle_window("idle-fleet", fleet_argv(config))


def _profile_idle_window(name: str, program_argv: list[str]) -> None:
    output = os.path.join(tempfile.mkdtemp(prefix="bcs-profile-"), f"{name}.txt")
    argv = [sys.executable, "-m", "benchmarks.profiled_program", *program_argv[3:]]
    env = bench_env() | dashboard_env() | {"BCS_PROFILE_OUTPUT": output}
    with PtySession(argv, env) as session:
        session.read_until(RECORDS_PAINTED, 120)
        session.read_for(settle_s())
        session.process.send_signal(signal.SIGUSR1)
        session.read_for(IDLE_S)
        session.process.send_signal(signal.SIGUSR2)
        session.read_for(3)
    print(f"profile written to {output}")


IDLE_S = 40.0


def _profile_program(records: int, name: str, work: Callable[[PtySession], object]) -> None:
    """The real program under pyinstrument in a pty: start, settle, ``work``, quit."""
    output = os.path.join(tempfile.mkdtemp(prefix="bcs-profile-"), f"{name}.txt")
    with sim_process(records) as endpoint:
        argv = dashboard_argv(endpoint)
        profiled = [sys.executable, "-m", "pyinstrument", "-i", "0.002", "-r", "text"]
        profiled += ["--show-all", "-o", output, "-m", "bcs_tui", *argv[3:]]
        with PtySession(profiled, dashboard_env()) as session:
            session.read_until(RECORDS_PAINTED, 120)
            session.read_for(3)
            work(session)
            os.write(session.master, b"q")
            session.read_for(10)
    print(f"profile written to {output}")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "parse"
    default = 500 if what == "idle-fleet" else 10_000
    records = int(sys.argv[2]) if len(sys.argv) > 2 else default
    profiles = {
        "parse": profile_parse,
        "dashboard": profile_dashboard,
        "idle": profile_idle,
        "idle-fleet": profile_idle_fleet,
    }
    profiles[what](records)


if __name__ == "__main__":
    main()
