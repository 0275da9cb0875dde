"""``bcs-tui sim`` / ``python -m bcs_tui.sim``: prints how to connect, serves, stops cleanly."""

import argparse
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator

import httpx
import pytest

from bcs_tui.sim.command import add_sim_arguments, config_from_args, run_sim_command
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
    DEFAULT_TOKEN,
)
from bcs_tui.sim.fleet import DEMO_FLEET, NORTH_TEST, SINGAPORE

ENDPOINT = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_sim_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture
def running() -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    """The simulator as its own process on a free port, its endpoint read from its output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bcs_tui.sim", "--port", "0", "--records", "3", "--seed", "9"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Serving until"):
            break
    match = ENDPOINT.search("".join(lines))
    assert match, "".join(lines)
    try:
        yield process, match.group(1), lines
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_it_serves_and_exits_zero_on_a_signal(
    running: tuple[subprocess.Popen[str], str, list[str]], signum: int
) -> None:
    process, endpoint, _ = running
    answer = httpx.get(
        f"{endpoint}/v2/{DEFAULT_PROJECT_ID}/operation/record",
        headers={"X-Auth-Token": DEFAULT_TOKEN},
    )
    assert answer.status_code == 200
    assert answer.json()["count"] > 3
    process.send_signal(signum)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "stopped" in out


def test_it_prints_credentials_and_how_to_connect(
    running: tuple[subprocess.Popen[str], str, list[str]],
) -> None:
    _, endpoint, lines = running
    text = "".join(lines)
    for value in (DEFAULT_PROJECT_ID, DEFAULT_AK, DEFAULT_SK, DEFAULT_TOKEN):
        assert value in text
    for value in (DEFAULT_IAM_USER, DEFAULT_IAM_PASSWORD, DEFAULT_IAM_DOMAIN):
        assert value in text
    assert f"bcs-tui records --endpoint {endpoint}" in text
    for variable in (
        "HUAWEICLOUD_SDK_AK=",
        "HUAWEICLOUD_SDK_SK=",
        f"HUAWEICLOUD_SDK_PROJECT_ID={DEFAULT_PROJECT_ID}",
        f"BCS_TUI_ENDPOINT={endpoint}",
    ):
        assert variable in text


def test_a_port_in_use_is_a_one_line_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        err = io.StringIO()
        code = run_sim_command(parse("--port", str(port)), out=io.StringIO(), err=err)
    assert code == 2
    assert err.getvalue().count("\n") == 1
    assert str(port) in err.getvalue()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--speed", "0"), "--speed"),
        (("--speed", "-2"), "--speed"),
        (("--speed", "nan"), "--speed"),
        (("--records", "-1"), "--records"),
        (("--fault-rate", "1.5"), "--fault-rate"),
        (("--down-period", "0"), "--down-period"),
        (("--slow-delay", "-1"), "--slow-delay"),
        (("--project-down", "nowhere"), "--project-down: no project 'nowhere'"),
        (("--no-fleet", "--project-slow", "sg"), "--project-slow: no project 'sg'"),
    ],
)
def test_bad_values_exit_2_with_a_clear_message(argv: tuple[str, ...], message: str) -> None:
    err = io.StringIO()
    assert run_sim_command(parse(*argv), out=io.StringIO(), err=err) == 2
    assert message in err.getvalue()


def test_an_unknown_fault_mode_is_refused_by_the_parser() -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse("--fault", "teapot")
    assert exit_info.value.code == 2


def test_flags_reach_the_server_config() -> None:
    args = parse(
        "--seed", "3", "--speed", "4", "--records", "0", "--fault", "500", "--fault", "hang",
        "--fault-rate", "0.25", "--project-id", "abc", "--ak", "A",
        "--sk", "SECRET-SK", "--token", "SECRET-TOKEN",
    )  # fmt: skip
    config = config_from_args(args)
    assert (config.seed, config.speed, config.records) == (3, 4.0, 0)
    assert config.faults == frozenset({"500", "hang"})
    assert (config.fault_rate, config.project_id) == (0.25, "abc")
    assert (config.ak, config.sk, config.token) == ("A", "SECRET-SK", "SECRET-TOKEN")
    assert "SECRET" not in repr(config)


def test_it_prints_a_ready_profile_for_the_whole_fleet(
    running: tuple[subprocess.Popen[str], str, list[str]],
) -> None:
    _, endpoint, lines = running
    text = "".join(lines)
    profile = text[text.index("[profiles.sim]") : text.index("Serving until")]
    sources = tomllib.loads(profile)["profiles"]["sim"]["sources"]
    assert [source["name"] for source in sources] == ["north", "north-test", "sg"]
    assert {source["endpoint"] for source in sources} == {endpoint}
    assert [source["region"] for source in sources] == [
        "cn-north-4",
        "cn-north-4",
        "ap-southeast-1",
    ]
    for source in sources:
        answer = httpx.get(
            f"{endpoint}/v2/{source['project_id']}/operation/record",
            headers={"X-Auth-Token": DEFAULT_TOKEN},
        )
        assert answer.status_code == 200
        assert {r["project_id"] for r in answer.json()["operation_records"]} == {
            source["project_id"]
        }


def test_fleet_flags_reach_the_server_config() -> None:
    config = config_from_args(
        parse(
            "--project-down",
            "sg",
            "--down-period",
            "7.5",
            "--project-slow",
            NORTH_TEST.name,
            "--slow-delay",
            "2",
        )
    )
    assert config.fleet == DEMO_FLEET
    faults = config.project_faults()
    assert (faults.down, faults.down_period_ns) == (SINGAPORE.project_id, 7_500_000_000)
    assert (faults.slow, faults.slow_delay_s) == (NORTH_TEST.project_id, 2.0)
    alone = config_from_args(parse("--no-fleet"))
    assert (alone.fleet, alone.unserved_projects) == ((), ())
