"""The simulator serves a fleet: several projects in two regions, each with its own
operations and blockchains, IAM's project listings, and faults that hit one project while
the others answer."""

import time
from collections.abc import Iterator

import httpx
import pytest

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from bcs_tui.sim.fleet import (
    DEMO_FLEET,
    DEMO_UNSERVED,
    NORTH_TEST,
    SINGAPORE,
    generated_fleet,
)
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock

from .helpers import START_NS, list_path, signed_headers, token_headers
from .test_iam_login import login

PERIOD_NS = 30 * NS_PER_S


@pytest.fixture
def fleet(clock: ManualClock) -> Iterator[SimServer]:
    config = SimConfig(
        clock=clock,
        records=30,
        fleet=DEMO_FLEET,
        unserved_projects=DEMO_UNSERVED,
        project_down=SINGAPORE.name,
        down_period_ns=PERIOD_NS,
    )
    with SimServer(config) as running:
        yield running


@pytest.fixture
def http(fleet: SimServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fleet.endpoint, timeout=10) as client:
        yield client


def records_of(http: httpx.Client, server: SimServer, project_id: str) -> httpx.Response:
    return http.get(list_path(server, project_id), headers=token_headers(server))


def test_each_project_serves_its_own_operations_and_chains(
    fleet: SimServer, http: httpx.Client
) -> None:
    ids: dict[str, set[str]] = {}
    for project in fleet.config.projects():
        answer = records_of(http, fleet, project.project_id)
        assert answer.status_code == 200, answer.text
        records = answer.json()["operation_records"]
        assert {record["project_id"] for record in records} == {project.project_id}
        assert len(records) >= project.records
        ids[project.name] = {record["operation_id"] for record in records}
        assert fleet.request_log[-1].project_id == project.project_id
        chains = http.get(f"/v2/{project.project_id}/blockchains", headers=token_headers(fleet))
        served_chains = {chain["id"] for chain in chains.json()["blockchains"]}
        own = fleet.simulation_for(project.project_id).blockchains
        assert served_chains == {chain.blockchain_id for chain in own}
        assert {record["blockchain_id"] for record in records} <= served_chains
    north, test, sg = ids["cn-north-4"], ids[NORTH_TEST.name], ids[SINGAPORE.name]
    assert not north & test and not north & sg and not test & sg


def test_the_default_project_is_unchanged_by_the_fleet(clock: ManualClock) -> None:
    """Same seed, same data: the fleet adds projects beside it, never changes it."""
    alone = SimServer(SimConfig(clock=clock, records=30))
    with alone, SimServer(SimConfig(clock=clock, records=30, fleet=DEMO_FLEET)) as fleet:
        assert fleet.config.projects()[0].project_id == DEFAULT_PROJECT_ID
        assert fleet.operation_ids() == alone.operation_ids()
        assert fleet.simulation.blockchains == alone.simulation.blockchains


def test_a_chain_status_follows_its_own_project(fleet: SimServer, http: httpx.Client) -> None:
    """A chain ID of one project is unknown in another: 404 there."""
    chain = fleet.simulation_for(SINGAPORE.project_id).blockchains[0]
    own = http.get(
        f"/v2/{SINGAPORE.project_id}/blockchains/{chain.blockchain_id}",
        headers=token_headers(fleet),
    )
    other = http.get(
        f"/v2/{DEFAULT_PROJECT_ID}/blockchains/{chain.blockchain_id}",
        headers=token_headers(fleet),
    )
    assert (own.status_code, other.status_code) == (200, 404)


@pytest.mark.parametrize(
    "project_id", ["f" * 32, DEMO_UNSERVED[0].project_id, DEMO_UNSERVED[1].project_id]
)
def test_a_project_not_served_is_refused(
    fleet: SimServer, http: httpx.Client, project_id: str
) -> None:
    answer = records_of(http, fleet, project_id)
    assert answer.status_code == 403
    assert answer.json()["error_code"] == "BCS.4030403"


def test_a_login_token_works_for_its_own_project_only(fleet: SimServer, http: httpx.Client) -> None:
    answer = login(http, fleet, project=NORTH_TEST.project_id)
    assert answer.status_code == 201
    assert answer.json()["token"]["project"]["name"] == NORTH_TEST.name
    headers = {"X-Auth-Token": answer.headers["x-subject-token"]}
    own = http.get(list_path(fleet, NORTH_TEST.project_id), headers=headers)
    other = http.get(list_path(fleet, DEFAULT_PROJECT_ID), headers=headers)
    assert (own.status_code, other.status_code) == (200, 403)
    assert "another project" in other.json()["error_msg"]


def test_a_login_to_a_project_not_served_is_refused(fleet: SimServer, http: httpx.Client) -> None:
    assert login(http, fleet, project=DEMO_UNSERVED[1].project_id).status_code == 401


def listed(answer: httpx.Response) -> dict[str, tuple[str, bool, str]]:
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "links" in body
    return {p["id"]: (p["name"], p["enabled"], p["parent_id"]) for p in body["projects"]}


def test_iam_lists_every_project_of_the_account_with_a_token(
    fleet: SimServer, http: httpx.Client
) -> None:
    token = login(http, fleet).headers["x-subject-token"]
    projects = listed(http.get("/v3/auth/projects", headers={"X-Auth-Token": token}))
    domain = http.get("/v3/auth/projects", headers=token_headers(fleet)).json()["projects"][0]
    north = (fleet.config.project_name, True, domain["domain_id"])
    assert projects == {
        DEFAULT_PROJECT_ID: north,
        NORTH_TEST.project_id: (NORTH_TEST.name, True, DEFAULT_PROJECT_ID),
        SINGAPORE.project_id: (SINGAPORE.name, True, domain["domain_id"]),
        DEMO_UNSERVED[0].project_id: ("cn-south-1", False, domain["domain_id"]),
        DEMO_UNSERVED[1].project_id: ("af-south-1", True, domain["domain_id"]),
    }


def test_iam_lists_a_region_s_projects_to_a_signed_request(
    fleet: SimServer, http: httpx.Client
) -> None:
    def signed_get(query: tuple[tuple[str, str], ...]) -> httpx.Response:
        headers = signed_headers(fleet, path="/v3/projects", query=query)
        return http.get("/v3/projects", params=dict(query), headers=headers)

    by_name = listed(signed_get((("name", "cn-north-4"),)))
    assert list(by_name) == [DEFAULT_PROJECT_ID]
    assert fleet.request_log[-1].auth_kind == "aksk"
    under = listed(signed_get((("parent_id", DEFAULT_PROJECT_ID),)))
    assert list(under) == [NORTH_TEST.project_id]
    assert listed(signed_get((("name", "eu-west-0"),))) == {}


@pytest.mark.parametrize("path", ["/v3/auth/projects", "/v3/projects?name=cn-north-4"])
@pytest.mark.parametrize("headers", [{}, {"X-Auth-Token": "not-a-token"}])
def test_iam_listing_without_valid_credentials_is_401_in_iam_s_shape(
    http: httpx.Client, path: str, headers: dict[str, str]
) -> None:
    answer = http.get(path, headers=headers)
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert (error["code"], error["title"]) == (401, "Unauthorized")


def test_one_project_goes_down_and_comes_back_while_the_others_answer(
    fleet: SimServer, http: httpx.Client, clock: ManualClock
) -> None:
    def statuses() -> list[int]:
        return [records_of(http, fleet, p.project_id).status_code for p in fleet.config.projects()]

    assert statuses() == [200, 200, 200]
    clock.advance(PERIOD_NS)
    assert statuses() == [200, 200, 503]
    down = records_of(http, fleet, SINGAPORE.project_id).json()
    assert down["error_code"] == "BCS.5030503"
    chains = http.get(f"/v2/{SINGAPORE.project_id}/blockchains", headers=token_headers(fleet))
    assert chains.status_code == 503
    clock.advance(PERIOD_NS - 1)
    assert statuses() == [200, 200, 503]
    clock.advance(1)
    assert statuses() == [200, 200, 200]
    clock.advance(PERIOD_NS)
    assert statuses() == [200, 200, 503]
    fleet.set_project_faults()
    assert statuses() == [200, 200, 200]


def test_one_slow_project_delays_only_its_own_answers() -> None:
    delay_s = 0.4
    config = SimConfig(
        clock=ManualClock(START_NS),
        records=5,
        fleet=DEMO_FLEET,
        project_slow=NORTH_TEST.project_id,
        slow_delay_s=delay_s,
    )
    with SimServer(config) as slow, httpx.Client(base_url=slow.endpoint, timeout=10) as http:

        def took(project_id: str) -> float:
            started = time.monotonic()
            assert records_of(http, slow, project_id).status_code == 200
            return time.monotonic() - started

        assert took(NORTH_TEST.project_id) >= delay_s
        assert took(DEFAULT_PROJECT_ID) < delay_s
        assert took(SINGAPORE.project_id) < delay_s


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"project_down": "nowhere"}, "project_down: no project 'nowhere'"),
        ({"project_slow": DEMO_UNSERVED[0].project_id}, "project_slow: no project"),
        ({"fleet": (NORTH_TEST, NORTH_TEST)}, "its own project ID"),
        ({"down_period_ns": 0}, "period"),
        ({"slow_delay_s": -1.0}, "slow delay"),
    ],
)
def test_a_fleet_config_that_cannot_work_is_refused(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        SimConfig(**{"fleet": DEMO_FLEET, **change})  # type: ignore[arg-type]


def test_a_generated_fleet_serves_many_projects_each_its_own() -> None:
    fleet = generated_fleet(5, records=4)
    assert len({project.project_id for project in fleet}) == 5
    assert {project.region for project in fleet} == {"cn-north-4", "ap-southeast-1"}
    config = SimConfig(clock=ManualClock(START_NS), records=4, fleet=fleet, project_slow="fleet-2")
    assert config.project_faults().slow == fleet[1].project_id
    with SimServer(config) as server:
        ids = [set(server.operation_ids(project.project_id)) for project in fleet]
    assert all(len(own) >= 4 for own in ids)
    assert len(set().union(*ids)) == sum(len(own) for own in ids)
