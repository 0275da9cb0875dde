"""The client against the real simulator: records, filters, IDs, and what is sent."""

from pathlib import Path

import pytest

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.errors import AuthError, ConfigError, InvalidFilterError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_SK
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock

from .conftest import ClientFactory, list_gets


async def test_lists_every_record_with_exact_fields(
    sim: SimServer, make_client: ClientFactory
) -> None:
    client = make_client()
    result = await client.list_records()
    assert result.count == len(result.records) >= 12
    assert all(record.is_valid for record in result.records)
    assert {record.operation_id for record in result.records} == set(sim.operation_ids())
    assert all(isinstance(record.record_time, int) for record in result.records)
    assert list_gets(sim) == [200]
    entry = sim.request_log[-1]
    assert entry.path == f"/v2/{client.project_id}/operation/record"
    assert entry.auth_kind == "aksk"
    assert client.last_request_id is not None and len(client.last_request_id) == 32


FILTER_NAMES = [
    "blockchain_id",
    "operation_id",
    "operation_status",
    "resource_type",
    "operation_type",
]


@pytest.mark.parametrize("name", FILTER_NAMES)
async def test_each_filter_reaches_the_server_and_filters(
    name: str, sim: SimServer, make_client: ClientFactory
) -> None:
    client = make_client()
    everything = (await client.list_records()).records
    values = [getattr(record, name) for record in everything]
    # The rarest value present, so filtering visibly removes records.
    value = min(set(values), key=lambda item: (values.count(item), item))
    assert value is not None and values.count(value) < len(values)
    sim.clear_log()
    filtered = (await client.list_records(RecordFilters(**{name: value}))).records
    assert sim.request_log[-1].query == {name: value}
    assert len(filtered) == values.count(value)
    assert all(getattr(record, name) == value for record in filtered)


async def test_several_filters_combine(sim: SimServer, make_client: ClientFactory) -> None:
    client = make_client()
    first = (await client.list_records()).records[0]
    assert first.blockchain_id is not None and first.operation_type is not None
    filters = RecordFilters(blockchain_id=first.blockchain_id, operation_type=first.operation_type)
    result = await client.list_records(filters)
    assert sim.request_log[-1].query == filters.to_query()
    assert first.operation_id in {record.operation_id for record in result.records}
    assert all(
        (record.blockchain_id, record.operation_type) == (first.blockchain_id, first.operation_type)
        for record in result.records
    )


async def test_a_filter_matching_nothing_gives_an_empty_list(make_client: ClientFactory) -> None:
    result = await make_client().list_records(RecordFilters(blockchain_id="no-such-chain"))
    assert (result.count, result.records) == (0, [])


def test_invalid_filters_never_reach_the_network(sim: SimServer) -> None:
    with pytest.raises(InvalidFilterError):
        RecordFilters(operation_status="done")
    assert sim.request_log == []


async def test_wrong_project_is_refused_without_retry(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    other = "ffffffffffffffffffffffffffffffff"
    auth = AkSkAuth(DEFAULT_AK, DEFAULT_SK, other, clock=clock)
    client = make_client(project_id=other, auth=auth)
    with pytest.raises(AuthError) as caught:
        await client.list_records()
    assert (caught.value.status, caught.value.error_code) == (403, "BCS.4030403")
    assert caught.value.request_id == client.last_request_id
    assert list_gets(sim) == [403]


@pytest.mark.parametrize("project_id", ["", "a/b", "x y", "../etc", "p?q", "é"])
def test_bad_project_ids_are_refused(project_id: str, make_client: ClientFactory) -> None:
    with pytest.raises(ConfigError, match="project ID"):
        make_client(project_id=project_id)


@pytest.mark.parametrize("endpoint", ["https://bcs.example.com/v2", "not a url"])
def test_bad_endpoints_are_refused(endpoint: str, make_client: ClientFactory) -> None:
    with pytest.raises(ConfigError):
        make_client(endpoint=endpoint)


def test_missing_ca_bundle_is_a_config_error(make_client: ClientFactory, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CA bundle"):
        make_client(verify=f"{tmp_path}/missing-ca.pem")
