"""The fault matrix, dashboard side: through every fault the dashboard stays up, keeps the last
good records on screen marked stale with the selection intact, shows the error, backs off up to
its cap without a request storm, and recovers by itself within one interval once the fault
clears.

Time is scaled down: a 0.04 s interval and a 0.16 s backoff cap stand for 5 s and 60 s, and the
"outage" lasts until four fetches in a row have failed (long enough to reach the cap twice).
The client is the real one, over loopback, through the fault proxy; ``TimedSource`` only notes
when each fetch started and ended.
"""

import asyncio
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
import pytest

from bcs_tui.api.auth import AkSkAuth, IamPasswordAuth, TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.base.timefmt import NS_PER_MIN
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
)
from bcs_tui.sim.server import SimConfig, SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.options import DashboardOptions
from tests.clock import ManualClock
from tests.reliability.conftest import issue_token
from tests.reliability.proxy import FaultProxy
from tests.reliability.tls import CertificateSet, server_context

INTERVAL_S = 0.04
CAP_S = 0.16
TIMEOUT_S = 0.25
ATTEMPTS = 2
FAILURES = 4
SLACK_S = 0.35  # scheduling on a busy 2-core machine; still far below a second interval
SIZE = (120, 40)
RETRY = RetryPolicy(attempts=ATTEMPTS, base_delay_s=0.01, max_delay_s=0.02, max_retry_after_s=0.05)


@dataclass
class Fetch:
    started: float
    ended: float = 0.0
    ok: bool = False


@dataclass
class TimedSource:
    """The real client, with the start and end of every fetch noted (loop time)."""

    client: BcsClient
    fetches: list[Fetch] = field(default_factory=list)

    async def list_records(self, filters: RecordFilters) -> RecordList:
        loop = asyncio.get_running_loop()
        fetch = Fetch(loop.time())
        self.fetches.append(fetch)
        try:
            result = await self.client.list_records(filters)
        finally:
            fetch.ended = loop.time()
        fetch.ok = True
        return result

    async def aclose(self) -> None:
        await self.client.aclose()


def _options(tmp_path: Path) -> DashboardOptions:
    return DashboardOptions(
        profile="matrix",
        project_id=DEFAULT_PROJECT_ID,
        interval_s=INTERVAL_S,
        active_interval_s=INTERVAL_S,
        max_backoff_s=CAP_S,
        utc=True,
        export_dir=tmp_path,
    )


def _client(endpoint: str, auth: httpx.Auth | None = None, verify: bool | str = True) -> BcsClient:
    return BcsClient(
        endpoint=endpoint,
        project_id=DEFAULT_PROJECT_ID,
        auth=auth or AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID),
        retry=RETRY,
        timeout_s=TIMEOUT_S,
        verify=verify,
    )


def _header(app: DashboardApp) -> str:
    return str(app.main_screen.query_one("#header").render())


def _error_line(app: DashboardApp) -> str:
    line = app.main_screen.query_one("#error-line")
    return str(line.render()) if line.display else ""


async def _next_fetch(app: DashboardApp, timeout_s: float = 10.0) -> None:
    await asyncio.wait_for(app.wait_for_fetches(app.fetch_count + 1), timeout_s)


async def _until(app: DashboardApp, done: Callable[[], bool], timeout_s: float = 15.0) -> None:
    """Wait fetch by fetch (on the app's own signal) until ``done()``."""
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline, "the dashboard never got there"
        await _next_fetch(app)


@dataclass
class Rig:
    """The simulator (on a clock that can jump past a token's expiry) behind the TLS fault
    proxy: every fault of the matrix is a switch on one of the two, so one dashboard session
    goes through all of them in turn."""

    sim: SimServer
    proxy: FaultProxy
    clock: ManualClock
    token: str

    def client(self, ca: Path) -> BcsClient:
        return _client(self.proxy.endpoint, TokenAuth(self.token), str(ca))


@pytest.fixture
def rig(certificates: CertificateSet) -> Iterator[Rig]:
    clock = ManualClock.following_real_time()
    config = SimConfig(records=8, seed=7, speed=0.001, clock=clock, token_ttl_ns=NS_PER_MIN)
    with SimServer(config) as sim:
        holder: list[FaultProxy] = []
        proxy = FaultProxy("127.0.0.1", sim.port, server_context(certificates, holder))
        holder.append(proxy)
        proxy.start()
        try:
            token = issue_token(sim)
            yield Rig(sim, proxy, clock, token)
        finally:
            proxy.stop()


@dataclass(frozen=True)
class Outage:
    """How to break the service one way, how to heal it, and the error the user must see."""

    on: Callable[[Rig], None]
    off: Callable[[Rig], None]
    error_text: str


def _sim_fault(fault: str) -> Outage:
    return Outage(
        lambda rig: rig.sim.set_faults({fault}),
        lambda rig: rig.sim.set_faults(set()),
        "",
    )


def _proxy_mode(mode: str) -> Outage:
    return Outage(lambda rig: rig.proxy.set_mode(mode), lambda rig: rig.proxy.clear(), "")


def _expire_token(rig: Rig) -> None:
    rig.clock.advance(2 * NS_PER_MIN)  # the service's clock passes the token's expiry


def _unexpire_token(rig: Rig) -> None:
    rig.clock.advance(-2 * NS_PER_MIN)  # e.g. the user's token is valid again: the fault clears


OUTAGES: dict[str, Outage] = {
    name: replace(outage, error_text=text)
    for name, outage, text in (
        ("500", _sim_fault("500"), "HTTP 500 BCS.5000500: Internal Server Error"),
        ("429 + Retry-After", _sim_fault("429"), "HTTP 429 APIGW.0308"),
        ("malformed JSON", _sim_fault("malformed-json"), "the body is not JSON"),
        ("HTML 502", _sim_fault("html-502"), "HTTP 502: non-JSON response (text/html)"),
        ("hanging response", _sim_fault("hang"), f"timed out after {TIMEOUT_S:g} s"),
        ("stalled proxy", _proxy_mode("stall"), f"timed out after {TIMEOUT_S:g} s"),
        ("connection refused", _proxy_mode("refuse"), "connection refused"),
        ("reset mid-body", _proxy_mode("reset"), "connection reset by the server"),
        ("cut mid-body", _proxy_mode("cut"), "closed the connection or broke the HTTP"),
        ("TLS self-signed", _proxy_mode("bad-cert"), "TLS certificate verification failed"),
        (
            "401 token expired",
            Outage(_expire_token, _unexpire_token, ""),
            "HTTP 401 BCS.4010401",
        ),
    )
}


def _failed(fetches: list[Fetch]) -> int:
    """Fetches that ended, and failed."""
    return sum(1 for fetch in fetches if fetch.ended and not fetch.ok)


def _waits_after_failures(fetches: list[Fetch]) -> list[float]:
    """For each failed fetch followed by another: how long the dashboard waited between them."""
    return [
        later.started - earlier.ended
        for earlier, later in itertools.pairwise(fetches)
        if not earlier.ok
    ]


async def _one_outage(
    app: DashboardApp, source: TimedSource, rig: Rig, outage: Outage, selected: str
) -> list[str]:
    """Break, watch, heal, watch; the broken promises, in words."""
    problems: list[str] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    rows = app.main_screen.table.row_keys()
    outage.on(rig)
    requests_before = rig.proxy.requests
    first_failed = len(source.fetches)
    # Counted from the fetches that started in the outage: one already in flight when it
    # began may fail too, and counts for the back-off but not here.
    await _until(app, lambda: _failed(source.fetches[first_failed:]) >= FAILURES)
    outage_fetches = source.fetches[first_failed:]
    requests = rig.proxy.requests - requests_before

    check(app.is_running, "the dashboard exited")
    check(app.main_screen.table.row_keys() == rows, "the records left the screen")
    check(app.selected_key == selected, f"the selection moved to {app.selected_key}")
    check(selected in app.main_screen.detail.shown_text.splitlines()[0], "the detail changed")
    header = _header(app)
    check("stale" in header or "refreshing" in header, f"not marked stale: {header!r}")
    check(outage.error_text in _error_line(app), f"error not shown: {_error_line(app)!r}")
    waits = _waits_after_failures(outage_fetches)
    check(len(waits) >= FAILURES - 1, f"too few waits {waits}")
    check(
        all(INTERVAL_S * 0.9 <= wait <= CAP_S + SLACK_S for wait in waits),
        f"a wait outside [interval, cap]: {waits}",
    )
    check(max(waits, default=0) >= CAP_S * 0.9, f"never backed off to the cap: {waits}")
    check(
        requests <= (len(outage_fetches) + 1) * ATTEMPTS,
        f"{requests} requests for {len(outage_fetches)} fetches",
    )

    outage.off(rig)
    cleared = asyncio.get_running_loop().time()
    await _until(app, lambda: app.last_error is None)
    recovered = next(fetch for fetch in source.fetches[first_failed:] if fetch.ok)
    before = source.fetches[source.fetches.index(recovered) - 1]
    # The fetch before may still have been failing when the fault cleared; from then on the
    # dashboard waits at most its capped interval.
    late = recovered.started - max(cleared, before.ended)
    check(late <= CAP_S + SLACK_S, f"recovered {late:.2f} s after the fault cleared")
    header = _header(app)
    check("stale" not in header and _error_line(app) == "", "still marked stale")
    check(app.selected_key == selected, f"selection lost on recovery: {app.selected_key}")
    check(app.main_screen.table.row_keys() == rows, "rows changed on recovery")
    return problems


async def test_every_outage_keeps_stale_data_backs_off_and_recovers(
    rig: Rig, certificates: CertificateSet, tmp_path: Path
) -> None:
    source = TimedSource(rig.client(certificates.ca))
    app = DashboardApp(source, _options(tmp_path), close_source=True)
    broken: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await _until(app, lambda: bool(app.records) and app.last_error is None)
        await pilot.press("j")
        selected = app.selected_key
        assert selected is not None and selected == app.main_screen.table.row_keys()[1]
        for name, outage in OUTAGES.items():
            problems = await _one_outage(app, source, rig, outage, selected)
            if problems:
                broken[name] = problems
    assert broken == {}


async def test_unresolvable_host_keeps_the_dashboard_up_and_backing_off(tmp_path: Path) -> None:
    """DNS failure: no data ever arrives, so there is nothing to keep; the dashboard says
    why, and backs off to its cap without a storm. (A name under ``.invalid`` never
    resolves, so this fault cannot clear inside a test.)"""
    client = BcsClient(
        endpoint="http://bcs.invalid",
        project_id=DEFAULT_PROJECT_ID,
        auth=TokenAuth("unused-token"),
        retry=RETRY,
        timeout_s=TIMEOUT_S,
    )
    source = TimedSource(client)
    app = DashboardApp(source, _options(tmp_path), close_source=True)
    async with app.run_test(size=SIZE):
        await _until(app, lambda: app.policy.failures >= FAILURES)
        assert app.is_running and app.records == []
        assert "cannot reach bcs.invalid: DNS lookup failed" in _error_line(app)
        assert "no data yet" in _header(app)
        waits = _waits_after_failures(source.fetches)
        assert all(INTERVAL_S * 0.9 <= wait <= CAP_S + SLACK_S for wait in waits), waits
        assert max(waits) >= CAP_S * 0.9


async def test_expired_iam_token_is_renewed_without_the_user_noticing(tmp_path: Path) -> None:
    """With a password, a 401 for an expired token means: log in again, once, and carry on."""
    clock = ManualClock.following_real_time()
    config = SimConfig(records=8, seed=7, speed=0.001, clock=clock, token_ttl_ns=NS_PER_MIN)
    with SimServer(config) as sim:
        # The client's own clock does not jump, so it still trusts its token: only the
        # service's 401 can tell it the token is gone.
        auth = IamPasswordAuth(
            sim.endpoint,
            DEFAULT_IAM_USER,
            DEFAULT_IAM_PASSWORD,
            DEFAULT_IAM_DOMAIN,
            DEFAULT_PROJECT_ID,
            allow_http=True,
        )
        source = TimedSource(_client(sim.endpoint, auth))
        app = DashboardApp(source, _options(tmp_path), close_source=True)
        async with app.run_test(size=SIZE) as pilot:
            await _until(app, lambda: bool(app.records))
            await pilot.press("j")
            selected = app.selected_key
            assert auth.logins == 1
            clock.advance(2 * NS_PER_MIN)
            sim.clear_log()
            await _until(app, lambda: auth.logins == 2)
            await _next_fetch(app)
            statuses = [(entry.method, entry.status) for entry in list(sim.request_log)]
            assert statuses[:3] == [("GET", 401), ("POST", 201), ("GET", 200)]
            assert all(fetch.ok for fetch in source.fetches)
            assert app.last_error is None and app.selected_key == selected


async def test_schema_drift_shows_invalid_records_beside_good_ones(tmp_path: Path) -> None:
    with SimServer(SimConfig(records=8, seed=7, speed=0.001)) as sim:
        source = TimedSource(_client(sim.endpoint))
        app = DashboardApp(source, _options(tmp_path), close_source=True)
        async with app.run_test(size=SIZE) as pilot:
            await _until(app, lambda: bool(app.records))
            await pilot.press("j")
            selected = app.selected_key
            good = len(app.records)
            sim.set_faults({"drift"})
            await _until(app, lambda: len(app.records) > good)
            invalid = [record for _, record in app.records if not record.is_valid]
            assert len(invalid) == 2 and all(record.invalid_reason for record in invalid)
            assert len(app.records) == good + 2
            assert app.last_error is None and app.selected_key == selected
            assert app.main_screen.table.row_count == good + 2
            sim.set_faults(set())
            await _until(app, lambda: len(app.records) == good)
            assert app.selected_key == selected
