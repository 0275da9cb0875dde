"""``watch`` colours its status words on a terminal (a real pseudo-terminal), and prints
them plain when piped or when ``NO_COLOR`` is set."""

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.sim.server import SimConfig, SimServer
from bcs_tui.terminal_colour import colour_wanted
from tests.environment import clean_environment
from tests.pty_terminal import PtyTerminal
from tests.test_cli import BCS_TUI, aksk_env, run

RED_FAILED = b"\x1b[1;31mfailed\x1b[0m"


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer(SimConfig(seed=11, records=25)) as server:
        yield server


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    return clean_environment(tmp_path)


@pytest.fixture
def failed_operation(sim: SimServer, clean_env: dict[str, str]) -> str:
    listed = json.loads(run(["records", "--json"], aksk_env(clean_env, sim)).stdout)
    return next(
        entry["operation_id"]
        for entry in listed["operation_records"]
        if entry["operation_status"] == "failed"
    )


def _watch_in_a_terminal(env: dict[str, str], operation_id: str, cwd: Path) -> bytes:
    argv = [*BCS_TUI, "watch", operation_id, "--interval", "1"]
    with PtyTerminal(argv, env, columns=120, lines=40, cwd=cwd) as terminal:
        terminal.wait_for(lambda text: f"Operation {operation_id} failed" in text)
        assert terminal.wait_exit() == 0
        return bytes(terminal.raw)


def test_on_a_terminal_status_words_are_coloured(
    sim: SimServer, clean_env: dict[str, str], failed_operation: str, tmp_path: Path
) -> None:
    raw = _watch_in_a_terminal(aksk_env(clean_env, sim), failed_operation, tmp_path)
    assert RED_FAILED in raw
    assert b"\x1b[32mfinished\x1b[0m" in raw


def test_with_no_color_a_terminal_gets_plain_words(
    sim: SimServer, clean_env: dict[str, str], failed_operation: str, tmp_path: Path
) -> None:
    env = {**aksk_env(clean_env, sim), "NO_COLOR": "1"}
    raw = _watch_in_a_terminal(env, failed_operation, tmp_path)
    assert b"failed" in raw and b"\x1b[" not in raw


def test_piped_output_is_plain(
    sim: SimServer, clean_env: dict[str, str], failed_operation: str
) -> None:
    result = run(["watch", failed_operation, "--interval", "1"], aksk_env(clean_env, sim))
    assert f"Operation {failed_operation} failed" in result.stdout
    assert "\x1b" not in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({"TERM": "xterm-256color"}, True),
        ({"TERM": "dumb"}, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, False),
        ({"TERM": "xterm", "NO_COLOR": ""}, True),  # no-color.org: set and not empty
    ],
)
def test_colour_is_wanted_on_a_terminal_unless_it_is_dumb_or_no_color(
    environ: dict[str, str], wanted: bool
) -> None:
    assert colour_wanted(_Terminal(), environ) is wanted
    assert colour_wanted(io.StringIO(), environ) is False
