"""The installed ``bcs-tui`` over a profile with two sources, each a simulator of its own
project, in a real pseudo-terminal: the Source column and the header's summary show, and a
source that goes down is named stale while the other stays live."""

import os
import sys
from pathlib import Path

import pytest

from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_SK
from bcs_tui.sim.server import SimConfig, SimServer
from tests.environment import clean_environment
from tests.pty_terminal import PtyTerminal

BCS_TUI = Path(sys.executable).parent / "bcs-tui"
NORTH_PROJECT = "11111111111111111111111111111111"
SG_PROJECT = "22222222222222222222222222222222"
TIMEOUT_S = 30.0


def fleet_config(north: SimServer, sg: SimServer) -> str:
    return f"""
default_profile = "fleet"
[profiles.fleet]
ak = "{DEFAULT_AK}"
sk = "{DEFAULT_SK}"
[[profiles.fleet.sources]]
name = "north"
region = "cn-north-4"
project_id = "{NORTH_PROJECT}"
endpoint = "{north.endpoint}"
[[profiles.fleet.sources]]
name = "sg"
region = "ap-southeast-1"
project_id = "{SG_PROJECT}"
endpoint = "{sg.endpoint}"
"""


@pytest.mark.timeout(90)
def test_two_sources_show_a_source_column_and_a_summary(tmp_path: Path) -> None:
    with (
        SimServer(SimConfig(project_id=NORTH_PROJECT, seed=3, records=8)) as north,
        SimServer(SimConfig(project_id=SG_PROJECT, seed=4, records=8)) as sg,
    ):
        path = tmp_path / ".config" / "bcs-tui" / "config.toml"
        path.parent.mkdir(parents=True)
        path.write_text(fleet_config(north, sg), encoding="utf-8")
        os.chmod(path, 0o600)
        env = {**clean_environment(tmp_path), "LANG": "C.UTF-8", "TZ": "UTC"}
        argv = [str(BCS_TUI), "--allow-http", "--utc"]
        with PtyTerminal(argv, env, columns=140, lines=30, cwd=tmp_path) as terminal:
            screen = terminal.wait_for(
                lambda text: "2 sources: 2 live" in text and "Source" in text, TIMEOUT_S
            )
            rows = screen.splitlines()
            # The Source column first: each source's rows start with its name.
            assert any(row.split()[:1] == ["north"] for row in rows), screen
            assert any(row.split()[:1] == ["sg"] for row in rows), screen
            sg.stop()
            terminal.send(b"r")
            terminal.wait_for(lambda text: "1 live" in text and "sg stale" in text, TIMEOUT_S)
            terminal.send(b"q")
            assert terminal.wait_exit(TIMEOUT_S) == 0
