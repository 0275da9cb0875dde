"""What a command loads before it runs: importing the command line loads no heavy library
(``main`` does, once the collector is paused for start-up), and the parser of every command,
built at each start, does not pull in the simulator's server (only ``sim`` and ``--demo``
need it)."""

import json
import subprocess
import sys

LOADED = """
import json, sys
from bcs_tui.cli import build_parser
build_parser().parse_args(sys.argv[1:])
print(json.dumps(sorted(name for name in sys.modules if name.startswith("bcs_tui.sim"))))
"""


def loaded_sim_modules(*argv: str) -> list[str]:
    """The simulator modules a fresh interpreter has loaded once the command line is parsed."""
    finished = subprocess.run(
        [sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, check=True
    )
    modules: list[str] = json.loads(finished.stdout)
    return modules


def test_parsing_the_command_line_does_not_load_the_simulator_server() -> None:
    for argv in ([], ["records"], ["sim", "--records", "3"]):
        loaded = loaded_sim_modules(*argv)
        assert "bcs_tui.sim.arguments" in loaded
        assert "bcs_tui.sim.server" not in loaded, argv


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    """They are imported by ``main``, with the collector paused for start-up."""
    code = (
        "import json, sys, bcs_tui.cli;"
        " print(json.dumps([name for name in ('pydantic', 'httpx', 'textual', 'asyncio')"
        " if name in sys.modules]))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(finished.stdout) == []
