"""The embedded simulator: a real HTTP/1.1 server on loopback that speaks the BCS
"list operation records" API, the three blockchain-instance ones (list, detail, resource
status), the IAM password login and project listings, checks credentials like the cloud, and
can misbehave on purpose (see ``faults.py`` and ``project_faults.py``).

It serves a fleet: the default project plus ``SimConfig.fleet``, each project with its own
operations and blockchains (``fleet.py``).

Stdlib only: ``ThreadingHTTPServer`` with keep-alive, one daemon thread per connection,
serving from a background thread so tests run it in-process (``--demo`` runs it in a
process of its own: ``process.py``).
"""

import contextlib
import json
import re
import socket
import sys
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote

from bcs_tui.base.timefmt import NS_PER_HOUR, NS_PER_MIN, Clock, system_clock
from bcs_tui.sim import blockchains
from bcs_tui.sim.auth import (
    AUTH_NONE,
    AUTH_PASSWORD,
    AuthResult,
    SignedRequest,
    TokenStore,
    authenticate,
)
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_DOMAIN_ID,
    DEFAULT_HISTORY,
    DEFAULT_HOST,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SEED,
    DEFAULT_SK,
    DEFAULT_TOKEN,
)
from bcs_tui.sim.engine import FILTER_FIELDS, Simulation, encode_json
from bcs_tui.sim.faults import (
    FAULT_429,
    FAULT_500,
    FAULT_DRIFT,
    FAULT_HANG,
    FAULT_HOSTILE,
    FAULT_HTML_502,
    FAULT_MALFORMED_JSON,
    FAULT_MODES,
    HTML_502_PAGE,
    FaultPicker,
    drifted,
    hostile,
    truncated_json,
    validate_faults,
)
from bcs_tui.sim.filters import filter_error
from bcs_tui.sim.fleet import (
    DEFAULT_PROJECT_NAME,
    DEFAULT_SOURCE_NAME,
    ListedProject,
    SimProject,
    find_project,
)
from bcs_tui.sim.iam import (
    IamAccount,
    IamProjectEntry,
    is_accepted,
    login_error_body,
    parse_password_login,
    project_entries,
    projects_body,
    select_projects,
    token_body,
)
from bcs_tui.sim.plan import ns_per_sim_ms
from bcs_tui.sim.project_faults import (
    DEFAULT_DOWN_PERIOD_NS,
    DEFAULT_SLOW_DELAY_S,
    DOWN_ERROR_CODE,
    DOWN_MESSAGE,
    DOWN_STATUS,
    ProjectFaults,
)

__all__ = [
    "FAULT_MODES",
    "ListedProject",
    "RequestLogEntry",
    "SimConfig",
    "SimProject",
    "SimServer",
]

LIST_PATH = re.compile(r"^/v2/(?P<project_id>[^/]+)/operation/record/?$")
CHAINS_PATH = re.compile(
    r"^/v2/(?P<project_id>[^/]+)/blockchains(?:/(?P<blockchain_id>[^/]+)(?P<status>/status)?)?/?$"
)
IAM_TOKENS_PATH = re.compile(r"^/v3/auth/tokens/?$")
IAM_AUTH_PROJECTS_PATH = re.compile(r"^/v3/auth/projects/?$")
IAM_PROJECTS_PATH = re.compile(r"^/v3/projects/?$")
MAX_BODY_BYTES = 1 << 20
JSON_TYPE = "application/json"


@dataclass(frozen=True)
class SimConfig:
    host: str = DEFAULT_HOST
    port: int = 0
    """0 picks a free port."""
    project_id: str = DEFAULT_PROJECT_ID
    ak: str = field(default=DEFAULT_AK, repr=False)
    sk: str = field(default=DEFAULT_SK, repr=False)
    token: str = field(default=DEFAULT_TOKEN, repr=False)
    iam_user: str = DEFAULT_IAM_USER
    iam_password: str = field(default=DEFAULT_IAM_PASSWORD, repr=False)
    iam_domain: str = DEFAULT_IAM_DOMAIN
    token_ttl_ns: int = 24 * NS_PER_HOUR
    """Lifetime of tokens issued by ``POST /v3/auth/tokens``."""
    seed: int = DEFAULT_SEED
    speed: float = 1.0
    """How much faster than real time operations progress."""
    records: int = DEFAULT_HISTORY
    """How many ended operations are preloaded as history."""
    faults: frozenset[str] = frozenset()
    fault_rate: float = 1.0
    """Share of list requests that get a fault (chosen reproducibly from the seed)."""
    clock: Clock = system_clock
    max_skew_ns: int = 15 * NS_PER_MIN
    """How far ``X-Sdk-Date`` may be from the server clock."""
    retention: int | None = None
    """Serve only the newest this many operations: as new ones arrive, the oldest age out
    (a service with a retention window); ``None`` keeps every one."""
    request_log_limit: int = 10_000
    """Requests kept in ``SimServer.request_log``; the older half goes when it is full, so a
    simulator left running for days does not grow without end."""
    project_name: str = DEFAULT_PROJECT_NAME
    """The default project's IAM name: its region ID, or ``{region}_{sub-project}``."""
    fleet: tuple[SimProject, ...] = ()
    """More projects served beside the default one, each with its own seed, hence its own
    operations and blockchains."""
    unserved_projects: tuple[ListedProject, ...] = ()
    """Projects IAM lists but the BCS routes refuse (disabled, or where BCS does not run)."""
    project_down: str | None = None
    """A served project (ID, IAM name or source name) that answers 503 every other
    ``down_period_ns``."""
    down_period_ns: int = DEFAULT_DOWN_PERIOD_NS
    project_slow: str | None = None
    """A served project (ID, IAM name or source name) whose every answer waits
    ``slow_delay_s``."""
    slow_delay_s: float = DEFAULT_SLOW_DELAY_S

    def projects(self) -> tuple[SimProject, ...]:
        """Every project served, the default one first."""
        default = SimProject(
            self.project_id, self.project_name, self.seed, self.records, DEFAULT_SOURCE_NAME
        )
        return (default, *self.fleet)

    def project_faults(self) -> ProjectFaults:
        """``project_down`` and ``project_slow`` as project IDs; ``ValueError`` when one
        names no project served."""
        return ProjectFaults(
            down=self._served_project_id(self.project_down, "project_down"),
            down_period_ns=self.down_period_ns,
            slow=self._served_project_id(self.project_slow, "project_slow"),
            slow_delay_s=self.slow_delay_s,
        )

    def _served_project_id(self, wanted: str | None, what: str) -> str | None:
        if wanted is None:
            return None
        found = find_project(self.projects(), wanted)
        if found is None:
            served = ", ".join(project.name for project in self.projects())
            raise ValueError(f"{what}: no project {wanted!r} is served (served: {served})")
        return found.project_id

    def __post_init__(self) -> None:
        ns_per_sim_ms(self.speed)  # raises ValueError for a speed <= 0
        if self.records < 0:
            raise ValueError("records must be >= 0")
        validate_faults(self.faults, self.fault_rate)
        if self.retention is not None and self.retention < 1:
            raise ValueError("retention must be >= 1")
        if self.request_log_limit < 2:
            raise ValueError("request_log_limit must be >= 2")
        if any(project.records < 0 for project in self.fleet):
            raise ValueError("records must be >= 0")
        ids = [project.project_id for project in self.projects()]
        ids += [project.project_id for project in self.unserved_projects]
        if len(set(ids)) != len(ids):
            raise ValueError("every project of the fleet needs its own project ID")
        self.project_faults()


class RequestLogEntry(NamedTuple):
    """One handled request. ``status`` is 0 for a request left hanging on purpose;
    ``auth_kind`` is ``token``, ``aksk``, ``password`` (IAM login) or ``none``;
    ``project_id`` is the project in a BCS path (empty for IAM requests)."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    auth_kind: str
    project_id: str = ""


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    auth_kind: str = AUTH_NONE


def _error(status: int, code: str, message: str, auth_kind: str = AUTH_NONE) -> _Reply:
    body = encode_json({"error_code": code, "error_msg": message})
    return _Reply(status, body, auth_kind=auth_kind)


class _Hang(Exception):
    """Raised by the router when the reply is to never come."""

    def __init__(self, auth_kind: str) -> None:
        super().__init__("hang")
        self.auth_kind = auth_kind


class SimServer:
    def __init__(
        self, config: SimConfig = SimConfig(), *, listening: socket.socket | None = None
    ) -> None:
        """``listening``: a socket already bound and listening to serve on (the demo's
        process is handed one, so its address is known before it starts); its address
        replaces ``config.host`` and ``config.port``."""
        self.config = config
        self._listening = listening
        self.request_log: list[RequestLogEntry] = []
        self._stopping = threading.Event()
        self._faults = FaultPicker(config.seed, config.faults, config.fault_rate)
        self._tokens = TokenStore(config.token, config.clock)
        served = config.projects()
        self._account = IamAccount(
            config.iam_user,
            config.iam_password,
            config.iam_domain,
            tuple(project.project_id for project in served),
        )
        self._iam_projects = project_entries(
            [
                *((project.project_id, project.name, True) for project in served),
                *((p.project_id, p.name, p.enabled) for p in config.unserved_projects),
            ],
            DEFAULT_DOMAIN_ID,
        )
        self._project_faults = config.project_faults()
        self._lifecycle = threading.Lock()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._simulations: dict[str, Simulation] = {}
        self._origin_ns = 0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> "SimServer":
        """Bind, build the simulation and serve in a background thread; returns ``self``.
        Raises ``OSError`` when the address cannot be bound (e.g. port in use)."""
        with self._lifecycle:
            if self._httpd is not None:
                return self
            httpd = _HttpServer((self.config.host, self.config.port), self, self._listening)
            try:
                self._origin_ns = self.config.clock()
                self._simulations = {
                    project.project_id: Simulation(
                        seed=project.seed,
                        origin_ns=self._origin_ns,
                        speed=self.config.speed,
                        history=project.records,
                        retention=self.config.retention,
                        project_id=project.project_id,
                        domain_id=DEFAULT_DOMAIN_ID,
                    )
                    for project in self.config.projects()
                }
            except BaseException:
                httpd.server_close()
                raise
            self._httpd = httpd
            self._thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"bcs-sim-{httpd.server_address[1]}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop every connection, even one held by a hanging request."""
        with self._lifecycle:
            self._stopping.set()
            httpd, thread = self._httpd, self._thread
            if httpd is None or thread is None:
                return
            httpd.shutdown()
            httpd.close_connections()
            httpd.server_close()
            thread.join()
            self._thread = None

    def __enter__(self) -> "SimServer":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what tests and the demo ask -------------------------------------------------------

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the simulator is not started")
        return int(self._httpd.server_address[1])

    @property
    def endpoint(self) -> str:
        """``http://HOST:PORT`` (an IPv6 host in brackets)."""
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}"

    @property
    def simulation(self) -> Simulation:
        """The default project's simulation."""
        return self.simulation_for(self.config.project_id)

    def simulation_for(self, project_id: str) -> Simulation:
        """One served project's simulation (``KeyError`` for a project not served)."""
        if not self._simulations:
            raise RuntimeError("the simulator is not started")
        return self._simulations[project_id]

    def set_faults(self, faults: Iterable[str], rate: float = 1.0) -> None:
        """Switch fault modes at run time (an empty set turns them off)."""
        self._faults.set(faults, rate)

    def set_project_faults(self, *, down: str | None = None, slow: str | None = None) -> None:
        """Switch the per-project faults at run time (project ID or IAM name; ``None`` for
        none), keeping the configured period and delay."""
        changed = replace(self.config, project_down=down, project_slow=slow)
        self._project_faults = changed.project_faults()

    def clear_log(self) -> None:
        self.request_log.clear()

    def operation_ids(self, project_id: str | None = None) -> list[str]:
        """IDs of every record served right now, newest first (default project's unless
        another is named)."""
        simulation = self.simulation_for(project_id or self.config.project_id)
        return simulation.operation_ids(self.config.clock())

    # -- request handling (called from handler threads) ------------------------------------

    def _respond(self, request: SignedRequest) -> _Reply | None:
        """The reply to one request, logged; ``None`` (after ``stop``) for a hanging one."""
        try:
            reply = self._route(request)
        except _Hang as hang:
            self._log(request, 0, hang.auth_kind)
            self._stopping.wait()
            return None
        self._log(request, reply.status, reply.auth_kind)
        return reply

    def _log(self, request: SignedRequest, status: int, auth_kind: str) -> None:
        path, _, query = request.target.partition("?")
        pairs = dict(parse_qsl(query, keep_blank_values=True))
        path = unquote(path)
        entry = RequestLogEntry(request.method, path, pairs, status, auth_kind, _project_in(path))
        if len(self.request_log) >= self.config.request_log_limit:
            del self.request_log[: self.config.request_log_limit // 2]
        self.request_log.append(entry)

    def _route(self, request: SignedRequest) -> _Reply:
        path = unquote(request.target.partition("?")[0])
        if request.method == "POST" and IAM_TOKENS_PATH.match(path):
            return self._login(request.body)
        listing = IAM_AUTH_PROJECTS_PATH.match(path) or IAM_PROJECTS_PATH.match(path)
        if request.method == "GET" and listing:
            return self._projects(request, filtered=listing.re is IAM_PROJECTS_PATH)
        self._stopping.wait(self._project_faults.delay_s(_project_in(path)))
        match = LIST_PATH.match(path)
        if request.method == "GET" and match:
            return self._list(request, match.group("project_id"))
        chains = CHAINS_PATH.match(path)
        if request.method == "GET" and chains:
            return self._chains(request, chains)
        if match or chains or IAM_TOKENS_PATH.match(path) or listing:
            return _error(405, "BCS.4050405", "Method Not Allowed")
        return _error(404, "BCS.4040404", "Not Found:the url is not found")

    def _authenticate(self, request: SignedRequest) -> AuthResult:
        """How ``request`` proves who sends it (a token or an AK/SK signature), checked."""
        return authenticate(
            request,
            tokens=self._tokens,
            access_key=self.config.ak,
            secret_key=self.config.sk,
            now_ns=self.config.clock(),
            max_skew_ns=self.config.max_skew_ns,
        )

    def _refusal(self, request: SignedRequest, project_id: str) -> tuple[str, _Reply | None]:
        """(how the request authenticated, the 401 / 403 answer or ``None`` when allowed)."""
        auth = self._authenticate(request)
        if not auth.ok:
            message = f"Incorrect token or token resolution failed: {auth.reason}"
            return auth.kind, _error(401, "BCS.4010401", message, auth.kind)
        if project_id not in self._simulations:
            message = "No permissions to request this method"
            return auth.kind, _error(403, "BCS.4030403", message, auth.kind)
        if auth.scope is not None and auth.scope != project_id:
            # An IAM token is bound to the project it was issued for.
            message = "No permissions to request this method: the token is for another project"
            return auth.kind, _error(403, "BCS.4030403", message, auth.kind)
        if self._project_faults.is_down(project_id, self._origin_ns, self.config.clock()):
            return auth.kind, _error(DOWN_STATUS, DOWN_ERROR_CODE, DOWN_MESSAGE, auth.kind)
        return auth.kind, None

    def _failed(self, auth_kind: str) -> _Reply | str | None:
        """A fault's whole answer (or ``_Hang``), the fault mode when it rewrites a normal
        answer, or ``None`` when this request gets no fault."""
        fault = self._faults.pick()
        if fault == FAULT_HANG:
            raise _Hang(auth_kind)
        if fault == FAULT_500:
            return _error(500, "BCS.5000500", "Internal Server Error", auth_kind)
        if fault == FAULT_429:
            message = "The throttling threshold has been reached: policy user over ratelimit"
            body = encode_json({"error_code": "APIGW.0308", "error_msg": message})
            return _Reply(429, body, headers=(("Retry-After", "1"),), auth_kind=auth_kind)
        if fault == FAULT_HTML_502:
            return _Reply(502, HTML_502_PAGE, "text/html", auth_kind=auth_kind)
        return fault

    def _chains(self, request: SignedRequest, match: re.Match[str]) -> _Reply:
        """List blockchains, show one, or show one's resource status."""
        auth_kind, refusal = self._refusal(request, match.group("project_id"))
        if refusal is not None:
            return refusal
        fault = self._failed(auth_kind)
        if isinstance(fault, _Reply):
            return fault
        simulation = self.simulation_for(match.group("project_id"))
        chains = simulation.blockchains
        blockchain_id = match.group("blockchain_id")
        if blockchain_id is None:
            body = encode_json(blockchains.list_json(chains))
        else:
            index = next(
                (n for n, chain in enumerate(chains) if chain.blockchain_id == blockchain_id), -1
            )
            if index < 0:
                message = f"The blockchain {blockchain_id} does not exist"
                return _error(404, "BCS.4004011", message, auth_kind)
            chain = chains[index]
            activity = simulation.chain_activity(self.config.clock())[chain.blockchain_id]
            answer = blockchains.status_json if match.group("status") else blockchains.detail_json
            body = encode_json(answer(chain, index, activity))
        if fault == FAULT_MALFORMED_JSON:
            body = truncated_json(body)
        return _Reply(200, body, auth_kind=auth_kind)

    def _list(self, request: SignedRequest, project_id: str) -> _Reply:
        auth_kind, refusal = self._refusal(request, project_id)
        if refusal is not None:
            return refusal
        query = dict(parse_qsl(request.target.partition("?")[2], keep_blank_values=True))
        filters = {name: query[name] for name in FILTER_FIELDS if name in query}
        for name, value in filters.items():
            reason = filter_error(name, value)
            if reason is not None:
                return _error(400, "BCS.4006005", reason, auth_kind)
        fault = self._failed(auth_kind)
        if isinstance(fault, _Reply):
            return fault
        now = self.config.clock()
        simulation = self.simulation_for(project_id)
        if fault == FAULT_DRIFT:
            records = simulation.records(now, filters)
            return _Reply(200, encode_json(drifted(records, self.config.seed)), auth_kind=auth_kind)
        if fault == FAULT_HOSTILE:
            records = simulation.records(now, filters)
            return _Reply(200, encode_json(hostile(records)), auth_kind=auth_kind)
        body = simulation.body(now, filters)
        if fault == FAULT_MALFORMED_JSON:
            body = truncated_json(body)
        return _Reply(200, body, auth_kind=auth_kind)

    def _login(self, body: bytes) -> _Reply:
        try:
            login = parse_password_login(json.loads(body))
        except (ValueError, UnicodeDecodeError):
            login = None
        if login is None:
            message = "The request body is not a password login"
            error = {"error": {"code": 400, "message": message, "title": "Bad Request"}}
            return _Reply(400, encode_json(error), auth_kind=AUTH_PASSWORD)
        if not is_accepted(login, self._account):
            message = "The username or password is wrong."
            return _Reply(401, encode_json(login_error_body(message)), auth_kind=AUTH_PASSWORD)
        issued = self.config.clock()
        token, expires = self._tokens.issue(self.config.token_ttl_ns, login.project_id)
        project = self._iam_project(login.project_id)
        answer = token_body(self._account, project, issued, expires, DEFAULT_DOMAIN_ID)
        return _Reply(
            201,
            encode_json(answer),
            headers=(("X-Subject-Token", token),),
            auth_kind=AUTH_PASSWORD,
        )

    def _iam_project(self, project_id: str) -> IamProjectEntry:
        return next(entry for entry in self._iam_projects if entry.project_id == project_id)

    def _projects(self, request: SignedRequest, *, filtered: bool) -> _Reply:
        """IAM's project listings: every project of the account (``/v3/auth/projects``,
        a token's way) or those matching the query (``/v3/projects``, signing works)."""
        auth = self._authenticate(request)
        if not auth.ok:
            message = f"The request you have made requires authentication: {auth.reason}"
            return _Reply(401, encode_json(login_error_body(message)), auth_kind=auth.kind)
        path, _, query = request.target.partition("?")
        entries: list[IamProjectEntry] = list(self._iam_projects)
        if filtered:
            pairs = dict(parse_qsl(query, keep_blank_values=True))
            entries = select_projects(entries, pairs)
        self_url = f"{self.endpoint}{unquote(path).rstrip('/')}"
        body = projects_body(entries, DEFAULT_DOMAIN_ID, self_url)
        return _Reply(200, encode_json(body), auth_kind=auth.kind)


def _project_in(path: str) -> str:
    """The project ID of a BCS path; empty for any other path."""
    match = LIST_PATH.match(path) or CHAINS_PATH.match(path)
    return match.group("project_id") if match else ""


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(
        self, address: tuple[str, int], sim: SimServer, listening: socket.socket | None
    ) -> None:
        self.sim = sim
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        if listening is not None:
            self.address_family = listening.family
            super().__init__(listening.getsockname()[:2], _Handler, bind_and_activate=False)
            self.socket.close()
            self.socket = listening
            self.server_name, self.server_port = listening.getsockname()[:2]
            return
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-answer is normal here; anything else is still reported."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Wake every handler thread blocked on its socket, so none outlives ``stop``."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "bcs-sim"
    sys_version = ""
    timeout = 120  # idle keep-alive connections end on their own
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is kept in memory (``SimServer.request_log``)."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def _handle(self) -> None:
        request_id = uuid.uuid4().hex
        length_text = self.headers.get("Content-Length", "0")
        try:
            length = int(length_text)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            # The body cannot be skipped reliably, so the connection ends with this answer.
            self.close_connection = True
            self._send(_error(413, "BCS.4130413", "Request body too large"), request_id)
            return
        body = self.rfile.read(length) if length else b""
        request = SignedRequest(self.command, self.path, list(self.headers.items()), body)
        reply = self.server.sim._respond(request)
        if reply is None:
            self.close_connection = True
            return
        self._send(reply, request_id)

    def _send(self, reply: _Reply, request_id: str) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Request-Id", request_id)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
