"""``bcs-tui chains``, run as the real program against real simulators over loopback."""

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.sim.blockchains import EIP_BROKEN_INDEX
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_SK
from bcs_tui.sim.server import SimConfig, SimServer
from tests.environment import clean_environment
from tests.test_cli import aksk_env, assert_no_traceback, run

NORTH_PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SG_PROJECT = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer(SimConfig(seed=11, records=25)) as server:
        yield server


def fleet_env(
    home: Path, north: SimServer, sg: SimServer, sg_project: str = SG_PROJECT
) -> dict[str, str]:
    """A profile of two sources, each its own simulator (its own port and project)."""
    north_source = (
        f'name = "north", region = "cn-north-4", project_id = "{NORTH_PROJECT}", '
        f'endpoint = "{north.endpoint}"'
    )
    sg_source = (
        f'name = "sg", region = "ap-southeast-1", project_id = "{sg_project}", '
        f'endpoint = "{sg.endpoint}"'
    )
    path = home / ".config" / "bcs-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""
default_profile = "fleet"
[profiles.fleet]
ak = "{DEFAULT_AK}"
sk = "{DEFAULT_SK}"
sources = [
  {{ {north_source} }},
  {{ {sg_source} }},
]
""",
        encoding="utf-8",
    )
    os.chmod(path, 0o600)
    return clean_environment(home)


def test_chains_table_lists_each_chain_with_status_process_and_version(
    sim: SimServer, tmp_path: Path
) -> None:
    result = run(["chains"], aksk_env(clean_environment(tmp_path), sim))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "ID", "STATUS", "PROCESS", "VERSION"]
    chains = sim.simulation.blockchains
    rows = {line.split()[1]: line.split() for line in lines[1:-1]}
    assert set(rows) == {chain.blockchain_id for chain in chains}
    broken = chains[EIP_BROKEN_INDEX]
    assert rows[broken.blockchain_id][:3] == [broken.name, broken.blockchain_id, "Abnormal"]
    assert all(row[4].startswith("v") for row in rows.values())
    assert lines[-1] == f"{len(chains)} blockchains"
    assert result.stderr == ""


def test_chains_json_for_one_source_keeps_the_apis_shape(sim: SimServer, tmp_path: Path) -> None:
    result = run(["chains", "--json"], aksk_env(clean_environment(tmp_path), sim))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert set(body) == {"blockchains", "count"}
    chains = sim.simulation.blockchains
    assert body["count"] == len(chains)
    assert [item["id"] for item in body["blockchains"]] == [c.blockchain_id for c in chains]
    item = body["blockchains"][EIP_BROKEN_INDEX]
    assert item["name"] == chains[EIP_BROKEN_INDEX].name
    assert item["basic_info"]["status"] == "Abnormal"
    assert isinstance(item["basic_info"]["is_support_rollback"], bool)


def test_a_failing_source_still_prints_the_others_and_exits_with_its_code(
    tmp_path: Path,
) -> None:
    with (
        SimServer(SimConfig(seed=3, records=4, project_id=NORTH_PROJECT)) as north,
        SimServer(SimConfig(seed=5, records=4, project_id=SG_PROJECT)) as sg,
    ):
        env = fleet_env(tmp_path, north, sg)
        healthy = run(["chains"], env)
        assert healthy.returncode == 0, healthy.stderr
        header, *rows, total = healthy.stdout.splitlines()
        assert header.split() == ["SOURCE", "NAME", "ID", "STATUS", "PROCESS", "VERSION"]
        counts = {"north": len(north.simulation.blockchains), "sg": len(sg.simulation.blockchains)}
        assert [row.split()[0] for row in rows] == ["north"] * counts["north"] + ["sg"] * counts[
            "sg"
        ]
        assert total == f"{sum(counts.values())} blockchains"

        # The sg source names a project its endpoint does not serve.
        env = fleet_env(tmp_path, north, sg, sg_project="0" * 32)
        table = run(["chains", "--timeout", "2"], env)
        assert table.returncode == 3
        assert [row.split()[0] for row in table.stdout.splitlines()[1:-1]] == ["north"] * (
            counts["north"]
        )
        assert table.stdout.splitlines()[-1] == (
            f"{counts['north']} blockchains from 1 of 2 sources (failed: sg)"
        )
        assert "source sg: HTTP 403" in table.stderr
        assert len(table.stderr.strip().splitlines()) == 1
        assert_no_traceback(table)

        answer = run(["chains", "--json", "--timeout", "2"], env)
        assert answer.returncode == 3
        body = json.loads(answer.stdout)
        north_json, sg_json = body["sources"]
        assert north_json["name"] == "north" and north_json["project_id"] == NORTH_PROJECT
        assert north_json["region"] == "cn-north-4"
        assert north_json["count"] == counts["north"] == len(north_json["blockchains"])
        assert sg_json["name"] == "sg" and "blockchains" not in sg_json
        assert sg_json["error"]["http_status"] == 403
        assert set(sg_json["error"]) == {"http_status", "error_code", "error_msg", "request_id"}

        # Narrowed to the failing source alone: reported as `records` reports an error
        # (403 refused: exit 3).
        alone = run(["chains", "--source", "sg", "--timeout", "2"], env)
        assert alone.returncode == 3
        assert alone.stdout == ""
        assert alone.stderr.startswith("bcs-tui: error: HTTP 403")
        assert_no_traceback(alone)


def test_every_source_failing_prints_no_empty_table_only_the_errors(tmp_path: Path) -> None:
    with (
        SimServer(SimConfig(seed=3, records=4, project_id=SG_PROJECT)) as north,
        SimServer(SimConfig(seed=5, records=4, project_id=NORTH_PROJECT)) as sg,
    ):
        # Each source names a project its endpoint does not serve: both refused (403).
        result = run(["chains", "--timeout", "2"], fleet_env(tmp_path, north, sg))
    assert result.returncode == 3
    assert result.stdout == ""
    assert [line.split()[3] for line in result.stderr.splitlines()] == ["north:", "sg:"]
    assert_no_traceback(result)
