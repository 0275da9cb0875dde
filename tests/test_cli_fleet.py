"""``records`` and ``watch`` over several sources, run as the real program against several
real simulators (each its own port, project and seed) named by a real config file.

The simulators share a frozen clock near the real time (AK/SK signatures stay within the
allowed skew), so what they serve is the same at every call and outputs compare exactly."""

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_SK,
)
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock
from tests.environment import clean_environment
from tests.test_cli import assert_no_traceback, run

NORTH_PROJECT = "1a" * 16
SG_PROJECT = "2b" * 16
TWIN_PROJECT = "3c" * 16
WRONG_SK = "fleet-wrong-secret-key-Hq93"
SECRETS = (DEFAULT_SK, WRONG_SK, DEFAULT_IAM_PASSWORD)


@dataclass(frozen=True)
class Fleet:
    north: SimServer
    sg: SimServer
    twin: SimServer
    """Same seed as ``north`` in another project: the same operation IDs in two sources."""


@pytest.fixture(scope="module")
def fleet() -> Iterator[Fleet]:
    clock = ManualClock(time.time_ns())

    def sim(project_id: str, seed: int) -> SimServer:
        return SimServer(SimConfig(project_id=project_id, seed=seed, records=6, clock=clock))

    with sim(NORTH_PROJECT, 11) as north, sim(SG_PROJECT, 12) as sg, sim(TWIN_PROJECT, 11) as twin:
        yield Fleet(north, sg, twin)


def source_line(name: str, sim: SimServer | str, project_id: str, profile: str = "") -> str:
    endpoint = sim if isinstance(sim, str) else sim.endpoint
    own = f', profile = "{profile}"' if profile else ""
    return (
        f'  {{ name = "{name}", region = "cn-north-4", project_id = "{project_id}",'
        f' endpoint = "{endpoint}"{own} }},\n'
    )


def fleet_env(home: Path, sources: str, extra_profiles: str = "") -> dict[str, str]:
    """A config file whose profile ``fleet`` (AK/SK) lists ``sources``."""
    config = (
        'default_profile = "fleet"\n[profiles.fleet]\n'
        f'ak = "{DEFAULT_AK}"\nsk = "{DEFAULT_SK}"\nsources = [\n{sources}]\n'
        f'[profiles.badkey]\nak = "{DEFAULT_AK}"\nsk = "{WRONG_SK}"\n{extra_profiles}'
    )
    path = home / ".config" / "bcs-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config, encoding="utf-8")
    os.chmod(path, 0o600)
    return clean_environment(home)


def two_sources(home: Path, fleet: Fleet) -> dict[str, str]:
    lines = source_line("north", fleet.north, NORTH_PROJECT)
    return fleet_env(home, lines + source_line("sg", fleet.sg, SG_PROJECT))


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert_no_traceback(result)
    for secret in SECRETS:
        assert secret not in result.stdout and secret not in result.stderr


def refused_endpoint() -> str:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_records_table_has_a_source_column_and_each_source_in_order(
    fleet: Fleet, tmp_path: Path
) -> None:
    result = run(["records"], two_sources(tmp_path, fleet))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["SOURCE", "STATUS", "TYPE"]
    rows = [(line.split()[0], line.split()[-1]) for line in lines[1:-1]]
    north, sg = fleet.north.operation_ids(), fleet.sg.operation_ids()
    assert not set(north) & set(sg)
    assert rows == [("north", id_) for id_ in north] + [("sg", id_) for id_ in sg]
    assert lines[-1] == (
        f"{len(rows)} records from 2 sources (count reported: north {len(north)}, sg {len(sg)})"
    )
    assert result.stderr == ""
    assert_clean(result)


def test_records_json_lists_each_source_with_its_records(fleet: Fleet, tmp_path: Path) -> None:
    result = run(["records", "--json"], two_sources(tmp_path, fleet))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert list(body) == ["sources"]
    north, sg = body["sources"]
    keys = ["name", "region", "project_id", "count", "operation_records"]
    assert list(north) == keys and list(sg) == keys
    assert (north["name"], north["region"], north["project_id"]) == (
        "north",
        "cn-north-4",
        NORTH_PROJECT,
    )
    assert (sg["name"], sg["project_id"]) == ("sg", SG_PROJECT)
    for entry, sim in ((north, fleet.north), (sg, fleet.sg)):
        served = [record["operation_id"] for record in entry["operation_records"]]
        assert served == sim.operation_ids() and entry["count"] == len(served)
        assert all(isinstance(r["record_time"], int) for r in entry["operation_records"])
    assert_clean(result)


def test_one_source_of_a_fleet_prints_exactly_the_single_source_output(
    fleet: Fleet, tmp_path: Path
) -> None:
    narrowed = run(["records", "--json", "--source", "north"], two_sources(tmp_path, fleet))
    single_env = {
        **clean_environment(tmp_path / "single"),
        "HUAWEICLOUD_SDK_AK": DEFAULT_AK,
        "HUAWEICLOUD_SDK_SK": DEFAULT_SK,
        "HUAWEICLOUD_SDK_PROJECT_ID": NORTH_PROJECT,
        "BCS_TUI_ENDPOINT": fleet.north.endpoint,
    }
    single = run(["records", "--json"], single_env)
    assert narrowed.returncode == single.returncode == 0, narrowed.stderr + single.stderr
    assert list(json.loads(narrowed.stdout)) == ["count", "operation_records"]
    assert narrowed.stdout == single.stdout


def test_a_failing_source_is_named_on_stderr_and_the_others_are_printed(
    fleet: Fleet, tmp_path: Path
) -> None:
    sources = (
        source_line("north", fleet.north, NORTH_PROJECT)
        + source_line("refused", fleet.sg, SG_PROJECT, profile="badkey")
        + source_line("sg", fleet.sg, SG_PROJECT)
    )
    result = run(["records"], fleet_env(tmp_path, sources))
    assert result.returncode == 3  # the refused source's: authentication
    names = {line.split()[0] for line in result.stdout.splitlines()[1:-1]}
    assert names == {"north", "sg"}
    last = result.stdout.splitlines()[-1]
    assert " records from 2 of 3 sources (count reported: north " in last
    assert last.endswith("; failed: refused)")
    (line,) = result.stderr.splitlines()
    assert line.startswith("bcs-tui: error: source refused: HTTP 401 BCS.4010401")
    assert_clean(result)


def test_json_reports_each_failure_and_exits_with_the_first_failing_sources_code(
    fleet: Fleet, tmp_path: Path
) -> None:
    sources = (
        source_line("north", fleet.north, NORTH_PROJECT)
        + source_line("down", refused_endpoint(), SG_PROJECT)
        + source_line("refused", fleet.sg, SG_PROJECT, profile="badkey")
        + source_line("sg", fleet.sg, SG_PROJECT)
    )
    result = run(["records", "--json", "--timeout", "2"], fleet_env(tmp_path, sources))
    assert result.returncode == 5  # "down" (network) comes before "refused" (auth, 3)
    north, down, refused, sg = json.loads(result.stdout)["sources"]
    assert north["count"] == len(north["operation_records"]) > 0
    assert sg["count"] == len(sg["operation_records"]) > 0
    assert list(down) == ["name", "region", "project_id", "error"]
    assert (down["name"], down["project_id"]) == ("down", SG_PROJECT)
    assert list(down["error"]) == ["http_status", "error_code", "error_msg", "request_id"]
    assert down["error"]["http_status"] is None and down["error"]["request_id"] is None
    assert "refused" in down["error"]["error_msg"]
    error = refused["error"]
    assert (error["http_status"], error["error_code"]) == (401, "BCS.4010401")
    assert error["error_msg"] and error["request_id"]
    lines = result.stderr.splitlines()
    assert [line.split()[3] for line in lines] == ["down:", "refused:"]
    assert_clean(result)


def test_every_source_failing_prints_no_empty_table_only_the_errors(
    fleet: Fleet, tmp_path: Path
) -> None:
    sources = source_line("down", refused_endpoint(), SG_PROJECT) + source_line(
        "refused", fleet.sg, SG_PROJECT, profile="badkey"
    )
    result = run(["records", "--timeout", "2"], fleet_env(tmp_path, sources))
    assert result.returncode == 5  # the first failing source's: network
    assert result.stdout == ""
    assert [line.split()[3] for line in result.stderr.splitlines()] == ["down:", "refused:"]
    assert_clean(result)


def test_password_logins_are_shared_by_sources_of_one_project(fleet: Fleet, tmp_path: Path) -> None:
    """Two sources in north's project share one login; sg's project gets its own."""

    def iam_profile(name: str, sim: SimServer) -> str:
        return (
            f'[profiles.{name}]\niam_endpoint = "{sim.endpoint}"\niam_user = "{DEFAULT_IAM_USER}"\n'
            f'iam_domain = "{DEFAULT_IAM_DOMAIN}"\npassword = "{DEFAULT_IAM_PASSWORD}"\n'
        )

    sources = (
        source_line("north", fleet.north, NORTH_PROJECT, profile="iam-north")
        + source_line("north-again", fleet.north, NORTH_PROJECT, profile="iam-north")
        + source_line("sg", fleet.sg, SG_PROJECT, profile="iam-sg")
    )
    env = fleet_env(
        tmp_path, sources, iam_profile("iam-north", fleet.north) + iam_profile("iam-sg", fleet.sg)
    )
    fleet.north.clear_log()
    fleet.sg.clear_log()
    result = run(["records", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert [entry["count"] > 0 for entry in json.loads(result.stdout)["sources"]] == [True] * 3

    def requests(sim: SimServer) -> list[tuple[str, int, str]]:
        return sorted((e.method, e.status, e.auth_kind) for e in sim.request_log)

    assert requests(fleet.north) == [("GET", 200, "token")] * 2 + [("POST", 201, "password")]
    assert requests(fleet.sg) == [("GET", 200, "token"), ("POST", 201, "password")]
    assert_clean(result)


def test_watch_source_colon_id_watches_there(fleet: Fleet, tmp_path: Path) -> None:
    operation_id = fleet.twin.operation_ids()[-1]  # the oldest: ended
    sources = source_line("north", fleet.north, NORTH_PROJECT)
    env = fleet_env(tmp_path, sources + source_line("twin", fleet.twin, TWIN_PROJECT))
    fleet.north.clear_log()
    fleet.twin.clear_log()
    result = run(["watch", f"twin:{operation_id}", "--interval", "1"], env)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"Watching {operation_id} (") and " of source twin: " in first
    assert fleet.north.request_log == []  # named: no search
    assert [e.query.get("operation_id") for e in fleet.twin.request_log] == [operation_id]
    assert_clean(result)


def test_watch_finds_a_bare_id_in_the_one_source_that_has_it(fleet: Fleet, tmp_path: Path) -> None:
    operation_id = fleet.sg.operation_ids()[-1]
    fleet.north.clear_log()
    result = run(["watch", operation_id, "--interval", "1"], two_sources(tmp_path, fleet))
    assert result.returncode == 0, result.stderr
    assert " of source sg: " in result.stdout.splitlines()[0]
    assert [e.query.get("operation_id") for e in fleet.north.request_log] == [operation_id]
    assert_clean(result)


def test_watch_refuses_an_id_found_in_several_sources_listing_the_forms(
    fleet: Fleet, tmp_path: Path
) -> None:
    operation_id = fleet.north.operation_ids()[-1]
    assert operation_id in fleet.twin.operation_ids()
    sources = source_line("north", fleet.north, NORTH_PROJECT)
    env = fleet_env(tmp_path, sources + source_line("twin", fleet.twin, TWIN_PROJECT))
    result = run(["watch", operation_id], env)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "several sources (north, twin)" in line
    assert f"bcs-tui watch north:{operation_id} or bcs-tui watch twin:{operation_id}" in line
    assert_clean(result)


def test_watch_of_an_unknown_source_lists_the_sources(fleet: Fleet, tmp_path: Path) -> None:
    operation_id = fleet.north.operation_ids()[-1]
    result = run(["watch", f"south:{operation_id}"], two_sources(tmp_path, fleet))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "'south' is not a source name either (sources: north, sg)" in line
    assert_clean(result)


def test_watch_search_reports_a_failing_source_and_still_watches_where_the_id_is(
    fleet: Fleet, tmp_path: Path
) -> None:
    sources = source_line("refused", fleet.north, NORTH_PROJECT, profile="badkey") + source_line(
        "sg", fleet.sg, SG_PROJECT
    )
    env = fleet_env(tmp_path, sources)
    found = run(["watch", fleet.sg.operation_ids()[-1], "--interval", "1"], env)
    assert found.returncode == 0, found.stderr
    assert " of source sg: " in found.stdout.splitlines()[0]
    (warning,) = found.stderr.splitlines()
    assert warning.startswith("bcs-tui: warning: source refused could not be searched: HTTP 401")
    # Not found where the search worked, but it may be where it failed: that error decides.
    missing = run(["watch", "BCSSVC01-99-1"], env)
    assert missing.returncode == 3
    assert missing.stderr.splitlines()[-1].startswith("bcs-tui: error: HTTP 401 BCS.4010401")
    assert_clean(found)
    assert_clean(missing)
