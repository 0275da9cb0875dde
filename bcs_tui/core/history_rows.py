"""The stored operations the service no longer returns, as rows of the list (``H``).

An operation is identified by its project and operation ID: a stored one is shown while no
live record of a source of that project has its ID (the live record always wins), and
while it does not contradict the server filters in effect. Its row key is marked so it can
never be taken for a live row's key, and its row is built once, as the operation was last
seen: it never runs again, so no tick retimes it."""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord
from bcs_tui.base.text_width import cell_width
from bcs_tui.base.timefmt import format_age, format_timestamp
from bcs_tui.core.detail_view import DetailLine, Piece
from bcs_tui.core.listing import KeyedRecord
from bcs_tui.core.named_source import KEY_SEPARATOR
from bcs_tui.core.record_view import RowView, ShorterText
from bcs_tui.core.stored_operation import StoredOperation

HISTORY_KEY_MARK = "\x1fhistory" + KEY_SEPARATOR
"""Starts every history row's key. A control character: ``safe_text`` drops it from what
is shown, and a live key holding it too is made unique anyway (``HistoryRows.shown``)."""

HISTORY_MARKER = "history"
"""What marks a history row in the list (``history_row``)."""

Identity = tuple[str, str | None]
"""(project ID, operation ID): what identifies an operation across sources and polls."""


def matches_server_filters(record: OperationRecord, filters: RecordFilters) -> bool:
    """Whether ``record`` could be listed under ``filters`` (each set filter is a field the
    record must have): a history row must not contradict what the server was asked."""
    for name, value in filters.items():
        if name == "operation_status":
            if record.operation_status.value != value and record.operation_status_text != value:
                return False
        elif getattr(record, name) != value:
            return False
    return True


def history_row(row: RowView) -> RowView:
    """``row`` as a history row, drawn muted: marked at the start of its "Where" (a column
    every width shows) and in its "Updated" (its age would stop at its last sighting)."""
    cells = dict(row.cells)
    cells["updated"] = HISTORY_MARKER
    where = cells["where"]
    cells["where"] = f"{HISTORY_MARKER}: {where}" if where else HISTORY_MARKER
    shorter = row.shorter
    short_where = None if shorter is None else shorter.get("where")
    if shorter is not None and short_where is not None:
        shorter = {
            **shorter,
            "where": ShorterText(
                cell_width(cells["where"]), f"{HISTORY_MARKER}: {short_where.text}"
            ),
        }
    return replace(row, cells=cells, shorter=shorter, history=True)


def history_delta(
    before: Sequence[KeyedRecord], after: Sequence[KeyedRecord]
) -> tuple[list[KeyedRecord], list[KeyedRecord]] | None:
    """How the history rows listed went from ``before`` to ``after``: (came, went), each
    under a key not in the other; ``None`` when a key holds another record now, or so many
    changed that listing anew costs less."""
    had, has = dict(before), dict(after)
    came = [item for item in after if had.get(item[0]) is not item[1]]
    went = [item for item in before if has.get(item[0]) is not item[1]]
    if len(came) + len(went) > max(64, len(after) // 8):
        return None
    if any(key in had for key, _ in came):
        return None  # the same row in another form: its place is found anew
    return came, went


def history_detail_line(
    last_seen_ns: int, now: int, *, utc: bool, ended: bool = True
) -> DetailLine:
    """``From history: last seen 2026-11-30 21:04:05 (3h ago)``; for an operation last
    seen running (``ended`` false), that its end was never seen: its status and times are
    those of that moment, not of now."""
    seen = format_timestamp(last_seen_ns, utc=utc)
    line: DetailLine = (
        Piece("From history: ", "muted"),
        Piece(f"last seen {seen} ({format_age(last_seen_ns, now)})"),
    )
    if not ended:
        line = (*line, Piece(" while running; its end was not seen", "muted"))
    return line


def _identity(stored: StoredOperation) -> Identity:
    return stored.project_id, stored.record.operation_id


HISTORY_ROWS_AT_MOST = 10_000
"""History rows held at once: each costs about a live record's memory, and a long session
sees many operations go from the service's lists (the newest are kept)."""


class HistoryRows:
    """The stored operations, and which of them the list shows beside the live ones."""

    def __init__(self) -> None:
        self.operations: Sequence[StoredOperation] = ()
        """The loaded ones, those seen here in place of their stored form."""
        self._seen_here: dict[Identity, StoredOperation] = {}
        """Operations this session saw go from the service's list, as last seen."""
        self._shown: list[KeyedRecord] = []
        self._by_key: dict[str, StoredOperation] = {}
        self._source_by_key: dict[str, str] = {}
        self._identities: set[Identity] = set()
        self._made_for: tuple[object, ...] | None = None

    def set_operations(self, operations: Iterable[StoredOperation]) -> None:
        """The operations loaded from the local history."""
        seen = self._seen_here
        self.operations = [
            *seen.values(),
            *(stored for stored in operations if not seen or _identity(stored) not in seen),
        ][:HISTORY_ROWS_AT_MOST]
        self._identities = set(map(_identity, self.operations))
        self._made_for = None

    def add_seen(self, operations: Iterable[StoredOperation]) -> None:
        """Operations gone from a whole list the service returned, in the form the session
        last saw: each replaces what was loaded of it (the load may be older than the
        session, or read before the writer wrote the session's form). At the cost of those
        operations, but for a pass when one was listed already."""
        fresh = {_identity(stored): stored for stored in operations}
        if not fresh:
            return
        self._seen_here.update(fresh)
        replaced = fresh.keys() & self._identities
        kept = self.operations
        if replaced:
            kept = [stored for stored in kept if _identity(stored) not in replaced]
        operations = [*fresh.values(), *kept]
        self._identities |= fresh.keys()
        if len(operations) > HISTORY_ROWS_AT_MOST:
            # The oldest gone (those seen here come first, newest first): a long session
            # must not grow without bound.
            for stored in operations[HISTORY_ROWS_AT_MOST:]:
                identity = _identity(stored)
                self._seen_here.pop(identity, None)
                self._identities.discard(identity)
            operations = operations[:HISTORY_ROWS_AT_MOST]
        self.operations = operations
        self._made_for = None

    def shown(
        self,
        live_ids: Collection[Identity],
        live_keys: Collection[str],
        sources: Mapping[str, str],
        filters: RecordFilters,
    ) -> list[KeyedRecord]:
        """The history rows to list: each stored operation of a project shown (``sources``:
        project ID -> the name of its source) that is not live (``live_ids``) and matches
        ``filters``, under a key none of ``live_keys`` has. The same list object while
        nothing it depends on changed (the caller compares by identity)."""
        # Only live operations that are stored change what is shown: a new one (not stored
        # yet) leaves the rows as they are, so the list takes it at its own cost.
        stored_ids = self._identities
        live_stored = frozenset(identity for identity in live_ids if identity in stored_ids)
        made_for = (live_stored, tuple(sorted(sources.items())), filters)
        if made_for == self._made_for:
            return self._shown
        shown: list[KeyedRecord] = []
        by_key: dict[str, StoredOperation] = {}
        source_by_key: dict[str, str] = {}
        narrowed = bool(filters.items())
        for stored in self.operations:
            source = sources.get(stored.project_id)
            identity = (stored.project_id, stored.operation_id)
            if source is None or identity in live_ids:
                continue
            if narrowed and not matches_server_filters(stored.record, filters):
                continue
            key = f"{HISTORY_KEY_MARK}{stored.project_id}{KEY_SEPARATOR}{stored.operation_id}"
            while key in live_keys or key in by_key:
                # A live key with the mark (untrusted data), or an ID stored twice.
                key += "#"
            shown.append((key, stored.record))
            by_key[key] = stored
            source_by_key[key] = source
        self._shown, self._by_key, self._source_by_key = shown, by_key, source_by_key
        self._made_for = made_for
        return shown

    def stored(self, key: str | None) -> StoredOperation | None:
        """The stored operation of the history row ``key`` (``None``: not a history row)."""
        return None if key is None else self._by_key.get(key)

    def source_of(self, key: str) -> str | None:
        return self._source_by_key.get(key)

    def last_seen(self, key: str) -> int | None:
        stored = self._by_key.get(key)
        return None if stored is None else stored.last_seen_ns
