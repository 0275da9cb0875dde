"""The header's text: who and where, the connection state, data age, interval, the view
settings, and the last error while the data is stale."""

from dataclasses import dataclass
from enum import StrEnum

from bcs_tui.api.errors import ApiError, BcsError
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import Status
from bcs_tui.base.text_width import cell_width
from bcs_tui.base.timefmt import format_age
from bcs_tui.core.detail_view import DetailLine, Piece
from bcs_tui.core.liveness import Liveness, countdown_text, interval_texts
from bcs_tui.core.polling import format_interval
from bcs_tui.core.status_view import GlyphSet

PROJECT_PREFIX = 8


class Connection(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    REFRESHING = "refreshing"
    STALE = "stale"
    PAUSED = "paused"


def connection_state(*, paused: bool, fetching: bool, failing: bool, has_data: bool) -> Connection:
    if paused:
        return Connection.PAUSED
    if not has_data:
        # Until the first answer it is connecting, fetching or not (the word must not flip
        # to "refreshing" with each try); nothing shown can be stale yet either.
        return Connection.CONNECTING
    if fetching:
        return Connection.REFRESHING
    return Connection.STALE if failing else Connection.LIVE


_STATE_GLYPHS = {
    Connection.CONNECTING: Status.WAITING,
    Connection.LIVE: Status.PROCESSING,
    Connection.REFRESHING: Status.WAITING,
    Connection.STALE: Status.FAILED,
    Connection.PAUSED: Status.STOP,
}


def describe_error(error: BaseException) -> str:
    """HTTP status, error code, message and request ID for API errors; the kind and message
    otherwise. Server text is made safe; the client keeps secrets out of its messages."""
    if isinstance(error, ApiError):
        return safe_text(error.describe())
    if isinstance(error, BcsError):
        return safe_text(str(error) or type(error).__name__)
    detail = str(error)
    return safe_text(f"{type(error).__name__}: {detail}" if detail else type(error).__name__)


@dataclass(frozen=True)
class HeaderView:
    profile: str
    region: str | None
    project_id: str
    connection: Connection
    updated_ns: int | None
    now: int
    interval_s: float
    next_delay_s: float
    error: str | None
    shown: int
    total: int
    sort: str
    reverse: bool
    server_filters: str
    search: str
    utc: bool
    listed_ns: int | None = None
    """When the whole list was last fetched; ``updated_ns`` may be later, from polls of
    the running operations alone."""
    quick_filter: str = ""
    """The quick status filter's word (keys 1-4); empty when all are shown."""
    liveness: Liveness | None = None
    """The interval in effect and the countdown (``interval_s`` alone without it)."""


def identity_line(view: HeaderView, glyphs: GlyphSet, width: int | None = None) -> DetailLine:
    """Where, the connection state, the data's age, the interval in effect and the
    countdown; at ``width`` cells, the least useful parts give way so it stays one line."""
    where = [safe_text(view.profile) or "default"]
    if view.region:
        where.append(safe_text(view.region))
    if view.project_id:
        # A prefix tells projects apart and keeps the line short at 80 columns.
        project = safe_text(view.project_id)
        if len(project) > PROJECT_PREFIX + 1:
            project = project[:PROJECT_PREFIX] + glyphs.ellipsis
        where.append("project " + project)
    sep = f" {glyphs.separator} "
    state_glyph = glyphs.status(_STATE_GLYPHS[view.connection])
    head = (
        Piece(sep.join(where) + "  ", "value"),
        Piece(f"{state_glyph} {view.connection.value}", f"state-{view.connection.value}"),
    )
    tails = _liveness_tails(view, glyphs.separator)
    room = None if width is None else width - sum(cell_width(piece.text) for piece in head)
    tail = next((t for t in tails if room is None or cell_width(t) <= room), tails[-1])
    return (*head, Piece(tail, "muted"))


def _liveness_tails(view: HeaderView, separator: str) -> list[str]:
    """The end of the identity line, richest first."""
    sep = f" {separator} "
    age = "no data yet" if view.updated_ns is None else format_age(view.updated_ns, view.now)
    updated = age if view.updated_ns is None else f"updated {age}"
    listed = None
    if view.listed_ns is not None and view.listed_ns != view.updated_ns:
        # Only the running operations were polled since: new ones show with the next list.
        listed = f"list {format_age(view.listed_ns, view.now)}"
    live = view.liveness
    if live is None:
        intervals: tuple[str, ...] = (f"every {format_interval(view.interval_s)}",)
    else:
        intervals = interval_texts(live, separator)
    countdown = None
    if live is not None and view.error is None and view.connection is not Connection.PAUSED:
        # A retry's countdown is on the error line; none while paused.
        countdown = countdown_text(live, view.now, retry=False)
    # The interval's long forms first, then its short ones; then the list's age goes,
    # then the interval (``+`` / ``-`` say it in a notification too).
    choices = [
        *([updated, listed, text, countdown] for text in intervals),
        *([updated, text, countdown] for text in intervals),
        [updated, listed, countdown],
        [updated, countdown],
        [age, countdown],  # "● live  3s ago · next in 7s"
    ]
    return ["  " + sep.join(part for part in parts if part) for parts in choices]


def view_line(view: HeaderView, glyphs: GlyphSet) -> DetailLine:
    sep = f" {glyphs.separator} "
    parts = [*filter_parts(view)]
    arrow = "reversed" if view.reverse else "normal"
    parts.append(f"sort: {view.sort} ({arrow})")
    parts.append("UTC" if view.utc else "local time")
    return (Piece(sep.join(parts), "muted"),)


def filter_parts(view: HeaderView) -> list[str]:
    """What narrows the list, in words, most telling first (the line is clipped at its
    end when the window is narrow): the count, the quick filter (``show: failed/stopped``),
    the server filters (``status: failed, type: create``) and the search."""
    narrowed = view.search or view.quick_filter
    parts = [f"{view.shown}/{view.total} records" if narrowed else f"{view.total} records"]
    if view.quick_filter:
        parts.append(f"show: {view.quick_filter}")
    if view.server_filters:
        parts.append(view.server_filters)
    if view.search:
        parts.append(f"search: {safe_text(view.search)}")
    return parts


def error_line(view: HeaderView) -> DetailLine | None:
    if view.error is None:
        return None
    retry: str | None = f"retry in {format_interval(round(view.next_delay_s, 1))}"
    if view.liveness is not None:
        retry = countdown_text(view.liveness, view.now, retry=True)
    # Before any data there is nothing stale on screen: say so instead.
    prefix = "no data yet: " if view.updated_ns is None else "stale: "
    hint = "r to retry now" if retry is None else f"{retry}, r to retry now"
    return (
        Piece(prefix, "error"),
        Piece(view.error, "error"),
        Piece(f"  ({hint})", "muted"),
    )
