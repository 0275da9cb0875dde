"""The simulator's blockchain endpoints: its chains, statuses that follow its operations,
credentials checked like the records endpoint, and the documented error bodies."""

import httpx
import pytest

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.blockchains import PROCESS_BY_OPERATION
from bcs_tui.sim.catalog import BLOCKCHAIN_RESOURCE_TYPES
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock

from .helpers import signed_headers, token_headers


def chains_path(server: SimServer, suffix: str = "") -> str:
    return f"/v2/{server.config.project_id}/blockchains{suffix}"


def expected_process(server: SimServer, now_ns: int) -> dict[str, str]:
    """By chain, what its newest blockchain operation not ended yet says it is doing."""
    expected = {chain.blockchain_id: "" for chain in server.simulation.blockchains}
    running = [
        record
        for record in server.simulation.records(now_ns, {})
        if record["operation_status"] in ("waiting", "processing")
        and record["resource_type"] in BLOCKCHAIN_RESOURCE_TYPES
    ]
    for record in reversed(running):  # oldest first: the newest wins
        expected[record["blockchain_id"]] = PROCESS_BY_OPERATION[record["operation_type"]]
    return expected


def served_process(server: SimServer, client: httpx.Client) -> dict[str, str]:
    served = {}
    for chain in server.simulation.blockchains:
        answer = client.get(chains_path(server, f"/{chain.blockchain_id}"))
        answer.raise_for_status()
        served[chain.blockchain_id] = answer.json()["basic_info"]["process_status"]
    return served


def test_process_statuses_follow_the_operations(
    server: SimServer, client: httpx.Client, clock: ManualClock
) -> None:
    client.headers.update(token_headers(server))
    seen: set[str] = set()
    for _ in range(60):
        clock.advance(7 * NS_PER_S)
        expected = expected_process(server, clock())
        assert served_process(server, client) == expected
        seen |= set(expected.values())
        if "IsUpgrading" in seen and "" in seen and len(seen) >= 3:
            break
    assert {"IsUpgrading", ""} <= seen and len(seen) >= 3


def test_one_chain_has_lost_its_elastic_ip(server: SimServer, client: httpx.Client) -> None:
    client.headers.update(token_headers(server))
    listed = client.get(chains_path(server)).json()
    ids = [chain.blockchain_id for chain in server.simulation.blockchains]
    assert [item["id"] for item in listed["blockchains"]] == ids and listed["count"] == 6
    broken = []
    for chain_id in ids:
        basic = client.get(chains_path(server, f"/{chain_id}")).json()["basic_info"]
        parts = client.get(chains_path(server, f"/{chain_id}/status")).json()
        if basic["status"] != "Normal":
            broken.append((basic["status"], parts["eip"]["status"]))
            assert "not bound" in parts["eip"]["detail"]
        else:
            assert parts["eip"]["status"] == "Normal"
    assert broken == [("Abnormal", "Abnormal")]


@pytest.mark.parametrize("suffix", ["", "/x", "/x/status"])
def test_credentials_are_checked(server: SimServer, client: httpx.Client, suffix: str) -> None:
    path = chains_path(server, suffix)
    unsigned = client.get(path)
    assert unsigned.status_code == 401 and unsigned.json()["error_code"] == "BCS.4010401"
    signed = client.get(path, headers=signed_headers(server, path=path))
    assert signed.status_code == (200 if suffix == "" else 404)
    tampered = signed_headers(server, path=path, sk="wrong")
    assert client.get(path, headers=tampered).status_code == 401


def test_unknown_chains_and_paths_answer_404_with_the_error_body(
    server: SimServer, client: httpx.Client
) -> None:
    client.headers.update(token_headers(server))
    unknown = client.get(chains_path(server, "/no-such-chain/status"))
    assert unknown.status_code == 404
    body = unknown.json()
    assert set(body) == {"error_code", "error_msg"} and "no-such-chain" in body["error_msg"]
    assert client.get(chains_path(server, "/a/b/c")).status_code == 404
    other_project = client.get("/v2/other/blockchains")
    assert other_project.status_code == 403
