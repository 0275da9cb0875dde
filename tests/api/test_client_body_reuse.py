"""A poll whose body did not change costs a hash, not a parse: the client hands back the
very same (immutable) result, which lets the dashboard skip all its work too."""

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock

from .conftest import ClientFactory


async def test_an_unchanged_body_returns_the_same_result(make_client: ClientFactory) -> None:
    client = make_client()
    first = await client.list_records()
    second = await client.list_records()
    assert second is first


async def test_a_changed_body_is_parsed_again(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    client = make_client()
    first = await client.list_records()
    clock.advance(24 * 3600 * NS_PER_S)  # operations progress and new ones appear
    second = await client.list_records()
    assert second is not first
    assert {r.operation_id for r in second.records} == set(sim.operation_ids())
