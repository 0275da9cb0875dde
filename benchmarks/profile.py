"""Profiles behind the levers (pyinstrument, from the ``bench`` extra).

python -m benchmarks.profile parse [N]     # one fetch + parse of N records
python -m benchmarks.profile dashboard [N] # the real program in a pty: start, 10 x down
                                           # key, quit; the profile of its whole run
"""

import asyncio
import os
import sys
import tempfile

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from benchmarks.programs import RECORDS_PAINTED, dashboard_argv, dashboard_env
from benchmarks.pty_session import PtySession
from benchmarks.sim_process import sim_process
from benchmarks.terminal import DOWN_KEY


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
    output = os.path.join(tempfile.mkdtemp(prefix="bcs-profile-"), "dashboard.txt")
    with sim_process(records) as endpoint:
        argv = dashboard_argv(endpoint)
        profiled = [sys.executable, "-m", "pyinstrument", "-i", "0.002", "-r", "text"]
        profiled += ["--show-all", "-o", output, "-m", "bcs_tui", *argv[3:]]
        with PtySession(profiled, dashboard_env()) as session:
            session.read_until(RECORDS_PAINTED, 120)
            session.read_for(3)
            for _ in range(10):
                session.first_output_after(DOWN_KEY)
                session.read_for(0.2)
            os.write(session.master, b"q")
            session.read_for(10)
    print(f"profile written to {output}")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "parse"
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    {"parse": profile_parse, "dashboard": profile_dashboard}[what](records)


if __name__ == "__main__":
    main()
