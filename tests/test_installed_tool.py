"""The tool installs as one, from a wheel, stylesheet included: what `pipx install .` and
`uv tool install .` do (README), done here with plain pip, into a fresh venv outside the
checkout, and run from a directory that is not the checkout."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.environment import clean_environment

ROOT = Path(__file__).resolve().parents[1]
STEP_TIMEOUT_S = 120  # pip may fetch the build backend and the dependencies


def _pip(python: Path | str, *args: str | Path) -> None:
    # pip keeps this machine's settings (index, mirrors): its environment as it is.
    subprocess.run(
        [str(python), "-m", "pip", "-q", *map(str, args)],
        check=True,
        timeout=STEP_TIMEOUT_S,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip(sys.executable, "wheel", "--no-deps", "-w", out, ROOT)
    [built] = out.glob("bcs_tui-*.whl")
    return built


def test_the_wheel_carries_every_stylesheet(wheel: Path) -> None:
    packaged = {
        name.removeprefix("bcs_tui/styles/")
        for name in zipfile.ZipFile(wheel).namelist()
        if name.startswith("bcs_tui/styles/")
    }
    assert packaged == {path.name for path in (ROOT / "styles").iterdir()}
    assert "dashboard.tcss" in packaged


def test_the_installed_tool_runs_elsewhere_on_its_own_stylesheet(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "tool"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=STEP_TIMEOUT_S)
    python = venv / "bin" / "python"
    _pip(python, "install", "-c", ROOT / "constraints.txt", wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_environment(tmp_path / "home")
    env.pop("PYTHONPATH", None)  # nothing may lead it back to the checkout

    def run(*command: str | Path) -> str:
        done = subprocess.run(
            [str(part) for part in command],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    program = run(python, "-c", "import bcs_tui; print(bcs_tui.__file__)")
    assert Path(program.strip()).is_relative_to(venv)
    # The dashboard's stylesheets, as it loads them: the packaged copies, not the checkout's.
    loaded = run(
        python, "-c", "from bcs_tui.ui.app import DashboardApp as A; print(*A.CSS_PATH, sep='\\n')"
    )
    stylesheets = [Path(line) for line in loaded.splitlines()]
    assert "dashboard.tcss" in {path.name for path in stylesheets}
    for path in stylesheets:
        assert path.is_relative_to(venv)
        assert path.read_text() == (ROOT / "styles" / path.name).read_text()

    assert "records" in run(venv / "bin" / "bcs-tui", "--help")
    listed = json.loads(run(venv / "bin" / "bcs-tui", "records", "--demo", "--json"))
    first_source = listed["sources"][0]
    assert first_source["count"] == len(first_source["operation_records"]) > 0
