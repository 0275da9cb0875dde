"""Row 10: typing a text filter at N records, in a real terminal, as a person types.

The dashboard runs against the frozen simulator in a pseudo-terminal (160x48, the size the
issue measured in); ``/`` opens the filter and a 19-character query goes in one key at a
time, ``KEY_GAP_S`` apart, whether or not the program keeps up (keys queue in the terminal as
they would for a person). The screen is rebuilt from the bytes (pyte) and judged by its text
only:

- a key is *echoed* once a line of the screen ends with the query typed so far (or more of
  it) as a word of its own: key -> echo is how long until the screen reflects that keystroke;
- the filter has *settled* once, after the last key, the screen shows the whole query and
  every operation ID on screen is one of the matches (a row, or the selected record's
  detail), at least as many lines as there are matches.

The query is a prefix of operation IDs that a few records share (at 10,000 seed-7 records no
19-character prefix has more than 2), chosen from the body, typed in lower case (the filter
ignores case): typed text and the header's echo of it then never read as an operation ID on
screen.

Loop time per key cannot be seen from outside key by key: the row gives each key's key ->
echo and the main thread's CPU per key over the whole typing (net of the idle rate).
"""

import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.programs import RECORDS_PAINTED, dashboard_argv, dashboard_env
from benchmarks.pty_session import Chunk, PtySession
from benchmarks.screen import ScreenMirror
from benchmarks.sim_process import fetch_body, sim_process
from benchmarks.stats import ms_sample
from benchmarks.table import Row

QUERY_LENGTH = 19
KEY_GAP_S = 0.1
COLUMNS, LINES = 160, 48
START_TIMEOUT_S = 60.0
SETTLE_TIMEOUT_S = 240.0
IDLE_BASELINE_S = 2.0
FEW = 8
"""At most this many records match the query, so that all of them fit on screen."""
_OPERATION_ID = re.compile(r"\b[A-Z][A-Z0-9]{7}-\d{2}-\d+")
"""An operation ID as the simulator makes them (``BCSSVC01-91-1767225600780913783``), or the
start of one that a narrow column cut short."""


@dataclass(frozen=True)
class Query:
    text: str
    """Lower case, as typed."""
    matches: int


def pick_query(body: bytes) -> Query:
    """A 19-character operation-ID prefix that a few records share (and nothing else in any
    record contains): the most shared one with at most ``FEW`` records."""
    records = json.loads(body)["operation_records"]
    ids = [str(record.get("operation_id", "")) for record in records]
    prefixes = Counter(op_id[:QUERY_LENGTH].lower() for op_id in ids if len(op_id) > QUERY_LENGTH)
    texts = [json.dumps(record).lower() for record in records]
    few = [prefix for prefix, count in prefixes.items() if count <= FEW]
    for prefix in sorted(few, key=lambda p: (-prefixes[p], p)):
        if sum(prefix in text for text in texts) == prefixes[prefix]:
            return Query(prefix, prefixes[prefix])
    raise RuntimeError("no operation-ID prefix shared by only a few records")


def typed_length(mirror: ScreenMirror, query: str) -> int:
    """How much of ``query`` the screen shows as typed (0: none): the longest start of it
    that ends a line, as a word of its own (the input, or a prompt or header echoing it)."""
    typed = 0
    for line in mirror.bare_lines():
        for length in range(len(query), typed, -1):
            if line.endswith(query[:length]) and (
                len(line) == length or not line[-length - 1].isalnum()
            ):
                typed = length
                break
    return typed


def shows_only_matches(mirror: ScreenMirror, query: Query) -> bool:
    wanted = query.text.upper()
    lines_with_ids = 0
    for line in mirror.lines():
        found = _OPERATION_ID.findall(line)
        # An ID cut shorter than the query cannot tell a match from a non-match.
        if any(len(op_id) < len(wanted) or not op_id.startswith(wanted) for op_id in found):
            return False
        lines_with_ids += bool(found)
    return lines_with_ids >= query.matches


@dataclass(frozen=True)
class TypingResult:
    records: int
    query: Query
    settle_s: float
    echo_s: list[float]
    cpu_per_key_ms: float
    idle_share: float


def measure_typing(records: int, key_gap_s: float = KEY_GAP_S) -> TypingResult:
    with sim_process(records) as endpoint:
        query = pick_query(fetch_body(endpoint))
        mirror = ScreenMirror(COLUMNS, LINES)
        with PtySession(
            dashboard_argv(endpoint), dashboard_env(), COLUMNS, LINES, [mirror.feed]
        ) as session:
            session.read_until(RECORDS_PAINTED, START_TIMEOUT_S)
            session.write(b"/")
            session.read_until_quiet(0.5, 30.0)
            cpu_before = session.main_thread_cpu_ns()
            session.read_for(IDLE_BASELINE_S)
            idle_ns_per_s = (session.main_thread_cpu_ns() - cpu_before) / IDLE_BASELINE_S
            if typed_length(mirror, query.text) or shows_only_matches(mirror, query):
                raise RuntimeError(
                    f"before typing, the screen already passes for typed or filtered; the"
                    f" checks cannot tell. It shows:\n{mirror.text()}"
                )
            return _type(session, mirror, query, key_gap_s, records, idle_ns_per_s)


@dataclass
class _Watch:
    """Judges the screen after every chunk, stamping each state with the chunk's arrival."""

    mirror: ScreenMirror
    query: Query
    sent: list[float] = field(default_factory=list)
    echoed: list[float] = field(default_factory=list)
    settled_at: float | None = None

    def on_chunk(self, chunk: Chunk) -> None:
        # Every key sent so far that the screen now shows as typed is echoed by this chunk.
        while len(self.echoed) < min(len(self.sent), typed_length(self.mirror, self.query.text)):
            self.echoed.append(chunk.at)
        if (
            self.settled_at is None
            and len(self.echoed) == len(self.query.text)
            and shows_only_matches(self.mirror, self.query)
        ):
            self.settled_at = chunk.at


def _type(
    session: PtySession,
    mirror: ScreenMirror,
    query: Query,
    key_gap_s: float,
    records: int,
    idle_ns_per_s: float,
) -> TypingResult:
    watch = _Watch(mirror, query)
    session.listeners.append(watch.on_chunk)
    cpu_start = session.main_thread_cpu_ns()
    started = time.perf_counter()
    for index, key in enumerate(query.text):
        session.read_for(started + index * key_gap_s - time.perf_counter())
        watch.sent.append(session.write(key.encode()))
    deadline = watch.sent[-1] + SETTLE_TIMEOUT_S
    while watch.settled_at is None:
        if time.perf_counter() >= deadline:
            raise TimeoutError(
                f"the filter {query.text!r} did not settle in {SETTLE_TIMEOUT_S:g} s"
                f" ({len(watch.echoed)} keys echoed); the screen shows:\n{mirror.text()}"
            )
        session.read_for(0.2)
    cpu_ns = session.main_thread_cpu_ns() - cpu_start
    idle_ns = idle_ns_per_s * (watch.settled_at - started)
    return TypingResult(
        records=records,
        query=query,
        settle_s=watch.settled_at - watch.sent[-1],
        echo_s=[done - key for done, key in zip(watch.echoed, watch.sent, strict=True)],
        cpu_per_key_ms=max(0.0, cpu_ns - idle_ns) / 1e6 / len(watch.sent),
        idle_share=100.0 * idle_ns_per_s / 1e9,
    )


def typing_row(result: TypingResult) -> Row:
    echo = ms_sample(result.echo_s)
    p90 = statistics.quantiles(echo.values, n=10)[-1]
    return Row(
        "10",
        f"typing a {QUERY_LENGTH}-character text filter, N={result.records:,}, keys"
        f" {KEY_GAP_S * 1000:.0f} ms apart, real terminal (pty {COLUMNS}x{LINES})",
        f"last key -> only the {result.query.matches} matches on screen:"
        f" {result.settle_s * 1000:,.0f} ms; key -> its echo on screen: median"
        f" {echo.median:,.1f} ms, p90 {p90:,.1f} ms, max {max(echo.values):,.0f} ms;"
        f" main-thread CPU per key {result.cpu_per_key_ms:,.1f} ms (net of idle"
        f" {result.idle_share:.1f}% of a core); query {result.query.text!r}",
        "< 0.3 s; each keystroke < 50 ms of loop time",
        result.settle_s < 0.3 and p90 < 50.0 and result.cpu_per_key_ms < 50.0,
    )
