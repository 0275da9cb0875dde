"""The blockchain calls of the real client against the real simulator over loopback."""

import httpx
import pytest

from bcs_tui.api.auth import AkSkAuth, TokenAuth
from bcs_tui.api.errors import ApiError, AuthError, BadResponseError
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock

from .conftest import ClientFactory, RecordingSleep, list_gets

CHAINS = f"/v2/{DEFAULT_PROJECT_ID}/blockchains"


async def test_lists_the_chains_the_records_name(
    sim: SimServer, make_client: ClientFactory
) -> None:
    client = make_client()
    chains = await client.list_blockchains()
    records = (await client.list_records()).records
    assert chains.count == len(chains.blockchains) == 6
    named = {(chain.id, chain.name) for chain in chains.blockchains}
    assert {(record.blockchain_id, record.blockchain_name) for record in records} <= named
    entry = sim.request_log[0]
    assert (entry.path, entry.query, entry.auth_kind) == (CHAINS, {}, "aksk")


async def test_detail_and_status_of_each_chain(sim: SimServer, make_client: ClientFactory) -> None:
    client = make_client()
    statuses: dict[str, str | None] = {}
    for chain in (await client.list_blockchains()).blockchains:
        assert chain.id is not None
        detail = await client.show_blockchain_detail(chain.id)
        assert (detail.basic_info.id, detail.basic_info.name) == (chain.id, chain.name)
        assert detail.basic_info.version and detail.basic_info.consensus
        assert isinstance(detail.basic_info.is_support_rollback, bool)
        assert sim.request_log[-1].path == f"{CHAINS}/{chain.id}"
        status = await client.show_blockchain_status(chain.id)
        assert sim.request_log[-1].path == f"{CHAINS}/{chain.id}/status"
        parts = dict(status.parts())
        assert {"BCS", "Elastic IP"} <= set(parts)
        statuses[chain.id] = detail.basic_info.status
        if detail.basic_info.status == "Abnormal":
            assert parts["Elastic IP"].status == "Abnormal"
            assert "not bound" in (parts["Elastic IP"].detail or "")
    assert sorted(statuses.values()) == ["Abnormal"] + ["Normal"] * 5


async def test_an_unknown_chain_is_a_404_not_retried(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sleep = RecordingSleep()
    client = make_client(sleep=sleep)
    for call in (client.show_blockchain_detail, client.show_blockchain_status):
        with pytest.raises(ApiError) as raised:
            await call("no-such-chain")
        assert raised.value.status == 404
        assert raised.value.error_msg is not None and "no-such-chain" in raised.value.error_msg
        assert raised.value.request_id is not None
    assert list_gets(sim) == [404, 404] and sleep.delays == []


async def test_an_id_with_a_slash_stays_one_path_segment(make_client: ClientFactory) -> None:
    sent: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.raw_path)
        return httpx.Response(404, json={"error_code": "BCS.4004011", "error_msg": "no"})

    client = make_client(transport=httpx.MockTransport(answer))
    with pytest.raises(ApiError):
        await client.show_blockchain_status("a/../b c")
    assert sent == [f"{CHAINS}/a%2F..%2Fb%20c/status".encode()]


async def test_a_500_is_retried_then_reported(sim: SimServer, make_client: ClientFactory) -> None:
    sleep = RecordingSleep()
    client = make_client(sleep=sleep)
    sim.set_faults({"500"})
    with pytest.raises(ApiError) as raised:
        await client.list_blockchains()
    assert raised.value.status == 500 and raised.value.error_code == "BCS.5000500"
    assert list_gets(sim) == [500, 500, 500] and len(sleep.delays) == 2


async def test_a_500_that_heals_is_not_seen(sim: SimServer, make_client: ClientFactory) -> None:
    sim.set_faults({"500"})
    client = make_client(sleep=RecordingSleep(on_sleep=lambda: sim.set_faults(())))
    chains = (await client.list_blockchains()).blockchains
    assert chains[0].id is not None
    status = await client.show_blockchain_status(chains[0].id)
    assert status.bcs is not None and list_gets(sim) == [500, 200, 200]


async def test_a_truncated_body_is_a_bad_response(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sim.set_faults({"malformed-json"})
    with pytest.raises(BadResponseError):
        await make_client().list_blockchains()


async def test_token_auth_works_and_bad_keys_are_refused(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    by_token = make_client(auth=TokenAuth(DEFAULT_TOKEN))
    assert (await by_token.list_blockchains()).count == 6
    assert sim.request_log[-1].auth_kind == "token"
    wrong = AkSkAuth(DEFAULT_AK, "not-the-secret", DEFAULT_PROJECT_ID, clock=clock)
    with pytest.raises(AuthError) as raised:
        await make_client(auth=wrong).show_blockchain_detail("anything")
    assert raised.value.status == 401


async def test_another_project_is_forbidden(sim: SimServer, make_client: ClientFactory) -> None:
    with pytest.raises(AuthError) as raised:
        await make_client(project_id="someone-else").list_blockchains()
    assert raised.value.status == 403


def test_only_get_is_allowed(sim: SimServer) -> None:
    answer = httpx.post(sim.endpoint + CHAINS, headers={"X-Auth-Token": DEFAULT_TOKEN})
    assert answer.status_code == 405
