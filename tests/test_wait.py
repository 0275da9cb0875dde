"""``bcs-tui wait`` and ``watch --deadline``, run as the real program against the real
simulator over loopback: the exit codes 0 / 1 / 7 (and 2 for an unknown ID)."""

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock
from tests.environment import clean_environment
from tests.test_cli import BCS_TUI, aksk_env, assert_no_traceback, run
from tests.test_cli_fleet import NORTH_PROJECT, SG_PROJECT, fleet_env, source_line

ENDED = ("finished", "failed", "stopped")


@dataclass(frozen=True)
class Served:
    sim: SimServer
    records: list[dict[str, Any]]

    def first(self, status: str) -> str:
        return next(r["operation_id"] for r in self.records if r["operation_status"] == status)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A simulator at real speed: what runs now still runs for the seconds a test takes."""
    home = tmp_path_factory.mktemp("home")
    with SimServer(SimConfig(seed=5, records=30)) as sim:
        listed = run(["records", "--json"], aksk_env(clean_environment(home), sim))
        yield Served(sim, json.loads(listed.stdout)["operation_records"])


def env_for(served: Served, home: Path) -> dict[str, str]:
    return aksk_env(clean_environment(home), served.sim)


def test_wait_prints_each_ended_id_and_exits_1_when_one_failed(
    served: Served, tmp_path: Path
) -> None:
    failed, finished = served.first("failed"), served.first("finished")
    told = tmp_path / "told"
    command = (
        f'echo "$BCS_TUI_EVENT $BCS_TUI_OPERATION_ID $BCS_TUI_STATUS" >> "{told}"; '
        "echo OUT-OF-NOTIFY; echo ERR-OF-NOTIFY >&2; exit 3"
    )
    notify = ["--desktop-notify", "--notify-command", command]
    result = run(
        ["wait", failed, finished, "--interval", "1", *notify],
        env_for(served, tmp_path),
    )
    assert result.returncode == 1, result.stderr
    assert "\x1b" not in result.stdout  # a pipe, not a terminal: no desktop notification
    # The command's output and failure go to the log (none given here), never to the screen.
    assert "OF-NOTIFY" not in result.stdout + result.stderr
    assert "exited with status" not in result.stderr
    # The notify command ran for each ending before the program exited.
    assert sorted(told.read_text().splitlines()) == sorted(
        [f"ended {failed} failed", f"ended {finished} finished"]
    )
    lines = result.stdout.splitlines()
    failed_line = next(line for line in lines if failed in line)
    assert failed_line.split("  ")[-2] == "failed"  # then its message, clipped
    assert any(finished in line and line.endswith("  finished") for line in lines)
    assert_no_traceback(result)


def test_wait_exits_0_when_every_operation_finished(served: Served, tmp_path: Path) -> None:
    finished = served.first("finished")
    result = run(["wait", finished, "--interval", "1"], env_for(served, tmp_path))
    assert result.returncode == 0, result.stderr
    assert finished in result.stdout


def test_wait_past_its_deadline_exits_7_naming_what_still_runs(
    served: Served, tmp_path: Path
) -> None:
    running = served.first("processing")
    started = time.monotonic()
    result = run(
        ["wait", running, "--interval", "1", "--deadline", "1.5"], env_for(served, tmp_path)
    )
    assert result.returncode == 7, result.stderr
    assert time.monotonic() - started < 20
    assert "--deadline 1.5s passed: 1 operation had not ended" in result.stderr
    assert running in result.stderr
    assert_no_traceback(result)


def test_wait_of_an_unknown_id_exits_2(served: Served, tmp_path: Path) -> None:
    result = run(["wait", "BCSSVC01-99-1", "--interval", "1"], env_for(served, tmp_path))
    assert result.returncode == 2
    assert "'BCSSVC01-99-1' is not among the records" in result.stderr
    assert_no_traceback(result)


def test_wait_refuses_ids_together_with_filters(served: Served, tmp_path: Path) -> None:
    finished = served.first("finished")
    result = run(["wait", finished, "--blockchain-id", "x"], env_for(served, tmp_path))
    assert result.returncode == 2
    assert "not both" in result.stderr


def test_watch_deadline_exits_7_and_an_ended_operation_exits_0(
    served: Served, tmp_path: Path
) -> None:
    env = env_for(served, tmp_path)
    running = served.first("processing")
    result = run(["watch", running, "--interval", "1", "--deadline", "1.5"], env)
    assert result.returncode == 7, result.stderr
    assert f"operation {running!r} has not ended within --deadline 1.5s" in result.stderr
    assert result.stdout.startswith(f"Watching {running}")
    ended = run(["watch", served.first("finished"), "--deadline", "30"], env)
    assert ended.returncode == 0, ended.stderr


def test_wait_with_no_id_waits_for_every_running_operation_until_each_ends(
    tmp_path: Path,
) -> None:
    with SimServer(SimConfig(records=0, speed=40.0)) as sim:
        served = Served(sim, [])
        result = run(
            ["wait", "--interval", "1", "--deadline", "100"], env_for(served, tmp_path), 120
        )
    first, *endings = result.stdout.splitlines()
    count = int(first.split()[2])
    assert first.startswith(f"Waiting for {count} operation")
    assert len(endings) == count
    words = [next(word for word in ENDED if f"  {word}" in line) for line in endings]
    assert result.returncode == (1 if set(words) - {"finished"} else 0), result.stderr
    assert_no_traceback(result)


def test_wait_names_the_source_of_each_ending_with_several_sources(tmp_path: Path) -> None:
    clock = ManualClock(time.time_ns())  # frozen: what has ended stays as it is
    north_config = SimConfig(project_id=NORTH_PROJECT, seed=11, records=6, clock=clock)
    sg_config = SimConfig(project_id=SG_PROJECT, seed=12, records=6, clock=clock)
    with SimServer(north_config) as north, SimServer(sg_config) as sg:
        sources = source_line("north", north, NORTH_PROJECT) + source_line("sg", sg, SG_PROJECT)
        env = fleet_env(tmp_path, sources)
        north_id, sg_id = north.operation_ids()[-1], sg.operation_ids()[-1]
        result = run(["wait", f"north:{north_id}", f"sg:{sg_id}", "--interval", "1"], env)
    lines = result.stdout.splitlines()
    assert any(line.split("  ")[1:3] == ["north", north_id] for line in lines), lines
    assert any(line.split("  ")[1:3] == ["sg", sg_id] for line in lines), lines
    assert result.returncode in (0, 1)
    assert_no_traceback(result)


def test_ctrl_c_ends_a_wait_with_130_and_no_traceback(served: Served, tmp_path: Path) -> None:
    running = served.first("processing")
    process = subprocess.Popen(
        [*BCS_TUI, "wait", running, "--interval", "1"],
        env=env_for(served, tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Waiting for 1 operation: ")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in stderr


def test_wait_with_no_id_chooses_the_running_operations_of_every_source(tmp_path: Path) -> None:
    clock = ManualClock(time.time_ns())  # frozen: what runs keeps running
    north_config = SimConfig(project_id=NORTH_PROJECT, seed=11, records=6, clock=clock)
    sg_config = SimConfig(project_id=SG_PROJECT, seed=12, records=6, clock=clock)
    with SimServer(north_config) as north, SimServer(sg_config) as sg:
        sources = source_line("north", north, NORTH_PROJECT) + source_line("sg", sg, SG_PROJECT)
        env = fleet_env(tmp_path, sources)
        listed = json.loads(run(["records", "--json"], env).stdout)["sources"]
        result = run(["wait", "--interval", "1", "--deadline", "1.5"], env)
    running = {
        f"{source['name']}:{record['operation_id']}"
        for source in listed
        for record in source["operation_records"]
        if record["operation_status"] in ("waiting", "processing")
    }
    assert {name.split(":")[0] for name in running} == {"north", "sg"}
    assert result.returncode == 7, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"Waiting for {len(running)} operations: ")
    assert set(first.split(": ", 1)[1].split(", ")) == running
    assert f"{len(running)} operations had not ended" in result.stderr
    assert_no_traceback(result)
