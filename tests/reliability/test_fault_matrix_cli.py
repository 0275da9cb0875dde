"""The fault matrix, command-line side: ``bcs-tui records`` (the real program, in a
subprocess) against every fault exits with the documented code and one readable line, never a
traceback.

All the programs run at once (each against its own simulator or proxy), so the whole matrix
costs about as long as its slowest row: retries back off for real here.
"""

import itertools
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bcs_tui.base.timefmt import NS_PER_MIN
from bcs_tui.sim.defaults import (
    DEFAULT_PROJECT_ID,
)
from bcs_tui.sim.server import SimConfig, SimServer
from tests.clock import ManualClock
from tests.environment import clean_environment
from tests.reliability.conftest import (
    Finished,
    aksk_environment,
    issue_token,
    start_cli,
)
from tests.reliability.proxy import FaultProxy
from tests.reliability.tls import CertificateSet, server_context

TIMEOUT = "0.5"  # seconds per attempt: a hanging server costs the program 4 x 0.5 s


@dataclass(frozen=True)
class Row:
    """One line of the matrix: what the program must do against one fault."""

    exit_code: int
    stderr_has: tuple[str, ...] = ()
    stdout_has: tuple[str, ...] = ()
    stderr_lacks: tuple[str, ...] = ()


MATRIX: dict[str, Row] = {
    "500": Row(4, ("HTTP 500 BCS.5000500: Internal Server Error (request ID ",)),
    "429 + Retry-After": Row(4, ("HTTP 429 APIGW.0308: The throttling threshold",)),
    "malformed JSON": Row(6, ("the service answered 200 but the body is not JSON",)),
    "HTML 502": Row(4, ("HTTP 502: non-JSON response (text/html)",), stderr_lacks=("<html",)),
    "hanging response": Row(5, (f"timed out after {TIMEOUT} s waiting for an answer",)),
    "stalled proxy": Row(5, (f"timed out after {TIMEOUT} s waiting for an answer",)),
    "connection refused": Row(5, ("connection refused (nothing listening?)",)),
    "reset mid-body": Row(5, ("connection reset by the server",)),
    "cut mid-body": Row(5, ("the server closed the connection or broke the HTTP protocol",)),
    "DNS failure": Row(5, ("cannot reach bcs.invalid: DNS lookup failed",)),
    "TLS self-signed": Row(5, ("TLS certificate verification failed",)),
    "401 token expired": Row(3, ("HTTP 401 BCS.4010401: Incorrect token",)),
    "schema drift": Row(
        0,
        stdout_has=(
            "invalid record (no ID): record is a JSON string, not an object",
            "count reported:",
        ),
    ),
    # Controls: the same set-ups, healthy, succeed (so the rows above can fail).
    "control: slow but in time": Row(0, stdout_has=(" records (count reported: ",)),
    "control: TLS with the test CA": Row(0, stdout_has=(" records (count reported: ",)),
}


@dataclass
class Launch:
    """The set-up shared by the rows while their programs run."""

    stack: ExitStack
    home: Path
    certificates: CertificateSet
    proxies: dict[str, FaultProxy] = field(default_factory=dict)

    def sim(self, *faults: str, **config: object) -> SimServer:
        settings: dict[str, object] = {"records": 3, "seed": 3, "faults": frozenset(faults)}
        settings.update(config)
        return self.stack.enter_context(SimServer(SimConfig(**settings)))  # type: ignore[arg-type]

    def proxy(self, name: str, sim: SimServer, mode: str, **options: float) -> FaultProxy:
        proxy = FaultProxy("127.0.0.1", sim.port).start()
        self.stack.callback(proxy.stop)
        proxy.set_mode(mode, **options)
        self.proxies[name] = proxy
        return proxy

    def tls_proxy(self, name: str, sim: SimServer, mode: str) -> FaultProxy:
        holder: list[FaultProxy] = []
        proxy = FaultProxy("127.0.0.1", sim.port, server_context(self.certificates, holder))
        holder.append(proxy)
        proxy.start()
        self.stack.callback(proxy.stop)
        proxy.set_mode(mode)
        self.proxies[name] = proxy
        return proxy

    def env(self, endpoint: str) -> dict[str, str]:
        return aksk_environment(self.home, endpoint)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _expired_token(launch: Launch) -> tuple[SimServer, str]:
    """A token the simulator issued a minute before it expired (its clock jumps ahead)."""
    clock = ManualClock.following_real_time()
    sim = launch.sim(clock=clock, token_ttl_ns=NS_PER_MIN)
    token = issue_token(sim)
    clock.advance(2 * NS_PER_MIN)
    return sim, token


Setup = Callable[[Launch], tuple[list[str], dict[str, str]]]


def _with_sim_fault(fault: str) -> Setup:
    def setup(launch: Launch) -> tuple[list[str], dict[str, str]]:
        return [], launch.env(launch.sim(fault).endpoint)

    return setup


def _through_proxy(mode: str, **options: float) -> Setup:
    def setup(launch: Launch) -> tuple[list[str], dict[str, str]]:
        proxy = launch.proxy(mode, launch.sim(), mode, **options)
        return [], launch.env(proxy.endpoint)

    return setup


def _rate_limited(launch: Launch) -> tuple[list[str], dict[str, str]]:
    proxy = launch.proxy("429", launch.sim("429"), "pass")
    return [], launch.env(proxy.endpoint)


def _refused(launch: Launch) -> tuple[list[str], dict[str, str]]:
    return [], launch.env(f"http://127.0.0.1:{_free_port()}")


def _dns(launch: Launch) -> tuple[list[str], dict[str, str]]:
    return ["--allow-http"], launch.env("http://bcs.invalid")


def _tls(mode: str) -> Setup:
    def setup(launch: Launch) -> tuple[list[str], dict[str, str]]:
        proxy = launch.tls_proxy(mode, launch.sim(), mode)
        return ["--ca-bundle", str(launch.certificates.ca)], launch.env(proxy.endpoint)

    return setup


def _token_expired(launch: Launch) -> tuple[list[str], dict[str, str]]:
    sim, token = _expired_token(launch)
    env = {
        **clean_environment(launch.home),
        "BCS_TUI_AUTH_TOKEN": token,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "BCS_TUI_ENDPOINT": sim.endpoint,
    }
    return [], env


SETUPS: dict[str, Setup] = {
    "500": _with_sim_fault("500"),
    "429 + Retry-After": _rate_limited,
    "malformed JSON": _with_sim_fault("malformed-json"),
    "HTML 502": _with_sim_fault("html-502"),
    "hanging response": _with_sim_fault("hang"),
    "stalled proxy": _through_proxy("stall"),
    "connection refused": _refused,
    "reset mid-body": _through_proxy("reset"),
    "cut mid-body": _through_proxy("cut"),
    "DNS failure": _dns,
    "TLS self-signed": _tls("bad-cert"),
    "401 token expired": _token_expired,
    "schema drift": _with_sim_fault("drift"),
    "control: slow but in time": _through_proxy("delay", delay_s=0.1),
    "control: TLS with the test CA": _tls("pass"),
}


@dataclass
class Outcome:
    finished: Finished
    proxies: dict[str, FaultProxy]


@pytest.fixture(scope="module")
def outcomes(
    tmp_path_factory: pytest.TempPathFactory, certificates: CertificateSet
) -> Iterator[dict[str, Outcome]]:
    with ExitStack() as stack:
        launch = Launch(stack, tmp_path_factory.mktemp("home"), certificates)
        started = time.monotonic()
        running = {}
        for name, setup in SETUPS.items():
            args, env = setup(launch)
            running[name] = start_cli(["records", "--timeout", TIMEOUT, *args], env)
        results = {}
        for name, process in running.items():
            stdout, stderr = process.communicate(timeout=60)
            elapsed = time.monotonic() - started
            assert process.returncode is not None
            finished = Finished(process.returncode, stdout, stderr, elapsed)
            results[name] = Outcome(finished, launch.proxies)
        yield results


def test_every_fault_has_a_row() -> None:
    assert set(MATRIX) == set(SETUPS)


@pytest.mark.parametrize("fault", list(MATRIX))
def test_exit_code_and_one_readable_line(fault: str, outcomes: dict[str, Outcome]) -> None:
    row = MATRIX[fault]
    result = outcomes[fault].finished
    assert result.returncode == row.exit_code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in row.stderr_has:
        assert fragment in result.stderr
    for fragment in row.stdout_has:
        assert fragment in result.stdout
    for fragment in row.stderr_lacks:
        assert fragment not in result.stderr
    if row.exit_code != 0:
        (line,) = result.stderr.splitlines()
        assert line.startswith("bcs-tui: error: ") and len(line) < 400
        assert result.stdout == ""


def test_retry_after_is_honoured_between_attempts(outcomes: dict[str, Outcome]) -> None:
    times = outcomes["429 + Retry-After"].proxies["429"].request_times
    assert len(times) == 4  # the first try and three retries, no more
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(gap >= 0.95 for gap in gaps), gaps  # the server asked for 1 s


def test_stalled_and_broken_connections_are_retried_a_bounded_number_of_times(
    outcomes: dict[str, Outcome],
) -> None:
    proxies = outcomes["cut mid-body"].proxies
    for mode in ("stall", "reset", "cut"):
        assert proxies[mode].requests == 4, mode


def test_drifted_records_are_listed_beside_the_invalid_ones(outcomes: dict[str, Outcome]) -> None:
    lines = outcomes["schema drift"].finished.stdout.splitlines()
    notes = [line for line in lines if line.startswith("invalid record ")]
    table = lines[1 : lines.index(notes[0])]
    readable = [line for line in table if not line.startswith("invalid")]
    assert len(notes) == 2 and len(table) == len(readable) + 2
    assert len(readable) >= 3  # every record the simulator has, still shown
    # Drift sends statuses as "FINISHED", " failed" ...: shown in the dashboard's words,
    # and a finished record counts every one of its (oddly spelled) finished sub-steps.
    assert all(
        line.split()[0] in {"finished", "failed", "stopped", "processing", "waiting"}
        for line in readable
    )
    finished = [line for line in readable if line.startswith("finished")]
    assert finished
    for line in finished:
        progress = re.search(r"\b(\d+)/(\d+)\b", line)
        assert progress is not None and progress[1] == progress[2], line
