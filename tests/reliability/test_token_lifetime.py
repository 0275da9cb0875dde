"""A short-lived IAM token is reused, not renewed before every request (found by the matrix:
a token living less than the 5-minute refresh margin cost one login per request)."""

from bcs_tui.api.auth import IamPasswordAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.base.timefmt import NS_PER_MIN
from bcs_tui.sim.defaults import (
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
)
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock


async def test_a_token_shorter_lived_than_the_margin_is_still_reused() -> None:
    clock = ManualClock.following_real_time()
    with SimServer(SimConfig(records=2, clock=clock, token_ttl_ns=2 * NS_PER_MIN)) as sim:
        auth = IamPasswordAuth(
            sim.endpoint,
            DEFAULT_IAM_USER,
            DEFAULT_IAM_PASSWORD,
            DEFAULT_IAM_DOMAIN,
            DEFAULT_PROJECT_ID,
            clock=clock,
            allow_http=True,
        )
        async with BcsClient(
            endpoint=sim.endpoint, project_id=DEFAULT_PROJECT_ID, auth=auth
        ) as client:
            for _ in range(5):
                await client.list_records()
            assert auth.logins == 1
            # Past half its life, it is renewed ahead of time, once.
            clock.advance(NS_PER_MIN + NS_PER_MIN // 10)
            for _ in range(3):
                await client.list_records()
            assert auth.logins == 2
        statuses = [entry.status for entry in sim.request_log]
        assert 401 not in statuses
