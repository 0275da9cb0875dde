"""A blockchain's health as styled lines: two lines in the detail pane, and the whole
blockchain view (``b``) with the state of each resource the chain depends on.

A chain's status words are mapped onto the operations' status scheme, so its colours and
glyphs read the same way: ``Normal`` as finished, ``Abnormal`` / ``EipAbnormal`` as failed
(the loudest style there is), ``Freeze`` as stopped, ``Hibernation`` as pending (asleep by
choice), anything else as unknown, shown as received. Every server string passes
``safe_text`` here.
"""

from dataclasses import dataclass

from bcs_tui.api.blockchains import BasicInfo, BlockchainDetail, BlockchainStatus, ResourceState
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import Status
from bcs_tui.base.text_width import clip, pad_right
from bcs_tui.base.timefmt import NS_PER_S, format_age, format_timestamp, parse_iso_ns
from bcs_tui.core.detail_view import LABEL_WIDTH, DetailLine, Piece, TimeContext, source_line
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.status_view import GlyphSet, status_style

CHAIN_STATUS_KINDS: dict[str, Status] = {
    "normal": Status.FINISHED,
    "abnormal": Status.FAILED,
    "eipabnormal": Status.FAILED,
    "freeze": Status.STOP,
    "hibernation": Status.PENDING,
}
"""``basic_info.status`` (any case) -> the status whose glyph and colour it is shown with."""

PART_STATUS_KINDS: dict[str, Status] = {
    **CHAIN_STATUS_KINDS,
    "failed": Status.FAILED,
    "error": Status.FAILED,
    "": Status.PENDING,
}
"""A resource part's status; a process word (``IsUpgrading``) reads as processing."""

HEALTH_LABEL = "Health"
MAX_ERROR_WIDTH = 72
"""An error is cut to this many cells: one line, beside its label, at 80 columns."""
MAX_WORD_WIDTH = 64
"""A word longer than this (a server gone wrong) is cut: it sits in a line. IDs fit."""
MAX_DETAIL_WIDTH = 400
"""The provider's detail text is cut to this: a few lines of the view, not a wall."""
FETCH_GRACE_NS = 3 * NS_PER_S
"""A read this much older than the interval is not yet overdue: the next one is on its way
(asked on the clock's tick, answered a moment later)."""
PART_LABEL_WIDTH = 16
PART_STATUS_WIDTH = 14


@dataclass(frozen=True)
class ChainHealth:
    """What is known of one chain: its detail, its resource status (fetched only for the
    blockchain view) and why the last fetch of each failed (short text, already safe)."""

    detail: BlockchainDetail | None = None
    status: BlockchainStatus | None = None
    error: str | None = None
    status_error: str | None = None


def error_text(error: BaseException) -> str:
    """An error on one line, made safe: ``HTTP 404 BCS.4004: The blockchain ...``; the
    lines cut it to ``MAX_ERROR_WIDTH``."""
    return safe_text(str(error) or type(error).__name__).strip()


def overdue_age(fetched_at: int | None, now: int, interval_ns: int) -> str | None:
    """How long ago the health was read (``40s ago``) when that is longer than the interval
    (paused, or the chain's source is slow or down: what it says may be out of date);
    ``None`` while it is fresh, so a healthy screen says nothing more."""
    if fetched_at is None or now - fetched_at <= interval_ns + FETCH_GRACE_NS:
        return None
    return format_age(fetched_at, now)


def _age_pieces(age: str | None, glyphs: GlyphSet) -> tuple[Piece, ...]:
    return () if age is None else (Piece(f" {glyphs.separator} {age}", "muted"),)


def _unavailable(error: str, glyphs: GlyphSet, indent: str = "") -> Piece:
    return Piece(f"{indent}unavailable: {clip(error, MAX_ERROR_WIDTH, glyphs.ellipsis)}", "muted")


def chain_status_kind(raw: str | None) -> Status:
    return CHAIN_STATUS_KINDS.get((raw or "").strip().lower(), Status.UNKNOWN)


def part_status_kind(raw: str | None) -> Status:
    word = (raw or "").strip()
    if word.startswith("Is"):
        return Status.PROCESSING
    return PART_STATUS_KINDS.get(word.lower(), Status.UNKNOWN)


def _word(raw: str | None, glyphs: GlyphSet) -> str:
    return clip(safe_text(raw or "").strip(), MAX_WORD_WIDTH, glyphs.ellipsis) or "unknown"


def _status_piece(raw: str | None, kind: Status, glyphs: GlyphSet) -> Piece:
    return Piece(f"{glyphs.status(kind)} {_word(raw, glyphs)}", status_style(kind))


def chain_status_piece(raw: str | None, glyphs: GlyphSet) -> Piece:
    """``✗ Abnormal`` in the failed style; an unknown word as received, in the unknown one."""
    return _status_piece(raw, chain_status_kind(raw), glyphs)


def process_piece(raw: str | None, glyphs: GlyphSet) -> Piece:
    """What is being done to the chain (``● IsUpgrading``), or ``nothing``."""
    word = safe_text(raw or "").strip()
    if not word:
        return Piece("nothing", "muted")
    return Piece(f"{glyphs.processing} {_word(word, glyphs)}", status_style(Status.PROCESSING))


def rollback_text(info: BasicInfo) -> str:
    if info.is_support_rollback is None:
        return "rollback unknown"
    return "rollback possible" if info.is_support_rollback else "no rollback"


def _field(label: str, *pieces: Piece) -> DetailLine:
    return (Piece(f"{label:<{LABEL_WIDTH}}", "label"), *pieces)


def _text_or_dash(raw: str | None, glyphs: GlyphSet) -> str:
    return clip(safe_text(raw or "").strip(), MAX_WORD_WIDTH, glyphs.ellipsis) or "-"


def health_lines(
    health: ChainHealth | None, glyphs: GlyphSet, age: str | None = None
) -> list[DetailLine]:
    """The detail pane's section, two lines at most::

        Health      ✗ Abnormal · ● IsUpgrading · 40s ago
        Version     v2.2.1 · raft · rollback possible

    ``age`` (``overdue_age``): how old the answer is, said only when it is overdue.
    Two lines while the first answer is awaited, and when it could not be had, too: the
    lines under them must not move when the answer comes (a user scrolling the pane would
    see them jump)."""
    if health is None or (health.detail is None and health.error is None):
        return [
            _field(HEALTH_LABEL, Piece(f"loading{glyphs.ellipsis}", "muted")),
            _field("Version", Piece(glyphs.ellipsis, "muted")),
        ]
    if health.error is not None:
        return [
            _field(HEALTH_LABEL, _unavailable(health.error, glyphs), *_age_pieces(age, glyphs)),
            _field("Version", Piece("-", "muted")),
        ]
    assert health.detail is not None
    info = health.detail.basic_info
    separator = Piece(f" {glyphs.separator} ", "muted")
    version, consensus = _text_or_dash(info.version, glyphs), _text_or_dash(info.consensus, glyphs)
    about = f" {glyphs.separator} ".join((version, consensus, rollback_text(info)))
    return [
        _field(
            HEALTH_LABEL,
            chain_status_piece(info.status, glyphs),
            separator,
            process_piece(info.process_status, glyphs),
            *_age_pieces(age, glyphs),
        ),
        _field("Version", Piece(about)),
    ]


def blockchain_view_lines(
    health: ChainHealth | None,
    glyphs: GlyphSet,
    name: str | None,
    blockchain_id: str,
    source: NamedSource | None = None,
    times: TimeContext | None = None,
    age: str | None = None,
) -> list[DetailLine]:
    """The blockchain view: who it is (and whose, with several sources), its state, then
    each resource part with the provider's detail text. ``name`` and ``blockchain_id``
    come from the record (the title reads right before the first answer); ``times``: the
    dashboard's time zone for the creation time; ``age`` as for ``health_lines``."""
    title = clip(safe_text(name or "").strip(), MAX_WORD_WIDTH, glyphs.ellipsis) or "-"
    lines: list[DetailLine] = [
        # The label in its column, as every line under it has (the values line up).
        (
            Piece(f"{'Blockchain':<{LABEL_WIDTH}}", "heading"),
            Piece(f"{title} ({_text_or_dash(blockchain_id, glyphs)})", "heading"),
        ),
    ]
    if source is not None:
        lines.append(source_line(source, glyphs))
    if health is None or (health.detail is None and health.error is None):
        lines.append(_field(HEALTH_LABEL, Piece(f"loading{glyphs.ellipsis}", "muted")))
    elif health.error is not None:
        lines.append(
            _field(HEALTH_LABEL, _unavailable(health.error, glyphs), *_age_pieces(age, glyphs))
        )
    if health is not None and health.detail is not None:
        basic = _basic_lines(health.detail.basic_info, glyphs, times)
        if health.error is None:
            basic[0] = (*basic[0], *_age_pieces(age, glyphs))
        lines.extend(basic)
    lines.append(())
    lines.append((Piece("Resources", "heading"),))
    lines.extend(_resource_lines(health, glyphs))
    return lines


def created_text(raw: str | None, glyphs: GlyphSet, times: TimeContext | None) -> str:
    """The chain's creation time in the dashboard's own format and zone when it parses
    (its format is not documented), else as received."""
    text = safe_text(raw or "").strip()
    if times is not None and text:
        try:
            return format_timestamp(parse_iso_ns(text), utc=times.utc, tz=times.tz)
        except ValueError:
            pass  # shown as sent
    return clip(text, MAX_WORD_WIDTH, glyphs.ellipsis) or "-"


def _basic_lines(
    info: BasicInfo, glyphs: GlyphSet, times: TimeContext | None = None
) -> list[DetailLine]:
    rollback = {True: "possible", False: "not possible", None: "unknown"}
    cluster = " ".join(
        _text_or_dash(part, glyphs) for part in (info.cluster_type, info.cluster_name) if part
    )
    if info.cluster_az:
        cluster += f" {glyphs.separator} {_text_or_dash(info.cluster_az, glyphs)}"
    return [
        _field("Status", chain_status_piece(info.status, glyphs)),
        _field("Doing", process_piece(info.process_status, glyphs)),
        _field("Version", Piece(_text_or_dash(info.version, glyphs), "value")),
        _field("Consensus", Piece(_text_or_dash(info.consensus, glyphs))),
        _field("Rollback", Piece(rollback[info.is_support_rollback])),
        _field("Service", Piece(_text_or_dash(info.service_type, glyphs))),
        _field("Cluster", Piece(cluster.strip() or "-")),
        _field("Created", Piece(created_text(info.created_time, glyphs, times), "muted")),
    ]


def _resource_lines(health: ChainHealth | None, glyphs: GlyphSet) -> list[DetailLine]:
    if health is None or (health.status is None and health.status_error is None):
        return [(Piece(f"  loading{glyphs.ellipsis}", "muted"),)]
    if health.status_error is not None:
        return [(_unavailable(health.status_error, glyphs, "  "),)]
    assert health.status is not None
    parts = health.status.parts()
    if not parts:
        return [(Piece("  none reported", "muted"),)]
    return [_part_line(label, state, glyphs) for label, state in parts]


def _part_line(label: str, state: ResourceState, glyphs: GlyphSet) -> DetailLine:
    """``  Elastic IP       ✗ Abnormal      The elastic IP is not bound ...``"""
    piece = _status_piece(state.status, part_status_kind(state.status), glyphs)
    label_piece = Piece(f"  {label:<{PART_LABEL_WIDTH}}", "label")
    detail = clip(safe_text(state.detail or "").strip(), MAX_DETAIL_WIDTH, glyphs.ellipsis)
    if not detail:
        return (label_piece, piece)
    status = Piece(pad_right(piece.text, PART_STATUS_WIDTH), piece.style)
    return (label_piece, status, Piece(f" {detail}", "detail"))
