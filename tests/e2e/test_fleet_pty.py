"""The installed ``bcs-tui`` over a profile with two sources, each a simulator of its own
project, in a real pseudo-terminal: the Source column and the header's summary show, and a
source that goes down is named stale while the other stays live."""

import os
import re
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


def source_rows(screen: str, name: str) -> list[str]:
    """The list rows of ``screen`` whose Source cell is ``name``."""
    return [row for row in screen.splitlines() if row.split()[:1] == [name]]


def only_rows_of(screen: str, name: str, other: str) -> list[str]:
    """The rows of ``name`` when the list shows some and none of ``other``."""
    return [] if source_rows(screen, other) else source_rows(screen, name)


def sort_label(screen: str) -> str:
    """What the header says the list is sorted by (``sort: LABEL (arrow)``)."""
    found = re.search(r"sort: (.+?) \(", screen)
    assert found is not None, screen
    return found.group(1)


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
            # The Source column first: each source's rows start with its name. Which rows
            # fit above the detail depends on the simulators' clocks, so sort by source
            # (the last of ``s``'s cycle with several sources): north's group, then sg's.
            assert source_rows(screen, "north") or source_rows(screen, "sg"), screen
            label = sort_label(screen)
            while label != "source":
                terminal.send(b"s")
                moved = terminal.wait_for(lambda t, was=label: sort_label(t) != was, TIMEOUT_S)
                label = sort_label(moved)
                assert label != "running first", "the cycle came round without by source"
            # The selected record stays in view across a sort: go to each end.
            terminal.send(b"g")  # the first record: north's group comes first
            terminal.wait_for(lambda t: bool(only_rows_of(t, "north", "sg")), TIMEOUT_S)
            terminal.send(b"G")  # the last record: sg's group comes after north's
            terminal.wait_for(lambda t: bool(only_rows_of(t, "sg", "north")), TIMEOUT_S)
            sg.stop()
            terminal.send(b"r")
            terminal.wait_for(lambda text: "1 live" in text and "sg stale" in text, TIMEOUT_S)
            terminal.send(b"q")
            assert terminal.wait_exit(TIMEOUT_S) == 0
