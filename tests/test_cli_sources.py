"""``bcs-tui sources`` and ``--source``, run as the real program on real files."""

import json
import os
import subprocess
from pathlib import Path

from tests.environment import clean_environment
from tests.test_cli import assert_no_traceback, run

SK = "sk-sources-probe-Qz71"
TOKEN = "token-sources-probe-Wx52"
PASSWORD = "pw-sources-probe-Lk38"
AK = "AKSOURCESPROBE0042"
SECRETS = (SK, TOKEN, PASSWORD, AK)

CONFIG = f"""
default_profile = "fleet"
[profiles.fleet]
ak = "{AK}"
sk = "{SK}"
sources = [
  {{ name = "north", region = "cn-north-4", project_id = "0a1b" }},
  {{ name = "sg", region = "ap-southeast-1", project_id = "9f8e", endpoint = "https://sg.test" }},
  {{ name = "audit", profile = "audit-account", region = "cn-south-1", project_id = "77aa" }},
]
[profiles.audit-account]
iam_user = "auditor"
iam_domain = "acme"
password = "{PASSWORD}"
[profiles.solo]
region = "cn-north-1"
project_id = "p1"
token = "{TOKEN}"
"""


def fleet_env(home: Path) -> dict[str, str]:
    path = home / ".config" / "bcs-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONFIG, encoding="utf-8")
    os.chmod(path, 0o600)
    regions = home / ".huaweicloud" / "regions.yaml"
    regions.parent.mkdir(parents=True, exist_ok=True)
    regions.write_text("BCS:\n  - id: cn-north-4\n    endpoint: https://north.example.com\n")
    return clean_environment(home)


def assert_no_secret(result: subprocess.CompletedProcess[str]) -> None:
    for secret in SECRETS:
        assert secret not in result.stdout and secret not in result.stderr


def test_sources_prints_a_table_of_the_resolved_sources(tmp_path: Path) -> None:
    result = run(["sources"], fleet_env(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "NAME",
        "REGION",
        "PROJECT",
        "ID",
        "ENDPOINT",
        "CREDENTIALS",
        "AUTH",
    ]
    assert lines[1].split() == [
        "north", "cn-north-4", "0a1b", "https://north.example.com", "fleet", "aksk",
    ]  # fmt: skip
    assert lines[2].split()[3] == "https://sg.test"
    assert lines[3].split() == [
        "audit", "cn-south-1", "77aa", "https://bcs.cn-south-1.myhuaweicloud.com",
        "audit-account", "password",
    ]  # fmt: skip
    assert lines[-1] == "3 sources"
    assert_no_secret(result)


def test_sources_json_narrowed_by_source(tmp_path: Path) -> None:
    result = run(["sources", "--json", "--source", "audit", "--source", "sg"], fleet_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "sources": [
            {
                "name": "sg",
                "region": "ap-southeast-1",
                "project_id": "9f8e",
                "endpoint": "https://sg.test",
                "credentials_profile": "fleet",
                "auth": "aksk",
            },
            {
                "name": "audit",
                "region": "cn-south-1",
                "project_id": "77aa",
                "endpoint": "https://bcs.cn-south-1.myhuaweicloud.com",
                "credentials_profile": "audit-account",
                "auth": "password",
            },
        ]
    }
    assert_no_secret(result)


def test_a_profile_without_sources_prints_its_one_source(tmp_path: Path) -> None:
    result = run(["sources", "--json", "--profile", "solo"], fleet_env(tmp_path))
    assert result.returncode == 0, result.stderr
    (only,) = json.loads(result.stdout)["sources"]
    assert only["name"] == "solo" and only["auth"] == "token"
    assert only["endpoint"] == "https://bcs.cn-north-1.myhuaweicloud.com"
    assert_no_secret(result)


def test_an_unknown_source_is_a_usage_error_listing_the_known_ones(tmp_path: Path) -> None:
    result = run(["sources", "--source", "south"], fleet_env(tmp_path))
    assert result.returncode == 2
    assert "no source 'south'" in result.stderr and "north, sg, audit" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)
    assert_no_secret(result)


def test_a_bare_token_for_several_sources_is_shown_then_refused_without_showing_it(
    tmp_path: Path,
) -> None:
    """``sources`` shows what would be resolved (its point) and says why it cannot serve;
    every other command refuses before asking anything."""
    env = {**fleet_env(tmp_path), "BCS_TUI_AUTH_TOKEN": TOKEN}
    result = run(["sources"], env)
    assert result.returncode == 2
    rows = [line.split() for line in result.stdout.splitlines()[1:-1]]
    assert [(row[0], row[-1]) for row in rows] == [
        ("north", "token"),
        ("sg", "token"),
        ("audit", "token"),
    ]
    assert result.stdout.splitlines()[-1] == "3 sources"
    (line,) = result.stderr.splitlines()
    assert line.startswith("bcs-tui: error: BCS_TUI_AUTH_TOKEN is one IAM token")
    assert "'north', 'sg'" in line
    assert_no_traceback(result)
    assert_no_secret(result)
    as_json = run(["sources", "--json"], env)
    assert as_json.returncode == 2
    assert [s["name"] for s in json.loads(as_json.stdout)["sources"]] == ["north", "sg", "audit"]
    refused = run(["records"], env)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "BCS_TUI_AUTH_TOKEN is one IAM token" in refused.stderr
    assert_no_secret(refused)
    narrowed = run(["sources", "--source", "north"], env)
    assert narrowed.returncode == 0, narrowed.stderr
    assert narrowed.stdout.splitlines()[1].split()[-1] == "token"
    assert_no_secret(narrowed)
