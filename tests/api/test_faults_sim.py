"""Each simulator fault mode: the right exception, a bounded number of tries, recorded backoff."""

import random
import time

import pytest

from bcs_tui.api.errors import ApiError, BadResponseError, NetworkError
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.base.safe_text import safe_text
from bcs_tui.sim.hostile import ESC
from bcs_tui.sim.server import SimServer

from .conftest import TINY_RETRY, ClientFactory, RecordingSleep, list_gets


async def test_500_is_retried_then_reported(sim: SimServer, make_client: ClientFactory) -> None:
    sim.set_faults({"500"})
    sleep = RecordingSleep()
    with pytest.raises(ApiError) as caught:
        await make_client(sleep=sleep).list_records()
    assert (caught.value.status, caught.value.error_code) == (500, "BCS.5000500")
    assert caught.value.error_msg == "Internal Server Error"
    assert list_gets(sim) == [500, 500, 500]
    assert len(sleep.delays) == 2
    for attempt, delay in enumerate(sleep.delays, start=1):
        assert 0 <= delay <= TINY_RETRY.backoff_cap_s(attempt)


async def test_a_transient_500_heals_on_retry(sim: SimServer, make_client: ClientFactory) -> None:
    sim.set_faults({"500"})
    sleep = RecordingSleep(on_sleep=lambda: sim.set_faults(()))
    result = await make_client(sleep=sleep).list_records()
    assert result.count > 0
    assert list_gets(sim) == [500, 200]
    assert len(sleep.delays) == 1


async def test_backoff_delays_are_the_seeded_jitter(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sim.set_faults({"500"})
    policy = RetryPolicy(attempts=4, base_delay_s=1.0, max_delay_s=3.0)
    sleep = RecordingSleep()
    with pytest.raises(ApiError):
        await make_client(sleep=sleep, retry=policy, rng=random.Random(5)).list_records()
    expected_rng = random.Random(5)
    assert sleep.delays == [expected_rng.uniform(0, cap) for cap in (1.0, 2.0, 3.0)]


async def test_429_honours_retry_after(sim: SimServer, make_client: ClientFactory) -> None:
    sim.set_faults({"429"})
    sleep = RecordingSleep()
    with pytest.raises(ApiError) as caught:
        await make_client(sleep=sleep).list_records()
    assert (caught.value.status, caught.value.error_code) == (429, "APIGW.0308")
    assert list_gets(sim) == [429, 429, 429]
    assert sleep.delays == [1.0, 1.0]  # the simulator's Retry-After: 1


async def test_html_502_says_non_json_without_dumping_html(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sim.set_faults({"html-502"})
    with pytest.raises(ApiError) as caught:
        await make_client().list_records()
    assert caught.value.status == 502
    assert caught.value.error_msg == "non-JSON response (text/html)"
    assert "<html" not in str(caught.value) and "nginx" not in str(caught.value)
    assert list_gets(sim) == [502, 502, 502]


async def test_malformed_json_is_a_bad_response_not_retried(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sim.set_faults({"malformed-json"})
    sleep = RecordingSleep()
    with pytest.raises(BadResponseError, match="not JSON"):
        await make_client(sleep=sleep).list_records()
    assert list_gets(sim) == [200]
    assert sleep.delays == []


async def test_hang_times_out_quickly_as_a_network_error(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sim.set_faults({"hang"})
    sleep = RecordingSleep()
    client = make_client(sleep=sleep, timeout_s=0.2, retry=RetryPolicy(attempts=2))
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        await client.list_records()
    elapsed = time.monotonic() - started
    assert "timed out after 0.2 s" in str(caught.value)
    assert f"127.0.0.1:{sim.port}" in str(caught.value)
    assert list_gets(sim) == [0, 0]  # both attempts left hanging by the server
    assert len(sleep.delays) == 1
    assert elapsed < 3.0  # two 0.2 s timeouts, far from the 15 s default


async def test_drift_keeps_good_records_and_marks_bad_ones(
    sim: SimServer, make_client: ClientFactory
) -> None:
    client = make_client()
    normal = await client.list_records()
    sim.set_faults({"drift"})
    drifted = await client.list_records()
    invalid = [record for record in drifted.records if not record.is_valid]
    valid = [record for record in drifted.records if record.is_valid]
    assert len(invalid) == 2  # a bare string and a null where records should be
    assert all(record.invalid_reason for record in invalid)
    assert {r.operation_id for r in valid} == {r.operation_id for r in normal.records}
    assert drifted.count == len(drifted.records)  # "count" arrived as a string
    assert all(len(record.message) == 1 for record in valid)  # bare string message


async def test_hostile_text_arrives_intact_for_the_ui_to_neutralise(
    sim: SimServer, make_client: ClientFactory
) -> None:
    sim.set_faults({"hostile"})
    result = await make_client().list_records()
    assert result.records and all(record.is_valid for record in result.records)
    names = " ".join(record.blockchain_name or "" for record in result.records)
    assert ESC in names  # the client does not alter data ...
    assert ESC not in safe_text(names)  # ... the one cleaning helper does, at display time
    assert all(len(record.desc or "") == 10_000 for record in result.records)
