"""How the command line starts: importing it loads no heavy library (``main`` does, once
the collector is paused for start-up); the parser of every command, built at each start,
does not pull in the simulator's server (only ``sim`` and ``--demo`` need it); the demo's
simulator process starting or not is said clearly."""

import errno
import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bcs_tui.cli import main
from bcs_tui.exit_codes import ExitCode
from bcs_tui.sim.process import SimProcess

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


def test_a_demo_speed_that_is_not_finite_is_a_usage_error() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "bcs_tui", "records", "--demo", "--demo-speed", "inf"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert finished.returncode == ExitCode.USAGE
    assert "--demo-speed: must be a finite number" in finished.stderr
    assert "Traceback" not in finished.stderr


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """``main`` ends start-up by freezing what exists: leave this process as it was."""
    yield
    gc.unfreeze()
    gc.enable()


@pytest.mark.usefixtures("collector_restored")
def test_a_demo_simulator_that_cannot_start_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(self: SimProcess) -> SimProcess:
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(SimProcess, "start", refused)
    assert main(["records", "--demo"]) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert captured.err == "bcs-tui: error: cannot start the demo simulator: Too many open files\n"
    assert captured.out == ""


PLUGIN_SWITCH = """
import contextlib, os
from bcs_tui.cli import main
with contextlib.suppress(SystemExit):
    main(["--version"])
print(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "__all__"), ("0", "0")])
def test_pydantic_plugins_are_not_looked_up_unless_the_user_says_so(
    given: str | None, seen: str
) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    finished = subprocess.run(
        [sys.executable, "-c", PLUGIN_SWITCH], capture_output=True, text=True, env=env
    )
    assert finished.stdout.splitlines()[-1] == seen, finished.stderr
