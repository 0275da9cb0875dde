"""Each source's own polling state, and the records of all of them as one list.

Every source has its own refresh policy (interval, back-off), last error and stale state, so
one slow or failing source never delays or hides the others: its answer changes its own
records alone, and the merged list (``Fleet.merged``) is those of every source in the
sources' order, each keyed by source (``named_source.source_key``). Textual-free; every
timestamp is integer nanoseconds."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bcs_tui.api.filters import RecordFilters, invalid_filter_reason
from bcs_tui.api.models import OperationRecord, RecordList
from bcs_tui.core.fetch_failure import note_failure
from bcs_tui.core.listing import KeyedRecord, keyed_records
from bcs_tui.core.named_source import NamedSource, source_key
from bcs_tui.core.polling import RefreshPolicy


class SourceHealth(StrEnum):
    CONNECTING = "connecting"
    """No answer yet, nor a failure."""
    LIVE = "live"
    STALE = "stale"
    """Failing now; the records of its last good answer are still shown."""
    FAILING = "failing"
    """Failing, and never answered: nothing of it is shown."""


@dataclass
class SourceState:
    source: NamedSource
    policy: RefreshPolicy
    records: list[KeyedRecord] = field(default_factory=list)
    """Its last good answer, keyed by source."""
    last_error: BaseException | None = None
    updated_ns: int | None = None
    """When its last good answer arrived."""
    stale_since_ns: int | None = None
    """When its records became stale (the first failure since good data)."""
    fetching: bool = False
    listed_filters: RecordFilters | None = None
    """The server filters ``records`` were listed with (``None`` before any answer)."""
    last_result: RecordList | None = None

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def health(self) -> SourceHealth:
        if self.last_error is not None:
            return SourceHealth.FAILING if self.updated_ns is None else SourceHealth.STALE
        return SourceHealth.CONNECTING if self.updated_ns is None else SourceHealth.LIVE


class Fleet:
    """The sources' states, by name, in the order given."""

    def __init__(self, sources: Sequence[NamedSource], policy: RefreshPolicy) -> None:
        names = [source.name for source in sources]
        if len(set(names)) != len(names):
            raise ValueError(f"source names must differ: {names}")
        self.states: tuple[SourceState, ...] = tuple(
            SourceState(source, policy) for source in sources
        )
        self._by_name = {state.name: state for state in self.states}
        self._source_by_key: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.states)

    def state(self, name: str) -> SourceState:
        return self._by_name[name]

    @property
    def row_keys_held(self) -> int:
        """How many row keys map to a source: as many as the sources hold records (the soak
        checks that this map does not outgrow them)."""
        return len(self._source_by_key)

    def source_of(self, key: str) -> str | None:
        """The name of the source whose record has row key ``key`` (``None``: none has)."""
        return self._source_by_key.get(key)

    def held_at(self, key: str) -> int | None:
        """When the source of the record with row key ``key`` became stale: its rows are
        shown as at that moment (``None``: it is live, or no source has the key)."""
        name = self._source_by_key.get(key)
        return None if name is None else self._by_name[name].stale_since_ns

    def stale_moments(self) -> tuple[int | None, ...]:
        """Each source's ``stale_since_ns``: when this changes, its rows read otherwise."""
        return tuple(state.stale_since_ns for state in self.states)

    def merged(self) -> list[KeyedRecord]:
        """Every source's records, source after source."""
        return [item for state in self.states for item in state.records]

    def begin_fetch(self, name: str) -> None:
        self._by_name[name].fetching = True

    def accept(self, name: str, result: RecordList, filters: RecordFilters, now: int) -> bool:
        """A good answer of source ``name`` for ``filters`` at ``now``; whether what changed
        is news (the source had records listed with the same filters before)."""
        state = self._by_name[name]
        news = state.listed_filters == filters
        state.fetching = False
        state.last_error = state.stale_since_ns = None
        state.updated_ns = now
        if result is not state.last_result or not news:
            owners = self._source_by_key
            for key, _ in state.records:
                owners.pop(key, None)
            keyed = []
            for key, record in keyed_records(result.records):
                row_key = source_key(name, key)
                if row_key in owners:
                    # Source names holding the separator could meet another's keys (the
                    # IDs are the server's): row keys must stay unique.
                    row_key = _unused(owners, row_key)
                owners[row_key] = name
                keyed.append((row_key, record))
            state.records, state.last_result, state.listed_filters = keyed, result, filters
        running = any(record.operation_status.is_running for _, record in state.records)
        state.policy = state.policy.after_success(running)
        return news

    def running_operations(self, name: str, limit: int) -> list[tuple[str, str]] | None:
        """The running operations of source ``name`` to poll one by one, each as (row key,
        operation ID), or ``None`` when more than ``limit`` run (one whole list costs less
        then). Only an operation listed under its own ID (not repeated by the server) with
        an ID that is a valid filter value qualifies; the others wait for the whole list."""
        running = [
            (key, record.operation_id or "")
            for key, record in self._by_name[name].records
            if record.operation_status.is_running
        ]
        if len(running) > limit:
            return None
        return [
            (key, operation_id)
            for key, operation_id in running
            if key == source_key(name, operation_id)
            and invalid_filter_reason("operation_id", operation_id) is None
        ]

    def accept_polled(self, name: str, fresh: dict[str, OperationRecord], now: int) -> None:
        """Good polls of running operations of source ``name`` at ``now``: ``fresh`` holds
        the records that changed, by row key."""
        state = self._by_name[name]
        state.fetching = False
        state.last_error = state.stale_since_ns = None
        state.updated_ns = now
        if fresh:
            state.records = [(key, fresh.get(key, record)) for key, record in state.records]
            # The next whole list is compared with these, even if it is byte-identical to
            # the last one.
            state.last_result = None
        running = any(record.operation_status.is_running for _, record in state.records)
        state.policy = state.policy.after_success(running)

    def fail(self, name: str, error: BaseException, now: int, *, keep_backoff: bool) -> None:
        """Source ``name`` failed at ``now``; its records stay, stale. ``keep_backoff``: a
        retry the user asked for (``r``) that failed leaves its back-off as it was."""
        note_failure(self._by_name[name], error, now, keep_backoff=keep_backoff)

    def set_interval(self, policy: RefreshPolicy) -> None:
        """The interval keys (``+``/``-``) apply to every source; back-offs stay."""
        for state in self.states:
            state.policy = replace(state.policy, interval_s=policy.interval_s)


def _unused(taken: dict[str, str], key: str) -> str:
    count = 2
    while f"{key} #{count}" in taken:
        count += 1
    return f"{key} #{count}"
