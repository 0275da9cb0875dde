"""``bcs-tui sources --discover`` and the demo's sources, run as the real program against
the real fleet simulator over loopback."""

import json
import os
import socket
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.exit_codes import ExitCode
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
    DEFAULT_TOKEN,
)
from bcs_tui.sim.fleet import DEMO_FLEET, DEMO_UNSERVED, NORTH_TEST, SINGAPORE
from bcs_tui.sim.server import SimConfig, SimServer
from tests.environment import clean_environment
from tests.test_cli import assert_no_traceback, run

SECRETS = (DEFAULT_SK, DEFAULT_TOKEN, DEFAULT_IAM_PASSWORD)
FLEET_IDS = [DEFAULT_PROJECT_ID, NORTH_TEST.project_id, SINGAPORE.project_id]


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    config = SimConfig(records=3, fleet=DEMO_FLEET, unserved_projects=DEMO_UNSERVED)
    with SimServer(config) as server:
        yield server


def iam_env(tmp_path: Path, sim: SimServer, **values: str) -> dict[str, str]:
    return {
        **clean_environment(tmp_path),
        "HUAWEICLOUD_SDK_IAM_ENDPOINT": sim.endpoint,
        **values,
    }


def aksk(tmp_path: Path, sim: SimServer, sk: str = DEFAULT_SK) -> dict[str, str]:
    return iam_env(tmp_path, sim, HUAWEICLOUD_SDK_AK=DEFAULT_AK, HUAWEICLOUD_SDK_SK=sk)


def assert_no_secret(result: subprocess.CompletedProcess[str]) -> None:
    for secret in SECRETS:
        assert secret not in result.stdout and secret not in result.stderr


def test_aksk_finds_each_region_s_projects_and_prints_a_ready_snippet(
    tmp_path: Path, sim: SimServer
) -> None:
    """No project ID needed; the disabled project and the one where BCS does not run are
    left out; the sub-project is found under its region's project."""
    result = run(["sources", "--discover"], aksk(tmp_path, sim))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SOURCE", "REGION", "PROJECT", "ID", "PROJECT", "NAME"]
    assert [line.split() for line in lines[1:4]] == [
        ["cn-north-4", "cn-north-4", DEFAULT_PROJECT_ID, "cn-north-4"],
        ["cn-north-4-test", "cn-north-4", NORTH_TEST.project_id, NORTH_TEST.name],
        ["ap-southeast-1", "ap-southeast-1", SINGAPORE.project_id, SINGAPORE.name],
    ]
    assert lines[4] == "3 projects"
    snippet = result.stdout[result.stdout.index("sources = [") :]
    sources = tomllib.loads(snippet)["sources"]
    assert [source["project_id"] for source in sources] == FLEET_IDS
    assert all("endpoint" not in source for source in sources)
    for unserved in DEMO_UNSERVED:
        assert unserved.project_id not in result.stdout
    assert_no_secret(result)
    assert_no_traceback(result)


def test_a_token_lists_every_project_at_once_as_json(tmp_path: Path, sim: SimServer) -> None:
    env = iam_env(tmp_path, sim, BCS_TUI_AUTH_TOKEN=DEFAULT_TOKEN)
    result = run(["sources", "--discover", "--json"], env)
    assert result.returncode == 0, result.stderr
    projects = json.loads(result.stdout)["projects"]
    assert [p["project_id"] for p in projects] == FLEET_IDS
    assert projects[1] == {
        "name": "cn-north-4-test",
        "region": "cn-north-4",
        "project_id": NORTH_TEST.project_id,
        "project_name": NORTH_TEST.name,
    }
    assert sim.request_log[-1].path == "/v3/auth/projects"
    assert_no_secret(result)


def test_a_password_login_discovers_from_any_one_project(tmp_path: Path, sim: SimServer) -> None:
    login = {
        "BCS_TUI_IAM_USER": DEFAULT_IAM_USER,
        "BCS_TUI_IAM_PASSWORD": DEFAULT_IAM_PASSWORD,
        "BCS_TUI_IAM_DOMAIN": DEFAULT_IAM_DOMAIN,
    }
    without = run(["sources", "--discover"], iam_env(tmp_path, sim, **login))
    assert without.returncode == ExitCode.USAGE
    assert "--project-id" in without.stderr
    env = iam_env(tmp_path, sim, **login, HUAWEICLOUD_SDK_PROJECT_ID=SINGAPORE.project_id)
    result = run(["sources", "--discover", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert [p["project_id"] for p in json.loads(result.stdout)["projects"]] == FLEET_IDS
    assert [entry.auth_kind for entry in sim.request_log[-2:]] == ["password", "token"]
    assert_no_secret(result)
    assert_no_secret(without)


def test_bad_credentials_exit_3_without_a_secret(tmp_path: Path, sim: SimServer) -> None:
    wrong = "wrong-secret-key-Zq93"
    result = run(["sources", "--discover"], aksk(tmp_path, sim, sk=wrong))
    assert result.returncode == ExitCode.AUTH, result.stderr
    assert "HTTP 401" in result.stderr
    assert wrong not in result.stderr + result.stdout
    assert_no_traceback(result)


def test_an_unreachable_iam_exits_5(tmp_path: Path, sim: SimServer) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    env = {**aksk(tmp_path, sim), "HUAWEICLOUD_SDK_IAM_ENDPOINT": f"http://127.0.0.1:{port}"}
    result = run(["sources", "--discover", "--timeout", "2"], env)
    assert result.returncode == ExitCode.NETWORK, result.stderr
    assert_no_traceback(result)


def test_the_snippet_with_an_endpoint_is_a_working_profile(tmp_path: Path, sim: SimServer) -> None:
    """Pasted into a profile, the discovered sources resolve as they were found."""
    found = run(["sources", "--discover", "--endpoint", sim.endpoint], aksk(tmp_path, sim))
    assert found.returncode == 0, found.stderr
    snippet = found.stdout[found.stdout.index("sources = [") :]
    config = tmp_path / ".config" / "bcs-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f"[profiles.found]\n{snippet}", encoding="utf-8")
    os.chmod(config, 0o600)
    listed = run(["sources", "--json", "--profile", "found"], aksk(tmp_path, sim))
    assert listed.returncode == 0, listed.stderr
    sources = json.loads(listed.stdout)["sources"]
    assert [source["project_id"] for source in sources] == FLEET_IDS
    assert {source["endpoint"] for source in sources} == {sim.endpoint}


def test_the_demo_shows_three_sources_of_its_own_simulator(tmp_path: Path) -> None:
    result = run(["sources", "--demo", "--json"], clean_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    sources = json.loads(result.stdout)["sources"]
    assert [(s["name"], s["region"], s["project_id"]) for s in sources] == [
        ("north", "cn-north-4", DEFAULT_PROJECT_ID),
        ("north-test", "cn-north-4", NORTH_TEST.project_id),
        ("sg", "ap-southeast-1", SINGAPORE.project_id),
    ]
    assert len({s["endpoint"] for s in sources}) == 1
    narrowed = run(["sources", "--demo", "--source", "sg"], clean_environment(tmp_path))
    assert narrowed.stdout.splitlines()[-1] == "1 source"
    unknown = run(["sources", "--demo", "--source", "east"], clean_environment(tmp_path))
    assert unknown.returncode == ExitCode.USAGE
    assert "no source 'east' in the demo" in unknown.stderr


def test_insecure_discovery_warns_that_tls_is_not_verified(tmp_path: Path, sim: SimServer) -> None:
    result = run(["sources", "--discover", "--insecure"], aksk(tmp_path, sim))
    assert result.returncode == 0, result.stderr
    assert "WARNING: TLS certificate verification is OFF" in result.stderr


def test_demo_discovery_suggests_no_endpoint_of_its_stopped_simulator(tmp_path: Path) -> None:
    result = run(["sources", "--discover", "--demo"], clean_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    snippet = result.stdout[result.stdout.index("sources = [") :]
    sources = tomllib.loads(snippet)["sources"]
    assert [source["project_id"] for source in sources] == FLEET_IDS
    assert all("endpoint" not in source for source in sources)
    assert "127.0.0.1" not in result.stdout
    assert "demo simulator's projects; it stopped" in result.stderr
