"""The dashboard's view state, free of any UI toolkit: the records, the visible list (text
search, sort column and direction), the selection by row key, the server filters, the
refresh policy, the connection facts for the header, the transitions to announce, and what
changed since the last render.

The app feeds it plain method calls (fetch results and errors, keys, clock ticks) and
redraws only what ``take_changes`` reports. Every timestamp is integer nanoseconds.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain, compress, repeat
from operator import attrgetter, is_not, itemgetter
from typing import Final

from bcs_tui.api.filters import RecordFilters, invalid_filter_reason
from bcs_tui.api.models import OperationRecord, RecordList
from bcs_tui.base.safe_text import safe_text
from bcs_tui.core.column_layout import SOURCE, Sorting, sorting_of
from bcs_tui.core.diffing import Transition, transitions
from bcs_tui.core.expectations import EMPTY_EXPECTATIONS, Expectations, KindExpectation
from bcs_tui.core.fetch_failure import note_failure
from bcs_tui.core.filter_words import filter_words, nothing_listed_text
from bcs_tui.core.header_view import HeaderView, connection_state, describe_error
from bcs_tui.core.history_rows import HistoryRows, Identity, history_delta
from bcs_tui.core.listing import KeyedRecord, SortColumn, keyed_records, next_sort_column
from bcs_tui.core.liveness import changes_at, liveness_of
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.quick_filter import QuickFilter, apply_quick_filter, next_attention_key
from bcs_tui.core.record_view import RowView
from bcs_tui.core.row_cache import NEVER, RowViewCache, age_changes_at
from bcs_tui.core.source_state import Fleet
from bcs_tui.core.source_summary import fleet_error, fleet_summary
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.core.text_filter import no_match_text, query_words
from bcs_tui.core.view_changes import NO_ROW_CHANGES, RowDiff, ViewChanges, diff_row_views
from bcs_tui.core.visible_list import VisibleList, place_selection

_Changes = tuple[
    list[tuple[str, OperationRecord, OperationRecord]], list[KeyedRecord], list[KeyedRecord]
]
"""(replaced, each as (key, before, after); added; removed)."""


class DashboardState:
    """Public attributes are for reading; change them only through the methods, which
    note what the change means for the next ``take_changes``."""

    def __init__(
        self,
        *,
        glyphs: GlyphSet,
        policy: RefreshPolicy,
        server_filters: RecordFilters,
        utc: bool = False,
        profile: str = "",
        region: str | None = None,
        project_id: str = "",
        fleet: Fleet | None = None,
        keeps_history: bool = False,
    ) -> None:
        self.fleet = fleet
        self.keeps_history = keeps_history
        """There is a local history (``H`` lists it): operations gone from a whole list
        are kept as its rows. Without one, nothing is kept of them."""
        """Several sources (``None``: one, as before): each answer comes through
        ``accept_source`` / ``fail_source``, and row keys are keyed by source."""
        self._separator = glyphs.separator
        self.source_filter: str | None = None
        """With several sources: show the records of this one alone (the sources view)."""
        self.policy = policy
        self.server_filters = server_filters
        self.utc = utc
        self.paused = False
        self.fetching = False
        self.last_error: BaseException | None = None
        self.updated_ns: int | None = None
        """When the last good result arrived (the whole list or one running operation)."""
        self.listed_ns: int | None = None
        """When the last good whole list arrived."""
        self.next_due_ns: int | None = None
        """When the app plans the next fetch or retry (``plan_next``): the countdown."""
        self.stale_since_ns: int | None = None
        """When the data shown became stale (the first failure since good data): the
        list's times stay at that moment while it is stale."""
        self.records: list[KeyedRecord] = []
        """As the server listed them, keyed as ``listing.keyed_records`` does."""
        self.search = ""
        self.quick_filter = QuickFilter.ALL
        """The status filter of keys 1-4, applied here (no request), like the search."""
        self.sort_column = SortColumn.DEFAULT
        self.sort_reverse = False
        self.sort_by_source = False
        """With several sources: sorted by source first (then ``sort_column``), the step
        of ``s`` after the last column."""
        self.selected_key: str | None = None
        self._identity: Final = (profile, region, project_id)
        self._by_key: dict[str, OperationRecord] = {}
        self._index: dict[str, int] = {}
        self._repeated_ids: set[str | None] = set()
        self._running: set[str] = set()
        """The keys of the running records."""
        self._last_result: RecordList | None = None
        self._fetched_filters: RecordFilters | None = None
        self.show_history = False
        """The stored operations the service no longer returns are listed too (``H``)."""
        self._history = HistoryRows()
        self._history_shown: list[KeyedRecord] = []
        """The history rows listed beside the live ones (none while hidden)."""
        self._listed: tuple[list[KeyedRecord], list[KeyedRecord], list[KeyedRecord]] | None
        self._listed = None  # (records, history rows, both): the list's items
        self._history_prepared: tuple[list[KeyedRecord], int, list[KeyedRecord]] | None = None
        """(history rows, how many of them ``prepare_history`` built, for which records)."""
        source_of = None if fleet is None else self.source_of
        self._list = VisibleList(source_of)
        self._row_cache = RowViewCache(glyphs, source_of, None if fleet is None else fleet.held_at)
        self._row_cache.set_history_seen(self._history.last_seen)
        self._visible: Sequence[KeyedRecord] = []
        # (an earlier visible list, the places at which the visible list now differs from it)
        self._visible_replaced: tuple[Sequence[KeyedRecord], set[int]] | None = None
        # (the visible list they show, right from, right until, the rows)
        self._rows: tuple[Sequence[KeyedRecord], int, int, list[RowView]] | None = None
        # What was last reported, and what happened since.
        self._shown_rows: list[RowView] = []
        # (rows, the rows they came from by the clock alone, the indices that changed)
        self._rows_changed_since: tuple[list[RowView], list[RowView], set[int]] | None = None
        # The selected key and record last reported, or the text shown instead.
        self._shown_detail: tuple[str | None, OperationRecord | None, str | None] | None
        self._shown_detail = None
        self._header_due = NEVER
        self._header_dirty = True
        self._detail_dirty = True
        self._move_cursor = False
        self._transitions: list[Transition] = []
        self.expectations = EMPTY_EXPECTATIONS
        """What finished operations of each kind say (``set_expectations``)."""

    # ------------------------------------------------------------------ data in

    def begin_fetch(self) -> None:
        """A fetch started. Not reported as a header change: a quick fetch would repaint
        the header twice for nothing; call ``fetch_is_slow`` to say "refreshing"."""
        self.fetching = True

    def fetch_is_slow(self) -> None:
        self._header_dirty = True

    def accept(self, result: RecordList, filters: RecordFilters, now: int) -> None:
        """A good fetch of ``filters`` arrived at ``now``."""
        self.fetching = False
        self._end_staleness()
        self.updated_ns = self.listed_ns = now
        self._header_dirty = True
        if result is self._last_result and filters == self._fetched_filters:
            # The client hands back the same object for a byte-identical body: nothing
            # changed, so there is nothing to diff, announce or rebuild.
            self.policy = self.policy.after_success(self.policy.active)
            return
        self._last_result = result
        if filters == self._fetched_filters:
            replaced = self._replaced_in_place(result.records)
            if replaced is not None:
                self._accept_replaced(replaced, now)
                return
        keyed = keyed_records(result.records)
        if filters == self._fetched_filters:
            changes = self._changed_records(keyed)
            if changes is not None:
                self._keep_vanished(changes[2], self._identity[0], self._identity[2], now)
                self._accept_changes(keyed, *changes, now)
                return
        by_key = dict(keyed)
        if self._fetched_filters == filters:
            # Another server filter lists other records: that is no news to announce.
            self._transitions.extend(transitions(self._by_key, by_key))
            gone = self._by_key.keys() - by_key.keys()
            vanished = [(key, self._by_key[key]) for key in gone]
            self._keep_vanished(vanished, self._identity[0], self._identity[2], now)
        self._fetched_filters = filters
        self._set_records(keyed)
        self._records_changed(now)

    def _set_records(self, keyed: list[KeyedRecord]) -> None:
        self.records, self._by_key = keyed, dict(keyed)
        self._index = {key: index for index, (key, _) in enumerate(keyed)}
        ids = [record.operation_id for _, record in keyed]
        if len(set(ids)) == len(ids):
            self._repeated_ids = set()
        else:
            counts = Counter(ids)
            self._repeated_ids = {operation_id for operation_id, n in counts.items() if n > 1}

    def _replaced_in_place(
        self, fresh: Sequence[OperationRecord]
    ) -> list[tuple[str, OperationRecord, OperationRecord]] | None:
        """``_changed_records`` for the usual whole list: the operations listed now, in
        the same places, so the places that differ are found by identity at C speed
        (no key is built); ``None`` when any of them holds another operation."""
        records = self.records
        if len(fresh) != len(records):
            return None
        replaced = []
        listed = map(itemgetter(1), records)
        for index in compress(range(len(fresh)), map(is_not, listed, fresh)):
            key, before = records[index]
            after = fresh[index]
            if after.operation_id != before.operation_id:
                return None
            if after != before:
                replaced.append((key, before, after))
        return replaced

    def _changed_records(self, keyed: list[KeyedRecord]) -> _Changes | None:
        """How ``keyed`` differs from the records listed now: (replaced, each as (key,
        before, after); added; removed), or ``None`` when so much changed that listing
        anew costs less. The client keeps each record sent exactly as last time, so the
        others are found by identity; a record polled alone since is another object,
        compared by value, and when equal the one listed stays (in ``keyed`` too)."""
        listed = self._by_key
        fresh = dict(keyed)
        came = fresh.keys() - listed.keys()
        gone = listed.keys() - fresh.keys()
        limit = max(64, len(keyed) // 8)
        if len(came) + len(gone) > limit:
            return None
        replaced = []
        for index, (key, after) in enumerate(keyed):
            before = listed.get(key)
            if before is after or before is None:
                continue
            if after == before:
                keyed[index] = (key, before)
            else:
                replaced.append((key, before, after))
                if len(replaced) > limit:
                    return None
        added = [item for item in keyed if item[0] in came] if came else []
        removed = [(key, listed[key]) for key in gone]
        return replaced, added, removed

    def _accept_changes(
        self,
        keyed: list[KeyedRecord],
        replaced: list[tuple[str, OperationRecord, OperationRecord]],
        added: list[KeyedRecord],
        removed: list[KeyedRecord],
        now: int,
    ) -> None:
        """A whole list that changed only ``replaced``, ``added`` and ``removed``
        (``_changed_records``), at the cost of those records where the order allows."""
        if not added and not removed:
            # The same operations, perhaps in another order (the order shown does not
            # depend on the server's): the changed ones are replaced at their cost.
            self.records = keyed
            self._index = {key: index for index, (key, _) in enumerate(keyed)}
            self._accept_replaced(replaced, now)
            return
        self._transitions.extend(transitions({}, dict(added)))
        for key, old, new in replaced:
            self._transitions.extend(transitions({key: old}, {key: new}))
        self._set_records(keyed)
        for key, _ in removed:
            self._running.discard(key)
        for key, record in [*added, *((key, new) for key, _, new in replaced)]:
            if record.operation_status.is_running:
                self._running.add(key)
            else:
                self._running.discard(key)
        self._row_cache.forget(removed)
        history_before = self._history_shown
        if self.show_history and self._update_history_shown():
            # Stored operations live again, or live ones gone to the history: at their
            # cost like the live ones when few, else listed anew.
            delta = history_delta(history_before, self._history_shown)
            if delta is None:
                self._records_changed(now)
                return
            self._row_cache.forget(delta[1])
            added, removed = [*added, *delta[0]], [*removed, *delta[1]]
        listed = self._listed_items()
        column, reverse = self.sort_column, self.sort_reverse
        if not self._list.add_remove(listed, added, removed, column, reverse=reverse, now=now):
            self._records_changed(now)
            return
        if (
            replaced
            and self._list.replace(listed, replaced, column, reverse=reverse, now=now) is None
        ):
            self._records_changed(now)
            return
        self.policy = self.policy.after_success(bool(self._running))
        # Rows came and went: the rows are built anew (from the rows cached per record).
        self._refresh_visible(now, first_match=False)

    def accept_source(
        self, name: str, result: RecordList, filters: RecordFilters, now: int
    ) -> bool:
        """A good answer of the source ``name`` (of ``fleet``) for ``filters`` at ``now``:
        the merged list changes by that source's records alone; its changes are announced
        unless it is the source's first answer for these filters. Whether the screen must
        show more than the new "updated" time (which the clock's next tick paints)."""
        assert self.fleet is not None
        source = self.fleet.state(name)
        unchanged = result is source.last_result and filters == source.listed_filters
        recovered = source.last_error is not None
        stale_moments = self.fleet.stale_moments()
        news = self.fleet.accept(name, result, filters, now)
        self._rows_held_otherwise(stale_moments)
        self.updated_ns = self.listed_ns = now
        self._fetched_filters = filters
        self._header_dirty = True
        if unchanged:
            # The client hands back the same object for a byte-identical body.
            return recovered
        keyed = self.fleet.merged()
        announced = len(self._transitions)
        changes = self._changed_records(keyed) if self.records else None
        project = source.source.project_id
        if changes is not None:
            if news:
                self._keep_vanished(changes[2], name, project, now)
            self._accept_changes(keyed, *changes, now)
        else:
            if news:
                by_key = dict(keyed)
                self._transitions.extend(transitions(self._by_key, by_key))
                gone = self._by_key.keys() - by_key.keys()
                vanished = [(key, self._by_key[key]) for key in gone]
                self._keep_vanished(vanished, name, project, now)
            self._set_records(keyed)
            self._records_changed(now)
        if not news:
            # Its first answer (or the first for new server filters): no news to announce.
            del self._transitions[announced:]
        return True

    def accept_source_polled(
        self, name: str, answers: Sequence[tuple[str, str, RecordList]], now: int
    ) -> bool:
        """Good polls of running operations of the source ``name`` at ``now``, each (row
        key, operation ID, answer) (``Fleet.running_operations``): ``accept_polled`` for
        one source. Whether any record changed."""
        assert self.fleet is not None
        replaced: list[tuple[str, OperationRecord, OperationRecord]] = []
        for key, operation_id, result in answers:
            fresh = next((r for r in result.records if r.operation_id == operation_id), None)
            before = self._by_key.get(key)
            if fresh is None or before is None or fresh == before:
                continue
            replaced.append((key, before, fresh))
        stale_moments = self.fleet.stale_moments()
        self.fleet.accept_polled(name, {key: after for key, _, after in replaced}, now)
        self._rows_held_otherwise(stale_moments)
        self.updated_ns = now
        self._header_dirty = True
        if replaced:
            self._accept_replaced(replaced, now)
        return bool(replaced)

    def fail_source(
        self, name: str, error: BaseException, now: int, *, keep_backoff: bool = False
    ) -> None:
        """The source ``name`` failed at ``now``: its records stay; the others live on."""
        assert self.fleet is not None
        stale_moments = self.fleet.stale_moments()
        self.fleet.fail(name, error, now, keep_backoff=keep_backoff)
        self._rows_held_otherwise(stale_moments)
        self._header_dirty = True

    def _rows_held_otherwise(self, before: tuple[int | None, ...]) -> None:
        """A source became stale or live again since ``before`` (``Fleet.stale_moments``):
        its rows are built anew (dimmed and held, or live) on the next ``rows``, in one
        pass over the visible rows; a rare event, so the clock's ticks stay cheap."""
        assert self.fleet is not None
        if self.fleet.stale_moments() != before:
            self._rows = None
            self._rows_changed_since = None

    def set_source_filter(self, name: str | None, now: int) -> None:
        """Show the records of the source ``name`` alone (``None``: of every source)."""
        if name == self.source_filter:
            return
        self.source_filter = name
        self._header_dirty = True
        self._refresh_visible(now, first_match=True)

    def operations_to_poll(self, limit: int) -> list[str] | None:
        """The running operations to poll one by one (``accept_one``), or ``None`` when
        more than ``limit`` run: then one whole list costs less than that many requests.
        Only operations whose ID is their key (not repeated by the server) and is a valid
        filter value qualify; the others wait for the whole list."""
        running = [
            key
            for key in sorted(self._running, key=self._index.__getitem__)
            if key == self._by_key[key].operation_id
            and key not in self._repeated_ids
            and invalid_filter_reason("operation_id", key) is None
        ]
        return None if len(running) > limit else running

    def accept_one(self, operation_id: str, result: RecordList, now: int) -> None:
        """A good poll of the one operation ``operation_id`` (``operations_to_poll``)
        arrived at ``now``: its record replaces the one listed, and its ending is
        announced. An operation missing from ``result`` stays until the next whole list
        says whether it is gone."""
        self.accept_polled([(operation_id, result)], now)

    def accept_polled(self, answers: Sequence[tuple[str, RecordList]], now: int) -> bool:
        """``accept_one`` for a round of polls: the list is rebuilt once, not per answer.
        Whether anything changed but the time of the last update (a record, or the end of
        a failure): when nothing did, the header's "updated" may wait for the clock's
        next tick instead of a frame of its own."""
        news = self.last_error is not None
        self.fetching = False
        self._end_staleness()
        self.updated_ns = now
        self._header_dirty = True
        replaced: list[tuple[str, OperationRecord, OperationRecord]] = []
        for operation_id, result in answers:
            fresh = next((r for r in result.records if r.operation_id == operation_id), None)
            before = self._by_key.get(operation_id)
            if fresh is None or before is None or fresh == before:
                continue
            replaced.append((operation_id, before, fresh))
        if not replaced:
            self.policy = self.policy.after_success(self.policy.active)
            return news
        self._accept_replaced(replaced, now)
        return True

    def _accept_replaced(
        self, replaced: list[tuple[str, OperationRecord, OperationRecord]], now: int
    ) -> None:
        """Records replaced by others under the same keys, each (key, before, after):
        their endings are announced, and the list follows at the cost of those records
        (``_replace_in_place``) where it can."""
        # A new list, not an edit in place: views handed out keep what they showed.
        records = list(self.records)
        latest: dict[str, OperationRecord] = {}
        for key, before, after in replaced:
            self._transitions.extend(transitions({key: before}, {key: after}))
            records[self._index[key]] = (key, after)
            self._by_key[key] = after
            latest[key] = after
            if after.operation_status.is_running:
                self._running.add(key)
            else:
                self._running.discard(key)
        self.records = records
        # A key polled twice in one round: the list goes from the first before to the last.
        first: dict[str, OperationRecord] = {}
        for key, before, _ in replaced:
            first.setdefault(key, before)
        merged = [(key, before, latest[key]) for key, before in first.items()]
        if not self._replace_in_place(merged, now):
            self._records_changed(now)

    def _replace_in_place(
        self, replaced: list[tuple[str, OperationRecord, OperationRecord]], now: int
    ) -> bool:
        """``_records_changed`` for records replaced under the same keys, at the cost of
        those records and of the places they move across (a poll round of running
        operations must not cost a pass over 10,000 rows); false when the list must be
        rebuilt."""
        places = self._list.replace(
            self._listed_items(), replaced, self.sort_column, reverse=self.sort_reverse, now=now
        )
        if places is None:
            return False
        self.policy = self.policy.after_success(bool(self._running))
        self._show_replaced(places, now)
        return True

    def _show_replaced(self, places: set[int], now: int) -> None:
        """The visible list after ``VisibleList.replace`` changed ``places``."""
        narrowed = self.quick_filter is not QuickFilter.ALL or self.source_filter is not None
        if narrowed or query_words(self.search):
            # A replaced record may start or stop matching: filter again (one pass over
            # the texts kept), and build the rows of the matches anew.
            self._refresh_visible(now, first_match=False)
            return
        previous = self._visible
        self._visible = self._list.items(
            self.sort_column, reverse=self.sort_reverse, search=self.search, now=now
        )
        # The same keys, some in other places: the selection stays on its key.
        since, known = self._visible_replaced or (previous, set())
        self._visible_replaced = (since, known | places)

    def _records_changed(self, now: int) -> None:
        self._update_history_shown()
        listed = self._listed_items()
        self._list.set_records(listed)
        prepared = self._history_prepared
        if self.show_history or prepared is None:
            self._row_cache.retain(listed)
        else:
            # The history rows built ahead stay for the next ``H``.
            self._row_cache.retain(chain(listed, prepared[0][: prepared[1]]))
        self._running = {key for key, record in self.records if record.operation_status.is_running}
        self.policy = self.policy.after_success(bool(self._running))
        self._refresh_visible(now, first_match=False)

    def fail(self, error: BaseException, now: int, *, keep_backoff: bool = False) -> None:
        """A fetch failed at ``now``; the data shown stays, marked stale. ``keep_backoff``:
        a retry the user asked for (``r``) that failed leaves the back-off as it was."""
        note_failure(self, error, now, keep_backoff=keep_backoff)
        self._header_dirty = True

    def plan_next(self, due_ns: int | None) -> None:
        """The app planned its next fetch or retry for ``due_ns`` (``None``: none, paused)."""
        if due_ns != self.next_due_ns:
            self.next_due_ns = due_ns
            self._header_dirty = True

    def shown_now(self, now: int, key: str | None = None) -> int:
        """The time the list and detail are shown at: ``now``, or while the data is stale
        the moment it became stale (running durations must not go on as if live). With
        several sources, ``key``'s record is shown as at the moment its source became
        stale."""
        seen = self.history_last_seen(key)
        if seen is not None:
            return min(now, seen)  # it is shown as it was last seen
        if self.last_error is not None and self.stale_since_ns is not None:
            return min(now, self.stale_since_ns)
        held = None if self.fleet is None or key is None else self.fleet.held_at(key)
        return now if held is None else min(now, held)

    def set_server_filters(self, filters: RecordFilters) -> bool:
        """Whether they differ from the current ones (then the app fetches again)."""
        if filters == self.server_filters:
            return False
        self.server_filters = filters
        self._header_dirty = True
        return True

    def _end_staleness(self) -> None:
        self.last_error = None
        self.stale_since_ns = None

    # ------------------------------------------------------------------ keys in

    def set_search(self, text: str, now: int) -> None:
        if text == self.search:
            return
        self.search = text
        self._header_dirty = True
        self._refresh_visible(now, first_match=True)

    def set_quick_filter(self, quick: QuickFilter, now: int) -> None:
        """Show only the records of ``quick``; the selection stays if still shown, else
        goes to the first row (as after a search)."""
        if quick is self.quick_filter:
            return
        self.quick_filter = quick
        self._header_dirty = True
        self._refresh_visible(now, first_match=True)

    def jump_to_attention(self, *, backward: bool = False) -> tuple[str, bool] | None:
        """Select the next (``backward``: previous) failed or stopped record shown,
        wrapping around: its key and whether it wrapped, or ``None`` when none is shown."""
        found = next_attention_key(self._visible, self.selected_key, backward=backward)
        if found is not None and found[0] != self.selected_key:
            self.selected_key = found[0]
            self._move_cursor = self._detail_dirty = True
        return found

    def select(self, key: str | None) -> None:
        """The user moved the list's cursor to ``key`` (the list already shows it)."""
        if key != self.selected_key:
            self.selected_key = key
            self._detail_dirty = True

    def cycle_sort(self, now: int) -> None:
        if self.sort_by_source:
            self.sort_by_source = False  # back to the default order
        else:
            column = next_sort_column(self.sort_column)
            # With several sources, by source comes last (then the default order).
            self.sort_by_source = self.fleet is not None and column is SortColumn.DEFAULT
            self.sort_column = column
        self._list.set_by_source(self.sort_by_source)
        self._reorder(now)

    @property
    def sorting(self) -> Sorting:
        """The column the list marks as sorted by, and the direction."""
        if self.sort_by_source:
            return Sorting(SOURCE, self.sort_reverse)
        return sorting_of(self.sort_column, self.sort_reverse)

    def reverse_sort(self, now: int) -> None:
        self.sort_reverse = not self.sort_reverse
        self._reorder(now)

    def toggle_utc(self) -> None:
        self.utc = not self.utc
        self._header_dirty = self._detail_dirty = True

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._header_dirty = True

    def interval_longer(self) -> None:
        self.policy = self.policy.longer()
        self._header_dirty = True

    def interval_shorter(self) -> None:
        self.policy = self.policy.shorter()
        self._header_dirty = True

    def set_expectations(self, expectations: Expectations) -> None:
        """What the history says each kind usually takes: the detail's ETA, usual and slow
        steps, and the list's slow marks (none of it shows before this is called)."""
        self.expectations = expectations
        self._row_cache.set_expectations(None if not expectations.kinds else self._expected)
        self._rows = None  # the rows of running records are built again
        self._detail_dirty = True

    def expectation_of(self, key: str | None) -> KindExpectation | None:
        """What to expect of the record of row ``key`` (its source's own numbers when it
        has enough, ``Expectations.of``); ``None`` when nothing is known."""
        record = self.record_for(key)
        if record is None or key is None:
            return None
        if not record.operation_status.is_ended and self.history_last_seen(key) is not None:
            return None  # last seen running: how it went on is not known (no ETA, no slow)
        return self._expected(key, record)

    def _expected(self, key: str, record: OperationRecord) -> KindExpectation | None:
        if not record.is_valid:
            return None  # its status and steps are not what it says: nothing to expect
        # A history row's source too (``source_of``): compared with that source's own.
        return self.expectations.of(record, self.source_of(key))

    # ------------------------------------------------------------------ history

    def set_history(self, operations: Sequence[StoredOperation], now: int | None = None) -> None:
        """The stored operations (loaded from the local history off the event loop); the
        list shows those the service no longer returns while ``show_history`` is on."""
        self._history.set_operations(operations)
        if self.show_history:
            self._history_toggled((self.updated_ns or 0) if now is None else now)

    def _keep_vanished(
        self, vanished: Sequence[KeyedRecord], source: str, project_id: str, now: int
    ) -> None:
        """Operations gone from a whole list of ``source`` (of ``project_id``) at ``now``:
        what the session saw stays, as history rows in their last seen form. Only a whole
        list says an operation is gone (a poll of one may miss it for a moment). When it
        was first seen is the store's to say: the rows show the last sighting only."""
        if vanished and self.keeps_history:
            self._history.add_seen(
                StoredOperation(source, project_id, record, now, now) for _, record in vanished
            )

    def toggle_history(self, now: int) -> None:
        """``H``: list the stored operations the service no longer returns, or stop."""
        self.show_history = not self.show_history
        self._history_toggled(now)

    def history_last_seen(self, key: str | None) -> int | None:
        """When the operation of the history row ``key`` was last seen (``None``: ``key``
        is no history row listed)."""
        if key is None or not self._history_shown:
            return None
        return self._history.last_seen(key)

    def _history_toggled(self, now: int) -> None:
        self._header_dirty = self._detail_dirty = True
        self._update_history_shown()
        self._list.set_records(self._listed_items())
        self._refresh_visible(now, first_match=False)

    def prepare_history(self, now: int, count: int) -> bool:
        """Build ``count`` more history rows' views and search texts ahead of time (after
        the history is loaded, a little at a time), so ``H`` and the first search after it
        do not pay for them; whether any are left to build."""
        prepared = self._history_prepared
        if prepared is not None and prepared[2] is self.records:
            items = prepared[0]  # the live list is the same: so are the history rows
        else:
            items = self._history_items()
        start = prepared[1] if prepared is not None and prepared[0] is items else 0
        chunk = items[start : start + count]
        self._row_cache.prepare(chunk, now)
        self._list.prepare_texts(chunk)
        self._history_prepared = (items, start + len(chunk), self.records)
        return start + len(chunk) < len(items)

    def _update_history_shown(self) -> bool:
        """Which history rows to list now; whether that changed."""
        before = self._history_shown
        if not self.show_history or not self._history.operations:
            self._history_shown = []
            return bool(before)
        self._history_shown = self._history_items()
        return self._history_shown is not before

    def _history_items(self) -> list[KeyedRecord]:
        """The history rows to list while ``show_history`` is on (the same list object
        while the live operations that are stored and the server filters stay)."""
        if not self._history.operations:
            return []
        return self._history.shown(
            self.live_identities(), self._by_key.keys(), self._projects(), self.server_filters
        )

    def live_identities(self) -> frozenset[Identity]:
        """The (project, operation ID) of each live record."""
        if self.fleet is None:
            project = self._identity[2]
            # At C speed: built on each whole list while the history rows are listed.
            ids = map(attrgetter("operation_id"), map(itemgetter(1), self.records))
            return frozenset(zip(repeat(project), ids))
        project_of = {name: project for project, name in self._projects().items()}
        source_of = self.fleet.source_of
        return frozenset(
            (project_of.get(source_of(key) or "", ""), record.operation_id)
            for key, record in self.records
        )

    def _projects(self) -> dict[str, str]:
        """Each project shown -> the name of its source ("" with one source)."""
        if self.fleet is None:
            return {self._identity[2]: ""}
        return {state.source.project_id: state.name for state in self.fleet.states}

    def _listed_items(self) -> list[KeyedRecord]:
        """What the list holds: the live records, then the history rows shown."""
        history = self._history_shown
        if not history:
            return self.records
        cached = self._listed
        if cached is not None and cached[0] is self.records and cached[1] is history:
            return cached[2]
        both = self.records + history
        self._listed = (self.records, history, both)
        return both

    def source_of(self, key: str) -> str | None:
        """The name of the source of the row ``key``, live (``Fleet.source_of``) or from
        history (``None`` with one source, or when no row has the key)."""
        if self.fleet is None:
            return None
        return self.fleet.source_of(key) or self._history.source_of(key)

    def tick(self, now: int) -> None:
        """The clock moved on. Only the duration order depends on it: re-sort then (the
        times shown are compared in ``take_changes``)."""
        if self.sort_column is SortColumn.DURATION and self.shown_now(now) == now:
            if self._running_moved(now):
                return
            self._list.reorder()
            self._refresh_visible(now, first_match=False)

    def _running_moved(self, now: int) -> bool:
        """The duration order at ``now`` at the cost of the running records alone (only
        their durations move; with a long history most rows ended long ago); false when
        the whole list must be sorted again."""
        if self.sort_by_source:
            return False
        by_key = self._by_key
        moving = [(key, by_key[key], by_key[key]) for key in self._running]
        places = self._list.replace(
            self._listed_items(),
            moving,
            SortColumn.DURATION,
            reverse=self.sort_reverse,
            now=now,
            clock_moved=True,
        )
        if places is None:
            return False
        self._show_replaced(places, now)
        return True

    def invalidate(self) -> None:
        """Report everything as changed next time (new widgets, or a new theme)."""
        self._shown_rows = []
        self._header_dirty = self._detail_dirty = self._move_cursor = True

    # ------------------------------------------------------------------ views out

    @property
    def visible(self) -> Sequence[KeyedRecord]:
        """The records the list shows, in order."""
        return self._visible

    def record_for(self, key: str | None) -> OperationRecord | None:
        if key is None:
            return None
        record = self._by_key.get(key)
        if record is None and self._history_shown:
            stored = self._history.stored(key)
            return None if stored is None else stored.record
        return record

    @property
    def selected_record(self) -> OperationRecord | None:
        return self.record_for(self.selected_key)

    @property
    def empty_text(self) -> str | None:
        """What to show instead of a record when there is no list yet, the server listed
        none, or the search or quick filter leaves none."""
        if not self.records and not self._history_shown:
            fleet = self.fleet
            if fleet is not None and fleet_error(fleet.states) is not None:
                # As the error line says: every source fails.
                return f"No data yet: {len(fleet)} sources failing (P lists their errors)."
            filters = self._fetched_filters
            # As the header says before the first answer (a failing one too).
            return "No data yet." if filters is None else nothing_listed_text(filters)
        if self._visible:
            return None
        if self.quick_filter is not QuickFilter.ALL:
            return self.quick_filter.empty_text(self.search)
        if self.source_filter is not None and not query_words(self.search):
            return f"No records of source {safe_text(self.source_filter)} (1 shows all)."
        if query_words(self.search):
            return no_match_text(self.search)
        return None

    def why_not_shown(self, key: str) -> str | None:
        """Why the record of ``key`` is not in the visible list (``None`` if it is)."""
        record = self.record_for(key)
        if record is None:
            return "it is no longer listed"
        if self.quick_filter.hides(record):
            return f"show: {self.quick_filter.value} hides it (1 shows all)"
        shown_source = self.source_filter
        if self.fleet is not None and shown_source not in (None, self.source_of(key)):
            return f"source: {safe_text(shown_source or '')} hides it (1 shows all)"
        if all(visible_key != key for visible_key, _ in self._visible):
            return "the search hides it"
        return None

    def rows(self, now: int) -> list[RowView]:
        """The row views of the visible records at ``now``, in order: the very same list
        while no row reads differently (a cursor move costs no pass over the rows)."""
        now = self.shown_now(now)
        cached = self._rows
        if cached is not None and cached[0] is self._visible and cached[1] <= now < cached[2]:
            return cached[3]
        cache = self._row_cache
        rows = None if cached is None else self._advanced_rows(cached[0], cached[3], now)
        self._visible_replaced = None
        if rows is None:
            # Rows filtered out stay cached: deleting a search character shows them again.
            rows = cache.rows(self._visible, now, forget_unlisted=False)
            self._rows_changed_since = None
        self._rows = (self._visible, now, cache.valid_until, rows)
        return rows

    def first_rows(self, now: int, count: int) -> list[RowView]:
        """The row views of the first ``count`` visible records at ``now``: a first
        screenful of a long list, painted before all its rows are built. Reports nothing
        as shown (``take_changes`` still reports the whole list); the views are cached, so
        ``rows`` does not build them again."""
        return self._row_cache.rows(self._visible[:count], now, forget_unlisted=False)

    def prepare_search(self) -> None:
        """Build the records' search texts now (once the first records are painted), so the
        first keystroke of a search does not pay for them; a search before this builds
        them itself."""
        self._list.prepare_search()

    def _advanced_rows(
        self, last_visible: Sequence[KeyedRecord], last_rows: list[RowView], now: int
    ) -> list[RowView] | None:
        """The rows at ``now`` from the rows last built, when only the clock moved and
        records were replaced in place (``_replace_in_place``), at the cost of the rows due
        and replaced, which are noted as the rows changed; ``None`` otherwise."""
        replacing = self._visible_replaced
        if replacing is not None and replacing[0] is last_visible:
            advanced = self._row_cache.advance(self._visible, last_rows, now, replacing=replacing)
        elif replacing is None and last_visible is self._visible:
            advanced = self._row_cache.advance(self._visible, last_rows, now)
        else:
            return None
        if advanced is None:
            return None
        rows, base = advanced.rows, self._rows_changed_since
        if base is not None and base[0] is last_rows:
            self._rows_changed_since = (rows, base[1], base[2] | set(advanced.changed))
        else:
            self._rows_changed_since = (rows, last_rows, set(advanced.changed))
        return rows

    def _row_diff(self, rows: list[RowView]) -> RowDiff:
        """How ``rows`` differ from the rows last reported: from the indices the clock
        changed when that is all that happened, else by comparing the two lists."""
        known = self._rows_changed_since
        if known is not None and known[0] is rows and known[1] is self._shown_rows:
            # The rows differ at these places only, and hold the same keys there (records
            # replaced, some moved): compare those places alone.
            shown = self._shown_rows
            places = sorted(known[2])
            before = {shown[index].key: shown[index] for index in places}
            changed = []
            for index in places:
                row = rows[index]
                previous = before.get(row.key)
                if previous is None:
                    return diff_row_views(shown, rows)
                if previous is not row and previous != row:
                    changed.append(row.key)
            reordered = any(shown[index].key != rows[index].key for index in places)
            if not changed and not reordered:
                return NO_ROW_CHANGES
            since = None if reordered else (shown, tuple(places))
            return RowDiff(changed=tuple(changed), reordered=reordered, since=since)
        return diff_row_views(self._shown_rows, rows)

    def header_view(self, now: int) -> HeaderView:
        profile, region, project_id = self._identity
        failing = self.last_error is not None
        has_data = self.updated_ns is not None
        error = None if self.last_error is None else describe_error(self.last_error)
        sources = ""
        if self.fleet is not None:
            # The sources' states are summed up on the line; only when none is live (nor
            # connecting) is the whole dashboard stale, and the error line says why, as
            # with one source. Every source failing is no longer "connecting".
            error = fleet_error(self.fleet.states)
            failing = error is not None
            has_data = failing or any(state.updated_ns is not None for state in self.fleet.states)
            sources = fleet_summary(self.fleet.states, self._separator)
        state = connection_state(
            paused=self.paused,
            fetching=self.fetching,
            failing=failing,
            has_data=has_data,
        )
        return HeaderView(
            profile=profile,
            region=region,
            project_id=project_id,
            connection=state,
            updated_ns=self.updated_ns,
            listed_ns=self.listed_ns,
            now=now,
            interval_s=self.policy.base_delay_s(),
            next_delay_s=self.policy.next_delay_s(),
            error=error,
            shown=len(self._visible),
            total=len(self.records),
            sort="source" if self.sort_by_source else self.sort_column.value,
            reverse=self.sort_reverse,
            server_filters=filter_words(self.server_filters),
            search=self.search,
            quick_filter="" if self.quick_filter is QuickFilter.ALL else self.quick_filter.value,
            utc=self.utc,
            liveness=liveness_of(
                self.policy, None if self.paused else self.next_due_ns, failing=failing
            ),
            sources=sources,
            source_filter=self.source_filter or "",
            history=len(self._history_shown) if self.show_history else None,
        )

    def take_changes(self, now: int) -> ViewChanges:
        """What reads differently at ``now`` than at the last call, and the transitions
        since; the next call reports only what changes after this one."""
        rows = self.rows(now)
        row_diff = self._row_diff(rows)
        self._shown_rows = rows
        self._rows_changed_since = None
        header = self._header_dirty or now >= self._header_due
        self._header_dirty = False
        if header:
            self._header_due = min(
                age_changes_at(self.updated_ns, now),
                age_changes_at(self.listed_ns, now),
                self._countdown_changes_at(now),
            )
        record = self.selected_record
        shown_detail = (self.selected_key, record, self.empty_text)
        detail = (
            self._detail_dirty
            or self._shown_detail != shown_detail
            or (record is not None and self._selected_row_moved(row_diff.changed, record))
        )
        self._detail_dirty = False
        self._shown_detail = shown_detail
        changes = ViewChanges(
            rows=row_diff,
            move_cursor=self._move_cursor,
            detail=detail,
            header=header,
            transitions=self._named_transitions(),
        )
        self._move_cursor = False
        self._transitions = []
        return changes

    # ------------------------------------------------------------------ internals

    def _named_transitions(self) -> tuple[Transition, ...]:
        """The transitions since the last call, each naming its source when there are
        several (toasts and the events log say which project it happened in)."""
        fleet = self.fleet
        if fleet is None:
            return tuple(self._transitions)
        return tuple(
            replace(found, source=fleet.source_of(found.key) or "") for found in self._transitions
        )

    def _countdown_changes_at(self, now: int) -> int:
        if self.paused or self.next_due_ns is None:
            return NEVER
        due = changes_at(liveness_of(self.policy, self.next_due_ns, failing=False), now)
        return NEVER if due is None else due

    def _selected_row_moved(self, changed: tuple[str, ...], record: OperationRecord) -> bool:
        """The selected record's detail reads differently as time passes: its ages and
        durations (its row's changed), or its time bars (it is running)."""
        return record.operation_status.is_running or self.selected_key in changed

    def _reorder(self, now: int) -> None:
        self._list.reorder()
        self._header_dirty = True
        self._refresh_visible(now, first_match=False)

    def _refresh_visible(self, now: int, *, first_match: bool) -> None:
        """Recompute the visible list and place the selection (``place_selection``)."""
        previous = self._visible
        visible = apply_quick_filter(
            self._list.items(
                self.sort_column, reverse=self.sort_reverse, search=self.search, now=now
            ),
            self.quick_filter,
        )
        if self.fleet is not None and self.source_filter is not None:
            source_of, wanted = self.source_of, self.source_filter
            visible = [item for item in visible if source_of(item[0]) == wanted]
        self._visible = visible
        self._visible_replaced = None
        if len(visible) != len(previous):
            self._header_dirty = True
        selected = place_selection(self.selected_key, previous, visible, first_match=first_match)
        if selected != self.selected_key:
            self.selected_key = selected
            self._move_cursor = self._detail_dirty = True
