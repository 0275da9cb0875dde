"""How the measured programs are started: the real ``bcs-tui`` (``--demo``, or against a
simulator endpoint) and the bare Textual app, each with a clean environment."""

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from bcs_tui.sim.fleet import SimProject

BCS_TUI = [sys.executable, "-m", "bcs_tui"]
"""``bcs-tui`` itself (the console script runs exactly this), so a ``PYTHONPATH`` given to
the benchmarks (to measure a candidate change from a copy of the tree) reaches it too."""
RECORDS_PAINTED = b"finished"
"""A status word only the record table writes: the first records are on screen."""

_HOME = tempfile.mkdtemp(prefix="bcs-bench-home-")


def clean_env(**extra: str) -> dict[str, str]:
    """No user config or credentials file can leak in; a common terminal type."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": _HOME,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
    }
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    env.update(extra)
    return env


def demo_argv() -> list[str]:
    return [*BCS_TUI, "--demo"]


def bare_argv() -> list[str]:
    return [sys.executable, "-m", "benchmarks.bare_app"]


def dashboard_argv(endpoint: str, *extra: str) -> list[str]:
    return [*BCS_TUI, "--endpoint", endpoint, "--project-id", DEFAULT_PROJECT_ID, *extra]


def fleet_config(endpoint: str, projects: Sequence[SimProject]) -> Path:
    """A config file whose default profile lists one source per project, each at
    ``endpoint`` (one simulator serves them all); the credentials come from the environment
    (``dashboard_env``), so the file holds no secret."""
    sources = "".join(
        f'  {{ name = "{project.source_name}", region = "{project.region}",'
        f' project_id = "{project.project_id}", endpoint = "{endpoint}" }},\n'
        for project in projects
    )
    text = f'default_profile = "fleet"\n\n[profiles.fleet]\nsources = [\n{sources}]\n'
    handle, name = tempfile.mkstemp(prefix="bcs-bench-fleet-", suffix=".toml", dir=_HOME)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    return Path(name)


def fleet_argv(config: Path, *extra: str) -> list[str]:
    """The dashboard over every source of ``config`` (``fleet_config``)."""
    return [*BCS_TUI, "--config", str(config), *extra]


def dashboard_env() -> dict[str, str]:
    # The simulator's published demo credentials, given the way the SDKs read them.
    return clean_env(HUAWEICLOUD_SDK_AK=DEFAULT_AK, HUAWEICLOUD_SDK_SK=DEFAULT_SK)


def bench_env() -> dict[str, str]:
    """For ``python -m benchmarks.*`` children: the benchmarks package must import."""
    root = str(Path(__file__).resolve().parent.parent)
    inherited = os.environ.get("PYTHONPATH")
    return clean_env(PYTHONPATH=f"{inherited}:{root}" if inherited else root)
