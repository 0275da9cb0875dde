"""The official SDK (bench extra, not in CI's test install) reads the simulator's blockchain
answers: same member names and types as the provider's. Skipped when it is not installed."""

from collections.abc import Iterator
from typing import Any

import pytest

from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from bcs_tui.sim.server import SimConfig, SimServer

sdk = pytest.importorskip("huaweicloudsdkbcs.v2")
pytest.importorskip("huaweicloudsdkcore")


@pytest.fixture(scope="module")
def sdk_and_sim() -> Iterator[tuple[Any, SimServer]]:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig

    # The SDK signs with the real time: the simulator keeps its default (system) clock.
    with SimServer(SimConfig(records=5)) as server:
        config = HttpConfig.get_default_config()
        config.ignore_ssl_verification = True
        client = (
            sdk.BcsClient.new_builder()
            .with_http_config(config)
            .with_credentials(BasicCredentials(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID))
            .with_endpoints([server.endpoint])
            .build()
        )
        yield client, server


def test_the_sdk_reads_every_chain_and_its_status(sdk_and_sim: tuple[Any, SimServer]) -> None:
    client, server = sdk_and_sim
    listed = client.list_blockchains(sdk.ListBlockchainsRequest())
    ids = [chain.blockchain_id for chain in server.simulation.blockchains]
    assert [chain.id for chain in listed.blockchains] == ids and listed.count == len(ids)
    statuses = []
    for chain_id in ids:
        detail = client.show_blockchain_detail(sdk.ShowBlockchainDetailRequest(chain_id))
        basic = detail.basic_info
        assert basic.id == chain_id and isinstance(basic.is_support_rollback, bool)
        assert detail.peer_info[0].node_cnt >= 1 and detail.channels[0].name == "channel"
        statuses.append(basic.status)
        status = client.show_blockchain_status(sdk.ShowBlockchainStatusRequest(chain_id))
        assert status.bcs.status and status.eip.status in ("Normal", "Abnormal")
    assert statuses.count("Abnormal") == 1
    assert {entry.auth_kind for entry in server.request_log} == {"aksk"}


def test_the_sdk_reports_an_unknown_chain(sdk_and_sim: tuple[Any, SimServer]) -> None:
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

    client, _ = sdk_and_sim
    with pytest.raises(ClientRequestException) as raised:
        client.show_blockchain_detail(sdk.ShowBlockchainDetailRequest("no-such-chain"))
    assert raised.value.status_code == 404 and raised.value.error_code == "BCS.4004011"
