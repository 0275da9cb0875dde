"""The header's text: who and where, the connection state, data age, interval, the view
settings, and the last error while the data is stale."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bcs_tui.api.errors import ApiError, BcsError
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import Status
from bcs_tui.base.text_width import cell_width, clip
from bcs_tui.base.timefmt import format_age
from bcs_tui.core.detail_view import DetailLine, Piece
from bcs_tui.core.liveness import (
    Liveness,
    countdown_text,
    interval_texts,
    seconds_left,
    widest_countdown,
)
from bcs_tui.core.named_source import NamedSource
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
}


def state_glyph(connection: Connection, glyphs: GlyphSet) -> str:
    """The glyph before the connection state: a status's, but paused has its own (stopped
    would say an operation was stopped)."""
    if connection is Connection.PAUSED:
        return glyphs.paused
    return glyphs.status(_STATE_GLYPHS[connection])


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
    sources: str = ""
    """With several sources, their states summed up (``source_summary.fleet_summary``),
    shown in place of the one region and project."""
    source_filter: str = ""
    """The one source shown (the sources view's enter); empty when all are."""
    history: int | None = None
    """The history rows listed (``H``; ``None``: history hidden)."""


@dataclass(frozen=True)
class Identity:
    """Who and where the header names: the profile, and the one region and project."""

    profile: str
    region: str | None
    project_id: str


def identity_of(
    profile: str,
    region: str | None,
    project_id: str,
    sources: Sequence[NamedSource],
    separator: str,
) -> Identity:
    """The header's identity. One named source (``--source sg``, or the demo narrowed to
    one) is named after the profile with its own region and project: ``demo · sg`` says
    which one of the profile's sources is shown. A profile without sources is its own one
    source, of its own name: nothing is added."""
    if len(sources) != 1:
        return Identity(profile, region, project_id)
    only = sources[0]
    label = profile if only.name == profile else f"{profile} {separator} {only.name}"
    return Identity(label, only.region or region, only.project_id or project_id)


def identity_line(view: HeaderView, glyphs: GlyphSet, width: int | None = None) -> DetailLine:
    """Where, the connection state, the data's age, the interval in effect and the
    countdown; at ``width`` cells, the least useful parts give way so it stays one line.
    The parts that change on their own (the state word, ages, the countdown) are fitted at
    their widest: at a given width a part shows for good or not at all, rather than coming
    and going as "just now" becomes "1s ago"."""
    where = [safe_text(view.profile) or "default"]
    if view.sources:
        where.append(view.sources)
    elif view.region:
        where.append(safe_text(view.region))
    if view.project_id and not view.sources:
        # A prefix tells projects apart and keeps the line short at 80 columns.
        project = safe_text(view.project_id)
        if len(project) > PROJECT_PREFIX + 1:
            project = project[:PROJECT_PREFIX] + glyphs.ellipsis
        where.append("project " + project)
    sep = f" {glyphs.separator} "
    place = sep.join(where) + "  "
    head = (
        Piece(place, "value"),
        Piece(
            f"{state_glyph(view.connection, glyphs)} {view.connection.value}",
            f"state-{view.connection.value}",
        ),
    )
    tails = _liveness_tails(view, glyphs.separator)
    tail = tails[0][0]
    if width is not None and view.sources:
        # The sources' summary (its errors) is cut before the state and the shortest tail.
        room = width - _widest_state(glyphs) - tails[-1][1] - 2
        if cell_width(place) > room:
            place = clip(place.rstrip(), max(room, 1), glyphs.ellipsis) + "  "
            head = (Piece(place, "value"), head[1])
    if width is not None:
        room = width - cell_width(place) - _widest_state(glyphs)
        tail = next((text for text, widest in tails if widest <= room), tails[-1][0])
    return (*head, Piece(tail, "muted"))


def _widest_state(glyphs: GlyphSet) -> int:
    """The widest the state can be (``○ refreshing``): a slow fetch must not push a part
    of the line out and back in."""
    return max(
        cell_width(f"{state_glyph(connection, glyphs)} {connection.value}")
        for connection in Connection
    )


_Slot = tuple[str, int]
"""A part of the line, and the most cells it can take until more than the clock changes
(``0`` when it has no place)."""

_AGE = "just now"
"""As wide as the widest age ``format_age`` gives (``59s ago``, ``23h ago``, ``999d ago``)."""


def _liveness_tails(view: HeaderView, separator: str) -> list[tuple[str, int]]:
    """The end of the identity line, richest first, each with the most cells it can take
    until something other than the clock changes."""
    live = view.liveness
    # While the data is stale, "updated just now" would read as fresh: say how old the
    # last good data is, never "just now".
    stale = view.error is not None and view.updated_ns is not None
    if view.updated_ns is None:
        age: _Slot = ("no data yet", cell_width("no data yet"))
        updated = age
    else:
        label = "last good data " if stale else "updated "
        just_now = "0s ago" if stale else "just now"
        text = format_age(view.updated_ns, view.now, just_now=just_now)
        widest = max(cell_width(text), cell_width(_AGE))
        age = (text, widest)
        updated = (label + text, cell_width(label) + widest)
    listed: _Slot = ("", 0)
    polls_apart = live is not None and live.running_s < live.idle_s
    if view.listed_ns is not None and (polls_apart or view.listed_ns != view.updated_ns):
        # Only the running operations were polled since: new ones show with the next list.
        # Its place is kept while polls may come between lists, shown or not.
        text = f"list {format_age(view.listed_ns, view.now)}"
        shown = text if view.listed_ns != view.updated_ns else ""
        listed = (shown, max(cell_width(shown), cell_width("list 59s ago")))
    if live is None:
        intervals: tuple[str, ...] = (f"every {format_interval(view.interval_s)}",)
    else:
        intervals = interval_texts(live, separator)
    countdown: _Slot = ("", 0)
    if live is not None and view.error is None and view.connection is not Connection.PAUSED:
        # A retry's countdown is on the error line; none while paused.
        text = countdown_text(live, view.now, retry=False) or ""
        if text:
            countdown = (
                text,
                max(cell_width(text), cell_width(widest_countdown(live, retry=False))),
            )
    # The interval's long forms first, then its short ones; then the list's age goes,
    # then the interval (``+`` / ``-`` say it in a notification too).
    short: _Slot = (intervals[-1], cell_width(intervals[-1]))
    # While live, the data is at most an interval old and the countdown says when the next
    # comes: the interval may go before the age does. Stale, paused or before any data, the
    # age is what matters.
    ticking = countdown[1] > 0 and view.updated_ns is not None
    choices: list[list[_Slot]] = [
        *([updated, listed, (text, cell_width(text)), countdown] for text in intervals),
        *([updated, (text, cell_width(text)), countdown] for text in intervals),
        *([[age, short, countdown], [short, countdown]] if ticking else []),
        [updated, listed, countdown],
        [updated, countdown],
        [age, countdown],  # "● live  3s ago · next in 7s"
    ]
    sep = f" {separator} "
    tails = []
    for slots in choices:
        kept = [slot for slot in slots if slot[1]]
        text = sep.join(slot[0] for slot in kept if slot[0])
        widest = sum(slot[1] for slot in kept) + cell_width(sep) * (len(kept) - 1)
        tails.append(("  " + text, 2 + widest))
    return tails


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
    narrowed = view.search or view.quick_filter or view.source_filter
    if view.history is None:
        parts = [f"{view.shown}/{view.total} records" if narrowed else f"{view.total} records"]
    elif narrowed:
        # ``shown`` counts the history rows listed too.
        total = view.total + view.history
        parts = [f"{view.shown}/{total} records ({view.history} from history)"]
    else:
        parts = [f"{view.total} records + {view.history} from history"]
    if view.quick_filter:
        parts.append(f"show: {view.quick_filter}")
    if view.source_filter:
        parts.append(f"source: {safe_text(view.source_filter)}")
    if view.server_filters:
        parts.append(view.server_filters)
    if view.search:
        parts.append(f"search: {safe_text(view.search)}")
    return parts


def error_line(view: HeaderView, glyphs: GlyphSet, width: int | None = None) -> DetailLine | None:
    """``stale: <error>  retry in 7s · r retries now``; at ``width`` cells one line: the
    key's hint gives way first (the footer shows ``r`` too), then the error is cut (its
    whole text is in the log file, and the line's tooltip), never the countdown. The
    countdown's place is kept at its widest, so the cut does not move with each second."""
    if view.error is None:
        return None
    # Before any data there is nothing stale on screen: say so instead.
    prefix = "no data yet: " if view.updated_ns is None else "stale: "
    hints = [_retry_hint(view, glyphs, key=True), _retry_hint(view, glyphs, key=False)]
    hint = hints[0][0]
    error = view.error
    if width is not None:
        rooms = [width - cell_width(prefix) - 2 - widest for _, widest in hints]
        fits = [i for i, room in enumerate(rooms) if cell_width(error) <= room]
        chosen = fits[0] if fits else len(hints) - 1
        hint = hints[chosen][0]
        error = clip(error, max(rooms[chosen], 1), glyphs.ellipsis)
    line = (Piece(prefix, "error"), Piece(error, "error"))
    return (*line, Piece(f"  {hint}", "muted")) if hint else line


def _retry_hint(view: HeaderView, glyphs: GlyphSet, *, key: bool) -> tuple[str, int]:
    """When the retry comes (``key``: and that ``r`` retries now), and the most cells
    that can take until the retry is planned anew."""
    retry_now = f" {glyphs.separator} r retries now" if key else ""
    live = view.liveness
    if live is None:
        text = f"retry in {format_interval(round(view.next_delay_s, 1))}{retry_now}"
    elif live.due_ns is None:
        text = retry_now.removeprefix(f" {glyphs.separator} ")
    else:
        widest = cell_width(widest_countdown(live, retry=True) + retry_now)
        if seconds_left(live.due_ns, view.now) == 0:
            text = f"retrying{glyphs.ellipsis}"
        else:
            text = f"{countdown_text(live, view.now, retry=True)}{retry_now}"
        return text, max(widest, cell_width(text))
    return text, cell_width(text)
