"""Each way of authenticating, good and bad, against the simulator's gateway checks."""

import asyncio
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from bcs_tui.api.auth import AkSkAuth, IamPasswordAuth, TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import AuthError, ConfigError, NetworkError
from bcs_tui.base.timefmt import NS_PER_HOUR, NS_PER_MIN
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
    DEFAULT_TOKEN,
)
from bcs_tui.sim.server import SimServer
from tests.clock import ManualClock
from tests.signing_vectors import REPEATED_KEY

from .conftest import (
    TINY_RETRY,
    ClientFactory,
    RecordingSleep,
    list_gets,
    login_posts,
    start_sim,
)


class TamperedAkSkAuth(AkSkAuth):
    """Signs correctly, then changes one hex digit of the signature."""

    def sign(self, request: httpx.Request) -> None:
        super().sign(request)
        header = request.headers["Authorization"]
        last = "0" if header[-1] != "0" else "1"
        request.headers["Authorization"] = header[:-1] + last


def iam_auth(
    sim: SimServer, clock: ManualClock, password: str = DEFAULT_IAM_PASSWORD
) -> IamPasswordAuth:
    return IamPasswordAuth(
        sim.endpoint,
        DEFAULT_IAM_USER,
        password,
        DEFAULT_IAM_DOMAIN,
        DEFAULT_PROJECT_ID,
        clock=clock,
    )


async def test_aksk_good(sim: SimServer, make_client: ClientFactory) -> None:
    await make_client().list_records()
    assert [(e.status, e.auth_kind) for e in sim.request_log] == [(200, "aksk")]


@pytest.mark.parametrize(
    "auth",
    [
        AkSkAuth(DEFAULT_AK, "wrong-secret-key", DEFAULT_PROJECT_ID),
        TamperedAkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID),
        AkSkAuth("UNKNOWNACCESSKEY0000", DEFAULT_SK, DEFAULT_PROJECT_ID),
    ],
    ids=["wrong-sk", "tampered-signature", "unknown-ak"],
)
async def test_aksk_refused_is_an_auth_error_without_retry(
    auth: AkSkAuth, sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    auth._clock = clock  # signed "now" must match the simulator's clock
    with pytest.raises(AuthError) as caught:
        await make_client(auth=auth).list_records()
    assert (caught.value.status, caught.value.error_code) == (401, "BCS.4010401")
    assert list_gets(sim) == [401]


async def test_aksk_with_a_skewed_clock_is_refused(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    late = ManualClock(clock() + 20 * NS_PER_MIN)
    auth = AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, clock=late)
    with pytest.raises(AuthError, match="too far from the server time"):
        await make_client(auth=auth).list_records()


async def test_aksk_signs_a_repeated_query_key_as_the_simulator_checks_it(
    sim: SimServer, clock: ManualClock
) -> None:
    """The filters never repeat a key, so this sends the out-of-order repeated key of the
    shared signing vector (ignored by the list API) to make the canonical query's value order
    matter: the client's signer and the simulator's own verifier must agree on it."""
    auth = AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, clock=clock)
    query = urlsplit(REPEATED_KEY.url).query
    async with httpx.AsyncClient(base_url=sim.endpoint, auth=auth, timeout=5) as http:
        response = await http.get(f"/v2/{DEFAULT_PROJECT_ID}/operation/record?{query}")
    assert (response.status_code, sim.request_log[-1].auth_kind) == (200, "aksk"), response.text


async def test_static_token_good_and_bad(sim: SimServer, make_client: ClientFactory) -> None:
    await make_client(auth=TokenAuth(DEFAULT_TOKEN)).list_records()
    with pytest.raises(AuthError) as caught:
        await make_client(auth=TokenAuth("not-the-token")).list_records()
    assert caught.value.error_code == "BCS.4010401"
    assert [(e.status, e.auth_kind) for e in sim.request_log] == [(200, "token"), (401, "token")]


async def test_iam_token_is_reused_across_calls(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    auth = iam_auth(sim, clock)
    client = make_client(auth=auth)
    for _ in range(3):
        await client.list_records()
        clock.advance(NS_PER_HOUR)
    assert login_posts(sim) == [201]
    assert list_gets(sim) == [200, 200, 200]
    assert {e.auth_kind for e in sim.request_log if e.method == "GET"} == {"token"}
    assert auth.logins == 1


async def test_concurrent_calls_share_one_login(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    client = make_client(auth=iam_auth(sim, clock))
    await asyncio.gather(*(client.list_records() for _ in range(5)))
    assert login_posts(sim) == [201]
    assert list_gets(sim) == [200] * 5


async def test_token_near_expiry_is_renewed_before_use(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    auth = iam_auth(sim, clock)
    client = make_client(auth=auth)
    await client.list_records()
    expires = auth.token_expires_ns
    assert expires == clock() + 24 * NS_PER_HOUR  # read from the login body's expires_at
    clock.advance(24 * NS_PER_HOUR - 4 * NS_PER_MIN)  # inside the 5-minute margin
    await client.list_records()
    assert login_posts(sim) == [201, 201]
    assert list_gets(sim) == [200, 200]  # renewed ahead of time: no 401 seen


async def test_token_expired_on_the_server_is_renewed_once_after_a_401(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    client_clock = ManualClock(clock())  # the client believes the token is still fresh
    client = make_client(auth=iam_auth(sim, client_clock))
    await client.list_records()
    clock.advance(25 * NS_PER_HOUR)
    await client.list_records()
    assert login_posts(sim) == [201, 201]
    assert list_gets(sim) == [200, 401, 200]


async def test_a_401_triggers_exactly_one_reauthentication(clock: ManualClock) -> None:
    # Tokens that are dead on arrival: every list call answers 401.
    sim = start_sim(clock, token_ttl_ns=0)
    try:
        async with BcsClient(
            endpoint=sim.endpoint,
            project_id=DEFAULT_PROJECT_ID,
            auth=iam_auth(sim, clock),
            retry=TINY_RETRY,
            sleep=RecordingSleep(),
        ) as client:
            with pytest.raises(AuthError) as caught:
                await client.list_records()
        assert caught.value.status == 401
        assert login_posts(sim) == [201, 201]
        assert list_gets(sim) == [401, 401]
    finally:
        sim.stop()


async def test_refused_iam_login_is_an_auth_error(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    client = make_client(auth=iam_auth(sim, clock, password="wrong-password"))
    with pytest.raises(AuthError, match="IAM login refused") as caught:
        await client.list_records()
    assert caught.value.status == 401
    assert "wrong-password" not in str(caught.value)
    assert login_posts(sim) == [401]
    assert list_gets(sim) == []


def unused_port() -> socket.socket:
    """A bound loopback socket that never listens: connecting to it is refused, reliably."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    return holder


async def test_unreachable_iam_is_a_network_error_naming_iam(
    sim: SimServer, make_client: ClientFactory, clock: ManualClock
) -> None:
    with unused_port() as holder:
        port = holder.getsockname()[1]
        auth = IamPasswordAuth(
            f"http://127.0.0.1:{port}",
            DEFAULT_IAM_USER,
            DEFAULT_IAM_PASSWORD,
            DEFAULT_IAM_DOMAIN,
            DEFAULT_PROJECT_ID,
            clock=clock,
        )
        sleep = RecordingSleep()
        with pytest.raises(NetworkError) as caught:
            await make_client(auth=auth, sleep=sleep).list_records()
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "refused" in str(caught.value)
    assert len(sleep.delays) == 2  # three attempts in all
    assert sim.request_log == []


def test_iam_endpoint_must_be_safe() -> None:
    with pytest.raises(ConfigError, match="unencrypted"):
        IamPasswordAuth("http://iam.example.com", "u", "p", "d", DEFAULT_PROJECT_ID)
    with pytest.raises(ConfigError):
        IamPasswordAuth("https://iam.example.com", "u", "", "d", DEFAULT_PROJECT_ID)


@pytest.mark.parametrize("bad", ["", "line\r\nX-Injected: 1"])
def test_credentials_that_would_break_headers_are_refused(bad: str) -> None:
    with pytest.raises(ConfigError):
        TokenAuth(bad)
    with pytest.raises(ConfigError):
        AkSkAuth(bad or " ", DEFAULT_SK, DEFAULT_PROJECT_ID)


def test_iam_auth_refuses_a_sync_client() -> None:
    auth = IamPasswordAuth("https://iam.example.com", "u", "p", "d", DEFAULT_PROJECT_ID)
    with pytest.raises(TypeError, match="AsyncClient"):
        next(auth.sync_auth_flow(httpx.Request("GET", "https://bcs.example.com")))
