"""The dashboard application: owns the record source, the refresh loop and one
``DashboardState``; feeds the state fetch results, keys and clock ticks, and redraws only
what it reports as changed. Widgets get plain view data down and post messages up."""

import asyncio
import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.markup import escape
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.gc_pause import collector_paused, spare_survivors
from bcs_tui.api.models import OperationRecord, RecordList
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.start_up import start_up_done
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_S, ns_to_datetime
from bcs_tui.core.blockchain_source import BlockchainSource, blockchain_calls_of
from bcs_tui.core.chain_health import blockchain_view_lines, health_lines, overdue_age
from bcs_tui.core.chain_health_cache import HealthKey
from bcs_tui.core.copy_choices import CopyChoice, copy_choices
from bcs_tui.core.dashboard_state import DashboardState
from bcs_tui.core.detail_view import DetailLine, Piece, TimeContext, detail_lines
from bcs_tui.core.diffing import Transition, TransitionKind
from bcs_tui.core.event_log import EventLog
from bcs_tui.core.header_view import HeaderView, identity_of
from bcs_tui.core.history_rows import history_detail_line
from bcs_tui.core.listing import KeyedRecord, SortColumn
from bcs_tui.core.liveness import interval_notice
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.polling import MAX_PARALLEL_POLLS, MAX_POLLED_OPERATIONS, RefreshPolicy
from bcs_tui.core.quick_filter import QuickFilter
from bcs_tui.core.record_source import RecordSource
from bcs_tui.core.source_state import Fleet
from bcs_tui.core.status_view import glyph_set
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.core.toast_text import (
    Cut,
    fitting_title,
    fleet_transition_line,
    toast_line,
    toast_room,
    toasts_at_most,
)
from bcs_tui.core.where import failure_lines, one_line_message
from bcs_tui.ui.ascii_mode import (
    ASCII_CLASS,
    ascii_key_display,
    ascii_palette,
    use_ascii_scrollbars,
)
from bcs_tui.ui.commands import DashboardCommands
from bcs_tui.ui.export import export_record, save_screenshot
from bcs_tui.ui.health_fetcher import HealthFetcher
from bcs_tui.ui.history_feed import HistoryFeed
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.options import DashboardOptions
from bcs_tui.ui.outside_notifier import OutsideNotifier
from bcs_tui.ui.removed_widgets import release_removed_widgets
from bcs_tui.ui.screens.blockchain_screen import BlockchainScreen
from bcs_tui.ui.screens.copy_screen import CopyScreen
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.screens.events_screen import EventsScreen
from bcs_tui.ui.screens.filter_screen import FilterScreen
from bcs_tui.ui.screens.help_screen import HelpScreen
from bcs_tui.ui.screens.main_screen import MainScreen
from bcs_tui.ui.screens.sources_screen import SourcesScreen
from bcs_tui.ui.source_polling import SourcePolling
from bcs_tui.ui.styles import stylesheet
from bcs_tui.ui.terminal_watch import TERMINAL_GONE_EXIT, TerminalWatch, silence_lost_terminal
from bcs_tui.ui.textual_compat import notifications, withdraw_notification, write_to_terminal
from bcs_tui.ui.toast_priority import Importance, RankedNotification, ToastPriority
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.record_list import RecordList as RecordListWidget
from bcs_tui.ui.widgets.status_header import ErrorLine, StatusHeader

STICKY_TIMEOUT_S = 30 * 24 * 3600.0
"""A failure's notification stays until dismissed (``ctrl+l``, or a click): in effect
forever."""
SLOW_FETCH_S = 0.3
START_UP_LIMIT_S = 5.0
FIRST_SCREENFULS = 2
"""A first list longer than this many screens paints its first screen before the rest."""
AFTER_FRAME_S = 0.005
HISTORY_ROWS_PER_STEP = 500
"""History rows built ahead per step between events (about 10 ms of the loop)."""
EXPECTATIONS_REFRESH_S = 60.0
"""How often the expectations are read again from the history while operations finish:
the store keeps them computed, so a read costs milliseconds (benchmarks/RESULTS.md, row
17), but they move little with one more operation of a kind."""
PAUSED_HEALTH_INTERVAL_NS = 2**62
"""Never due again while paused."""


class DashboardApp(App[int]):
    CSS_PATH: ClassVar[Any] = [
        stylesheet("dashboard.tcss"),
        stylesheet("light.tcss"),
        stylesheet("ascii.tcss"),
    ]
    TITLE = "bcs-tui"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")
    COMMANDS = App.COMMANDS | {DashboardCommands}
    SUSPENDED_SCREEN_CLASS = "-covered"
    """On a screen under another: its toasts are hidden under a dialog (dashboard.tcss)."""

    def __init__(
        self,
        source: RecordSource | Sequence[NamedSource],
        options: DashboardOptions,
        *,
        close_source: bool = False,
    ) -> None:
        """``source``: one record source, or the named sources to show together (one of
        them alone is shown exactly as a record source is)."""
        super().__init__()
        if isinstance(source, Sequence):
            self.sources: tuple[NamedSource, ...] = tuple(source)
            if not self.sources:
                raise ValueError("the dashboard needs at least one source")
            self.source: RecordSource = self.sources[0].client
        else:
            self.sources = ()
            self.source = source
        self.options = options
        self.outside = OutsideNotifier(options, lambda text: write_to_terminal(self, text))
        """The notify command and desktop notifications (each news transition)."""
        self._close_source = close_source
        self.glyphs = glyph_set(options.ascii)
        self.set_class(options.ascii, ASCII_CLASS)
        self._polling = False
        self._survivors_spared = False
        self._painting_first_screenful = False
        policy = RefreshPolicy(
            interval_s=options.interval_s,
            active_interval_s=options.active_interval_s,
            max_backoff_s=options.max_backoff_s,
        )
        fleet = Fleet(self.sources, policy) if len(self.sources) > 1 else None
        self._source_polling = None if fleet is None else SourcePolling(self, fleet)
        """Several sources: each polled on its own (``ui/source_polling.py``)."""
        identity = identity_of(
            options.profile, options.region, options.project_id, self.sources, self.glyphs.separator
        )
        self.state = DashboardState(
            glyphs=self.glyphs,
            policy=policy,
            server_filters=options.filters,
            utc=options.utc,
            profile=identity.profile,
            region=identity.region,
            project_id=identity.project_id,
            fleet=fleet,
            keeps_history=options.history is not None,
        )
        self.events = EventLog()
        """Every transition seen, for the events log (``L``)."""
        self._toast_priority = ToastPriority()
        self.fetch_count = 0
        self._wake = asyncio.Event()
        self._fetch_requested = True
        self._fetch_done = asyncio.Condition()
        self._last_fetch_at = 0.0
        self._last_poll_at = 0.0
        self.poll_count = 0
        """Rounds of polling the running operations alone (``fetch_count``: whole lists)."""
        self._slow_shown = False
        """The header said "refreshing" during this poll round."""
        self.tick_count = 0
        self._ticked = asyncio.Condition()
        self._render_queued = False
        self._rendered = asyncio.Condition()
        self._early_fetch: asyncio.Task[RecordList] | None = None
        self._early_filters: RecordFilters | None = None
        self._retry_asked = False
        """``r`` during a back-off: that one retry, if it fails, keeps the back-off."""
        self._terminal: TerminalWatch | None = None
        """The terminal the dashboard runs on (none headless): it exits once it is gone."""
        self.health = HealthFetcher(self.now, self._health_fetched)
        """The blockchain health of the chains shown, fetched lazily (ui/health_fetcher.py)."""
        self._health_age_shown: str | None = None
        """The health's age the detail pane says (``None``: fresh, or none shown)."""
        self.history_feed = HistoryFeed(options.history)
        """Each poll's records go to the local history; its operations load after the
        first paint (``_start_history_load``)."""
        self.history_loaded = asyncio.Event()
        self.expectations_loaded = asyncio.Event()
        """Set each time the expectations have been read from the history (tests)."""
        self._finished_since_expectations = False
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        """Set once the stored operations are loaded (or there are none to load)."""
        self.history_prepared = asyncio.Event()
        """Set once their rows are built ahead of ``H`` (``_prepare_history``)."""
        only = self.sources[0] if len(self.sources) == 1 else None
        self._history_source = (
            (options.profile, options.project_id)
            if only is None
            else (only.name, only.project_id or options.project_id)
        )
        """One source: its name and project, as the history stores them."""

    # ----------------------------------------------------------------- the state, read-only

    @property
    def records(self) -> list[KeyedRecord]:
        return self.state.records

    @property
    def selected_key(self) -> str | None:
        return self.state.selected_key

    @property
    def selected_record(self) -> OperationRecord | None:
        return self.state.selected_record

    def record_for(self, key: str | None) -> OperationRecord | None:
        return self.state.record_for(key)

    def named_source_of(self, key: str | None) -> NamedSource | None:
        """The source of the record with row key ``key`` with several sources (``None``
        with one: ``self.source`` is then every record's)."""
        fleet = self.state.fleet
        name = None if fleet is None or key is None else self.state.source_of(key)
        return None if fleet is None or name is None else fleet.state(name).source

    @property
    def policy(self) -> RefreshPolicy:
        return self.state.policy

    @property
    def last_error(self) -> BaseException | None:
        return self.state.last_error

    @property
    def server_filters(self) -> RecordFilters:
        return self.state.server_filters

    @property
    def search(self) -> str:
        return self.state.search

    @property
    def sort_column(self) -> SortColumn:
        return self.state.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self.state.sort_reverse

    @property
    def paused(self) -> bool:
        return self.state.paused

    @property
    def utc(self) -> bool:
        return self.state.utc

    def now(self) -> int:
        return self.options.clock()

    def header_view(self) -> HeaderView:
        return self.state.header_view(self.now())

    # ----------------------------------------------------------------- lifecycle

    def on_load(self) -> None:
        """The first whole list is asked for as the app starts, before the screen is
        composed: the server builds the answer while the first frame is drawn (a 10,000
        record list takes it 60-90 ms; the ``--demo`` simulator may still be starting).
        The first fetch of the poll loop takes this answer (``_fetch_once``)."""
        if self._source_polling is not None:
            return  # each source is asked as its loop starts
        self._early_filters = self.server_filters
        self._early_fetch = asyncio.create_task(
            self.source.list_records(self._early_filters), name="first fetch"
        )

    def on_mount(self) -> None:
        if self.options.ascii:
            use_ascii_scrollbars(True)
            self.screen_change_signal.subscribe(self, ascii_palette)
        if self.options.keymap:
            self.set_keymap(dict(self.options.keymap))
        if self.options.theme and self.options.theme in self.available_themes:
            self.theme = self.options.theme
        self.theme_changed_signal.subscribe(self, self._restyle)
        # Headless (tests) there is no terminal to lose.
        self._terminal = None if self.is_headless else TerminalWatch()
        self.set_interval(1.0, self._tick, name="clock tick")
        # Start-up ends with the first records (``_fetch_once``), or when this long has
        # passed without them (the network is slow): the collector is not left off.
        self.set_timer(START_UP_LIMIT_S, start_up_done, name="start-up limit")
        # The history loads after the first records are painted, or after this long.
        self.set_timer(START_UP_LIMIT_S, self._start_history_load, name="history load")
        self._ui_loop = asyncio.get_running_loop()
        self.history_feed.warnings_to(self._history_warning)

    def _restyle(self, _theme: object) -> None:
        """Colours are baked into rendered text: redraw it all in the new theme's colours."""
        with contextlib.suppress(LookupError, NoMatches):
            self.main_screen.table.restyle()
        for screen in self.screen_stack:
            for pane in screen.query(DetailPane):
                pane.forget()
            for header in screen.query(StatusHeader):
                header.forget()
        self.render_views(everything=True)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.glyphs)

    async def on_unmount(self) -> None:
        start_up_done()
        await self.history_feed.aclose()
        await self.health.aclose()
        await self.outside.aclose()
        if self.options.ascii:
            use_ascii_scrollbars(False)
        early, self._early_fetch = self._early_fetch, None
        if early is not None:
            early.cancel()
            with contextlib.suppress(BaseException):
                await early
        clients = [named.client for named in self.sources] or [self.source]
        for client in clients if self._close_source else []:
            close = getattr(client, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    # ----------------------------------------------------------------- refreshing

    async def _poll_loop(self) -> None:
        """The only place that fetches, so two fetches can never overlap; ``r`` and
        resuming wake it early. While operations run, only they are polled at the short
        interval (``_poll_running``); the whole list comes at the configured interval,
        so new operations still show within it."""
        loop = asyncio.get_running_loop()
        list_due = poll_due = self._last_fetch_at = loop.time()
        while True:
            now = loop.time()
            if self._fetch_requested or (not self.paused and now >= list_due):
                self._fetch_requested = False
                retry_asked, self._retry_asked = self._retry_asked, False
                self._wake.clear()
                await self._fetch_once(keep_backoff=retry_asked)
                self._last_fetch_at = self._last_poll_at = loop.time()
            elif not self.paused and now >= poll_due:
                listed = await self._poll_running()
                self._last_poll_at = loop.time()
                if listed:
                    self._last_fetch_at = self._last_poll_at
            timeout = None
            if not self.paused:
                # The interval may have changed while waiting: count from the last fetch.
                list_due = self._last_fetch_at + self.policy.list_delay_s()
                poll_due = self._last_poll_at + self.policy.next_delay_s()
                timeout = self._wait_s()
            self._plan_next(timeout)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=timeout)
            self._wake.clear()

    def _wait_s(self) -> float | None:
        """Until the loop's next fetch (``None`` while paused): the whole list's, or a
        poll of the running operations', whichever is first."""
        if self.paused:
            return None
        list_due = self._last_fetch_at + self.policy.list_delay_s()
        poll_due = self._last_poll_at + self.policy.next_delay_s()
        return max(0.0, min(list_due, poll_due) - asyncio.get_running_loop().time())

    def _plan_next(self, timeout_s: float | None) -> None:
        """Tell the state when the next fetch starts, on the app's clock: the header
        counts down to it with the clock's tick."""
        due = None if timeout_s is None else self.now() + round(timeout_s * NS_PER_S)
        self.state.plan_next(due)

    async def _fetch_once(self, *, keep_backoff: bool = False) -> None:
        """Fetch the whole list (``keep_backoff``: a retry the user asked for)."""
        self.state.begin_fetch()
        # Only a slow fetch says "refreshing": a quick one would repaint the header twice
        # for nothing (benchmarks/RESULTS.md, row 4).
        indicator = self.set_timer(SLOW_FETCH_S, self._fetch_is_slow, name="slow fetch")
        filters = self.server_filters
        try:
            result = await self._list_records(filters)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the dashboard must survive anything a fetch raises
            self.state.fail(error, self.now(), keep_backoff=keep_backoff)
        else:
            # The user may have moved the cursor since the last render: keep that record.
            self._follow_cursor()
            # Building the state allocates, never makes cycles (as the parse).
            now = self.now()
            with collector_paused():
                self.state.accept(result, filters, now)
            self.history_feed.submit(*self._history_source, result.records, now)
            indicator.stop()  # the data is in: nothing is "refreshing" while it is painted
            await self._paint_first_screenful()
        finally:
            indicator.stop()
            self.fetch_count += 1
            # Planned before the frame that shows this result, which would else count
            # down to the fetch just done.
            self._last_fetch_at = self._last_poll_at = asyncio.get_running_loop().time()
            self._plan_next(self._wait_s())
            with collector_paused():
                self.render_views()
            # The first records are painted (or the first failure shown): start-up is over.
            start_up_done()
            self.records_rendered()
            async with self._fetch_done:
                self._fetch_done.notify_all()

    def records_rendered(self) -> None:
        """A fetch's answer is rendered (of one source, with several): the search texts
        are built after that frame (a search before then builds them), and the first
        records kept are spared the full collections."""
        self.call_after_refresh(self.state.prepare_search)
        if not self.history_feed.load_started:
            self.call_after_refresh(self._start_history_load)
        if not self._survivors_spared and self.state.records:
            self._survivors_spared = True
            spare_survivors()

    # ----------------------------------------------------------------- history

    def _start_history_load(self) -> None:
        """Load the stored operations in a thread, once: after the first records are
        painted (never delaying that frame), or after the start-up limit."""
        if self.history_feed.load_started:
            return
        self.history_feed.load_started = True
        self.history_feed.start()
        self.run_worker(self._load_history(), group="history", name="history load")

    async def _load_history(self) -> None:
        await self._load_expectations()
        self.set_interval(
            EXPECTATIONS_REFRESH_S, self._refresh_expectations, name="expectations refresh"
        )
        operations = await self.history_feed.load(self.state.live_identities())
        if operations is not None:
            self._history_loaded(operations)
        self.history_loaded.set()

    async def _load_expectations(self) -> None:
        self._finished_since_expectations = False
        expectations = await self.history_feed.expectations()
        if expectations is not None:
            self.state.set_expectations(expectations)
            self.render_views()
        self.expectations_loaded.set()

    def _refresh_expectations(self) -> None:
        """Operations finished since the last read: read them again (in a thread)."""
        if self._finished_since_expectations:
            self.run_worker(self._load_expectations(), group="expectations", exclusive=True)

    def _history_warning(self, message: str) -> None:
        """A warning of the history, from any thread: a notification, never a wait."""
        if self._ui_loop is None:
            return  # not mounted: cannot happen (``on_mount`` gives the handler)
        with contextlib.suppress(RuntimeError):  # the loop is closed: the log has it
            self._ui_loop.call_soon_threadsafe(self._show_history_warning, message)

    def _show_history_warning(self, message: str) -> None:
        # It stays until dismissed (news must not push it out unseen), its end kept: what
        # became of the file is said last (``moved aside to …``, ``history off``).
        self.notify(
            safe_text(message),
            title="History",
            severity="warning",
            markup=False,
            timeout=STICKY_TIMEOUT_S,
            cut=Cut.MIDDLE,
        )

    def _history_loaded(self, operations: list[StoredOperation]) -> None:
        """The stored operations, loaded: to the state (``H`` lists them)."""
        self.state.set_history(operations, self.now())
        self.render_views()
        self.run_worker(self._prepare_history(), group="history", name="history prepare")

    async def _prepare_history(self) -> None:
        """Build the history rows ahead of ``H``, a few at a time between other events."""
        while self.state.prepare_history(self.now(), HISTORY_ROWS_PER_STEP):
            await asyncio.sleep(0)
        self.history_prepared.set()

    def action_toggle_history(self) -> None:
        if self.options.history is None:
            self.notify("No local history: --no-history.", severity="warning", markup=False)
            return
        self._follow_cursor()
        self.state.toggle_history(self.now())
        self.render_views()
        # As after the first records: a search's texts are built after this frame.
        self.call_after_refresh(self.state.prepare_search)

    async def _list_records(self, filters: RecordFilters) -> RecordList:
        """The whole list: the answer asked for at start-up if it is for these filters."""
        early, self._early_fetch = self._early_fetch, None
        if early is not None:
            if filters == self._early_filters:
                return await early
            early.cancel()
            # Its answer (or failure) is for other filters: dropped unread, not reported
            # later by asyncio as an exception nobody retrieved.
            early.add_done_callback(_drop_outcome)
        return await self.source.list_records(filters)

    async def _paint_first_screenful(self) -> None:
        """A long list arriving in an empty one (the first fetch): paint the rows one
        screen can show, and the header and detail, then build the rest after that frame
        (the row views of 10,000 records take a few hundred ms: benchmarks/RESULTS.md,
        row 11). Returns once the frame is painted."""
        try:
            table = self.main_screen.table
        except (LookupError, NoMatches):
            return
        screenful = max(self.size.height, 1)
        if table.row_count or len(self.state.visible) <= FIRST_SCREENFULS * screenful:
            return
        now = self.now()
        with collector_paused():
            table.sync(self.state.first_rows(now, screenful), keep=self.state.selected_key)
            self._render_header(now)
            self._render_detail(now)
        # Until that frame is out, nothing else renders (a clock tick would build every
        # row first): the whole render that follows covers what they asked for.
        self._painting_first_screenful = True
        try:
            await table.wait_for_refresh()
        finally:
            self._painting_first_screenful = False

    async def _poll_running(self) -> bool:
        """Poll each running operation alone (a few small requests, at most
        ``MAX_PARALLEL_POLLS`` at once); with too many running, fetch the whole list
        instead (then say so: True)."""
        keys = self.state.operations_to_poll(MAX_POLLED_OPERATIONS)
        if keys is None:
            await self._fetch_once()
        elif keys:
            self.state.begin_fetch()
            self._slow_shown = False
            indicator = self.set_timer(SLOW_FETCH_S, self._fetch_is_slow, name="slow poll")
            filters = self.server_filters
            gate = asyncio.Semaphore(MAX_PARALLEL_POLLS)

            async def poll(key: str) -> RecordList:
                async with gate:
                    return await self.source.list_records(replace(filters, operation_id=key))

            try:
                answers = await asyncio.gather(*map(poll, keys), return_exceptions=True)
            finally:
                indicator.stop()
            self._follow_cursor()
            now = self.now()
            pairs = list(zip(keys, answers, strict=True))
            good = [(key, answer) for key, answer in pairs if isinstance(answer, RecordList)]
            failures = [answer for _, answer in pairs if isinstance(answer, BaseException)]
            news = bool(good) and self.state.accept_polled(good, now)
            if good:
                polled = [record for _, answer in good for record in answer.records]
                self.history_feed.submit(*self._history_source, polled, now)
            if failures:
                # One failed round is one failure for the backoff; the data shown stays.
                self.state.fail(failures[0], now)
            self._last_poll_at = asyncio.get_running_loop().time()
            self._plan_next(self._wait_s())
            if news or failures or self._slow_shown:
                self.render_views()
            # Else only "updated" moved: the clock's next tick (within a second) paints
            # it, rather than a frame of its own every poll round (benchmarks/RESULTS.md,
            # row 7).
        self.poll_count += 1
        async with self._fetch_done:
            self._fetch_done.notify_all()
        return keys is None

    def _fetch_is_slow(self) -> None:
        self._slow_shown = True
        self.state.fetch_is_slow()
        self.render_views()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        cut: Cut = Cut.END,
        reason: str = "",
        news: bool = False,
    ) -> None:
        """Textual's ``notify``, on one line cut to the toast's room (``cut``: where, for
        text without markup) with ``reason`` added when it fits; ``news``: an operation's
        transition, which gives way to what the user asked for (ui/toast_priority.py)."""
        # Every toast passes here: what Textual keeps of removed toasts never piles up.
        release_removed_widgets(self.screen_stack)
        if markup:
            # Markup cannot be measured: the terminal cuts it (styles/dashboard.tcss).
            message = f"{escape(title)}: {message}" if title else message
        else:
            room = toast_room(self.size.width)
            message = toast_line(title, message, room, self.glyphs.ellipsis, cut=cut, reason=reason)
        if timeout is None:
            sticky = severity == "error"
            timeout = STICKY_TIMEOUT_S if sticky else self.options.toast_timeout_s
        # As Textual's notify does, keeping the notification to note its importance.
        importance = Importance.ASKED
        if news:
            importance = Importance.FAILURE if severity == "error" else Importance.NEWS
        notification = RankedNotification(
            message, "", severity, timeout, markup=markup, importance=importance
        )
        self.post_message(Notify(notification))

    def on_notify(self, message: Notify) -> None:
        """A notification is about to be added (Textual's own handler runs after this
        one): make room so at most ``toasts_at_most`` are on screen, or keep it off the
        screen when every toast shown matters more (ui/toast_priority.py)."""
        room = self._toast_priority.make_room(
            message.notification, notifications(self), toasts_at_most(self.size.height)
        )
        for notification in room.withdrawn:
            withdraw_notification(self, notification)
        if not room.shown:
            message.prevent_default()  # Textual's handler would show it

    def _show_held_toasts(self) -> None:
        """Failures that had to give way come back when there is room."""
        at_most = toasts_at_most(self.size.height)
        for notification in self._toast_priority.due(len(notifications(self)), at_most):
            self.post_message(Notify(notification))

    def _announce(self, found: tuple[Transition, ...]) -> None:
        if not found:
            return
        self.events.add(found, self.now())
        # Operations that appear or end are news; another change of status is only logged.
        news = tuple(t for t in found if t.kind is not TransitionKind.CHANGED)
        if not news:
            return
        if self.options.toasts:
            self._toast(news)
        if self.options.bell:
            self.bell()
        self.outside.announce(news)
        if any(t.ended and t.record.operation_status is Status.FINISHED for t in news):
            self._finished_since_expectations = True  # one more sample of its kind

    def _toast(self, found: tuple[Transition, ...]) -> None:
        # Endings matter more than arrivals, failures most: first when toasts are capped.
        ordered = sorted(
            found,
            key=lambda t: (
                not t.ended,
                t.record.operation_status is not Status.FAILED,
            ),
        )
        at_most = toasts_at_most(self.size.height)
        each = ordered if len(ordered) <= at_most else ordered[: at_most - 1]
        for transition in each:
            record = transition.record
            failed = record.operation_status is Status.FAILED
            severity: SeverityLevel = "error" if failed else "information"
            reason = one_line_message(failure_lines(record))
            if transition.source:
                # Several sources: which project, what and on which chain come first.
                room, ellipsis = toast_room(self.size.width), self.glyphs.ellipsis
                line = fleet_transition_line(transition, reason, room, ellipsis)
                self.notify(line, severity=severity, markup=False, news=True)
                continue
            self.notify(
                transition.text(),
                title=transition.title(),
                severity=severity,
                markup=False,
                cut=Cut.MIDDLE,  # "create on alpha (PLUGIN03-…4202)": the ID's end shows
                reason=reason,
                news=True,
            )
        if len(ordered) > len(each):
            more = len(ordered) - len(each)
            self.notify(f"and {more} more changes (L: events log)", markup=False, news=True)

    async def _tick(self) -> None:
        """Once a second: "3s ago" and running durations move on, with no fetch."""
        if self._terminal is not None and self._terminal.gone():
            self.exit(return_code=TERMINAL_GONE_EXIT)
            return
        self.state.tick(self.now())
        self.render_views()
        self._want_health()
        if isinstance(self.screen, SourcesScreen):
            with contextlib.suppress(NoMatches):  # pushed, not composed yet: it shows then
                self.screen.show_at(self.now())
        self._show_held_toasts()
        self.tick_count += 1
        async with self._ticked:
            self._ticked.notify_all()

    async def wait_for_tick(self) -> None:
        """Wait for the next once-a-second clock tick."""
        target = self.tick_count + 1
        async with self._ticked:
            await self._ticked.wait_for(lambda: self.tick_count >= target)

    def request_refresh(self) -> None:
        if self._source_polling is not None:
            self._source_polling.request_all()
            return
        self._fetch_requested = True
        self._wake.set()

    def _wake_polls(self) -> None:
        if self._source_polling is not None:
            self._source_polling.wake_all()
        else:
            self._wake.set()

    async def fetch_finished(self) -> None:
        """A fetch (of one source, with several) is done: for ``wait_for_fetches``."""
        self.fetch_count += 1
        async with self._fetch_done:
            self._fetch_done.notify_all()

    async def poll_finished(self) -> None:
        """A round of polling running operations (of one source, with several) is done."""
        self.poll_count += 1
        async with self._fetch_done:
            self._fetch_done.notify_all()

    async def wait_for_polls(self, count: int) -> None:
        """Wait until ``count`` rounds of polling the running operations have completed."""
        async with self._fetch_done:
            await self._fetch_done.wait_for(lambda: self.poll_count >= count)

    async def wait_for_fetches(self, count: int) -> None:
        """Wait until ``count`` fetches (good or failed) have completed since start."""
        async with self._fetch_done:
            await self._fetch_done.wait_for(lambda: self.fetch_count >= count)

    # ----------------------------------------------------------------- rendering

    def render_views(self, *, everything: bool = False) -> None:
        """Redraw what the state reports as changed since the last render (``everything``:
        all of it, e.g. for a screen just pushed or a new theme)."""
        try:
            table = self.main_screen.table
        except (LookupError, NoMatches):
            return  # not composed yet; its Ready message renders again
        if everything:
            self.state.invalidate()
        if self._painting_first_screenful:
            return  # the fetch renders once the first screenful is painted
        now = self.now()
        changes = self.state.take_changes(now)
        self._announce(changes.transitions)
        if changes.list_changed:
            table.show_sorting(self.state.sorting)
            rows = self.state.rows(now)
            table.sync(rows, keep=self.state.selected_key, since=changes.rows.since)
        if changes.header:
            self._render_header(now)
        if changes.detail:
            self._render_detail(now)

    def _render_header(self, now: int) -> None:
        view = self.state.header_view(now)
        stale = self.state.stale_since_ns is not None
        for screen in self.screen_stack:
            # Dims what is shown while it is stale (styles/dashboard.tcss).
            screen.set_class(stale, "-stale")
            for header in screen.query(StatusHeader):
                header.show(view, self.glyphs)
            for line in screen.query(ErrorLine):
                line.show(view, self.glyphs)

    def _render_detail(self, now: int) -> None:
        record = self.state.selected_record
        empty = self.state.empty_text
        # Stale data is shown at the moment it became stale: its durations stop.
        times = TimeContext(now=self.state.shown_now(now, self.state.selected_key), utc=self.utc)
        for screen in self.screen_stack:
            if isinstance(screen, (MainScreen, DetailScreen)):
                try:
                    pane = screen.detail
                except NoMatches:
                    continue  # a screen still composing; it renders once mounted
                lines: list[DetailLine] | None = None
                if record is not None:
                    health = self._health_section()
                    source = self.named_source_of(self.state.selected_key)
                    lines = detail_lines(
                        record,
                        times,
                        self.glyphs,
                        pane.text_width,
                        health,
                        source,
                        self.state.expectation_of(self.state.selected_key),
                    )
                    seen = self.state.history_last_seen(self.state.selected_key)
                    if seen is not None:
                        ended = record.operation_status.is_ended
                        line = history_detail_line(seen, now, utc=self.utc, ended=ended)
                        lines.insert(0, line)
                elif empty is not None:
                    lines = [(Piece(empty, "muted"),)]
                pane.show(lines, subject=self.state.selected_key)

    # ----------------------------------------------------------------- blockchain health

    def blockchain_lookup(self, key: str) -> tuple[str, BlockchainSource] | None:
        """The source name and client a record's chain is asked from (``None``: the source
        cannot answer blockchain calls, so no health is shown). One source: no name. The
        cache is keyed by the source's name, so one chain ID in two projects is two chains."""
        named = self.named_source_of(key)
        name, client = ("", self.source) if named is None else (named.name, named.client)
        found = blockchain_calls_of(client)
        return None if found is None else (name, found)

    def _selected_chain(self) -> tuple[HealthKey, BlockchainSource] | None:
        record, key = self.state.selected_record, self.state.selected_key
        if record is None or key is None or not record.blockchain_id:
            return None
        found = self.blockchain_lookup(key)
        if found is None:
            return None
        name, source = found
        return (name, record.blockchain_id), source

    def _health_interval_ns(self) -> int:
        """The dashboard's interval; paused, what is shown stays (a chain never fetched
        still is, once)."""
        if self.paused:
            return PAUSED_HEALTH_INTERVAL_NS
        return round(self.policy.interval_s * NS_PER_S)

    def _health_section(self) -> list[DetailLine]:
        """The selected record's chain health for its detail (asked for if due)."""
        chain = self._selected_chain()
        if chain is None:
            return []
        key, source = chain
        self.health.want(key, source, self._health_interval_ns())
        self._health_age_shown = self._health_age(key)
        return health_lines(self.health.cache.health(key), self.glyphs, self._health_age_shown)

    def _health_age(self, key: HealthKey) -> str | None:
        """How old the chain's health is, when older than the interval (core/chain_health)."""
        interval_ns = round(self.policy.interval_s * NS_PER_S)
        return overdue_age(self.health.cache.fetched_at(key), self.now(), interval_ns)

    def _want_health(self) -> None:
        """Once a second: the chains on screen are asked for again once their interval has
        passed (each ``want`` is a look-up; only a due chain is fetched)."""
        self._want_viewed_health()
        chain = self._selected_chain()
        if chain is not None:
            self.health.want(*chain, self._health_interval_ns())
            if self._health_age(chain[0]) != self._health_age_shown:
                self._render_detail(self.now())  # "40s ago" moves on with the clock
        if any(isinstance(screen, BlockchainScreen) for screen in self.screen_stack):
            self._render_blockchain_views()

    def _health_fetched(self) -> None:
        self._render_detail(self.now())
        self._render_blockchain_views()

    def _want_viewed_health(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, BlockchainScreen):
                found = self.blockchain_lookup(screen.record_key)
                if found is not None:
                    self.health.want(screen.key, found[1], self._health_interval_ns())

    def _render_blockchain_views(self) -> None:
        self._want_viewed_health()
        for screen in self.screen_stack:
            if isinstance(screen, BlockchainScreen) and screen.is_mounted:
                health = self.health.cache.health(screen.key)
                source = self.named_source_of(screen.record_key)
                times = TimeContext(now=self.now(), utc=self.utc)
                age = self._health_age(screen.key)
                screen.show(
                    blockchain_view_lines(
                        health, self.glyphs, screen.chain_name, screen.key[1], source, times, age
                    )
                )

    def action_open_blockchain(self) -> None:
        if not isinstance(self.screen, (MainScreen, DetailScreen)):
            return  # not over a dialog, nor over itself
        if isinstance(self.screen, MainScreen):
            self._follow_cursor()
        record = self.selected_record
        chain = self._selected_chain()
        if record is None or chain is None:
            self.notify("No blockchain for this record.", severity="warning", markup=False)
            return
        key = chain[0]
        self.health.viewed.add(key)

        def closed(_: None) -> None:
            if not any(
                isinstance(screen, BlockchainScreen) and screen.key == key
                for screen in self.screen_stack
            ):
                self.health.viewed.discard(key)
            self.render_views(everything=True)

        screen = BlockchainScreen(key, self.selected_key or "", record.blockchain_name)
        self.push_screen(screen, callback=closed)
        self.call_after_refresh(self.render_views, everything=True)  # its header
        self.call_after_refresh(self._render_blockchain_views)

    def follow_cursor(self) -> None:
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        """Tell the state where the list's cursor is, before new data moves rows about."""
        with contextlib.suppress(LookupError, NoMatches):
            table = self.main_screen.table
            if table.row_count:
                self.state.select(table.selected_key)

    def on_detail_pane_width_changed(self, _message: DetailPane.WidthChanged) -> None:
        self._render_detail(self.now())

    def on_main_screen_ready(self, _message: MainScreen.Ready) -> None:
        # Polling starts once the list is there to show its result: the first (empty)
        # frame always comes before the first data, whichever is quicker.
        self.main_screen.table.cursor_listener = self.state.select
        self.render_views(everything=True)
        if not self._polling:
            self._polling = True
            polling = (
                self._poll_loop() if self._source_polling is None else self._source_polling.run()
            )
            self.run_worker(polling, exclusive=True, group="poll", name="poll")

    # The list's own messages bubble up through the screen to here.
    def on_record_list_highlighted(self, message: RecordListWidget.Highlighted) -> None:
        if message.key != self.main_screen.table.selected_key:
            # Posted before a later key changed the list (a burst of typing): the list no
            # longer shows that cursor, so it must not select a record it has filtered out.
            return
        self.state.select(message.key)
        # The cursor's move is painted first and the new record's detail right after that
        # frame: a key press never waits for the detail of a big record, nor for rows the
        # clock moved meanwhile (benchmarks/RESULTS.md, row 9). Keys pressed before that
        # frame share one render.
        if not self._render_queued:
            self._render_queued = True
            self.call_after_refresh(self._queue_render)

    def _queue_render(self) -> None:
        # A moment after the frame, not at once: the terminal's writer thread needs the
        # interpreter to write that frame, and a render started now would hold it.
        self.set_timer(AFTER_FRAME_S, self._render_queued_views, name="render after key")

    async def _render_queued_views(self) -> None:
        self._render_queued = False
        self.render_views()
        async with self._rendered:
            self._rendered.notify_all()

    async def wait_for_views(self) -> None:
        """Wait until the render a key press queued (if any) is done."""
        async with self._rendered:
            await self._rendered.wait_for(lambda: not self._render_queued)

    async def on_record_list_chosen(self, message: RecordListWidget.Chosen) -> None:
        self.state.select(message.key)
        self.render_views()
        await self.action_open_detail()

    def on_main_screen_search_changed(self, message: MainScreen.SearchChanged) -> None:
        self.set_search(message.text)

    def set_search(self, text: str) -> None:
        self._follow_cursor()
        self.state.set_search(text, self.now())
        self.render_views()

    # ----------------------------------------------------------------- actions

    def action_refresh_now(self) -> None:
        # During a back-off: one retry now, whose failure does not double the back-off.
        if self._source_polling is not None:
            self._source_polling.request_all(retry_failing=True)
            return
        self._retry_asked = self.last_error is not None
        self.request_refresh()

    def action_toggle_pause(self) -> None:
        self.state.toggle_pause()
        if not self.paused:
            self.request_refresh()
        else:
            self._wake_polls()
        self.render_views()

    def action_interval_longer(self) -> None:
        before = self.policy
        self.state.interval_longer()
        self._interval_changed(before)

    def action_interval_shorter(self) -> None:
        before = self.policy
        self.state.interval_shorter()
        self._interval_changed(before)

    def _interval_changed(self, before: RefreshPolicy) -> None:
        if self.state.fleet is not None:
            self.state.fleet.set_interval(self.policy)
        self._wake_polls()  # the loop waits anew, for the new interval
        if self._source_polling is None:
            self._plan_next(self._wait_s())
        self.render_views()
        self.notify(interval_notice(before, self.policy), markup=False)

    def action_toggle_utc(self) -> None:
        self.state.toggle_utc()
        self.render_views()

    def action_copy_operation_id(self) -> None:
        record = self.selected_record
        if record is None or not record.operation_id:
            self.notify("No operation selected.", severity="warning", markup=False)
            return
        # The safe form: a pasted ID must not carry control characters into a shell.
        text = safe_text(record.operation_id)
        self.copy_to_clipboard(text)
        self._notify_copied("Operation ID", text)

    # Quick answers (keys 1-4, ], [ and Y): local filters, jumps, the copy menu.

    def _show_only(self, quick: QuickFilter) -> None:
        self._follow_cursor()
        self.state.set_quick_filter(quick, self.now())
        self.render_views()

    def action_show_all(self) -> None:
        self._show_only(QuickFilter.ALL)
        self.show_source(None)

    def show_source(self, name: str | None) -> None:
        """Show the records of the source ``name`` alone (``None``: of every source)."""
        if self.state.fleet is None:
            return
        self._follow_cursor()
        self.state.set_source_filter(name, self.now())
        self.render_views()

    def action_show_sources(self) -> None:
        if self.state.fleet is None:
            self.notify("One source: the list shows all of it.", markup=False)
            return
        if not isinstance(self.screen, (MainScreen, DetailScreen)):
            return  # not over a dialog (choosing there would filter unseen), nor over itself
        fleet, shown = self.state.fleet, self.state.source_filter
        screen = SourcesScreen(fleet, self.now(), shown, self.glyphs.ellipsis)
        self.push_screen(screen, callback=self._source_chosen)

    def _source_chosen(self, name: str | None) -> None:
        if name is not None:
            self.show_source(name)

    def action_show_running(self) -> None:
        self._show_only(QuickFilter.RUNNING)

    def action_show_failed(self) -> None:
        self._show_only(QuickFilter.FAILED)

    def action_show_finished(self) -> None:
        self._show_only(QuickFilter.FINISHED)

    def _jump_to_failed(self, *, backward: bool) -> None:
        self._follow_cursor()
        found = self.state.jump_to_attention(backward=backward)
        if found is None:
            self.notify("No failed or stopped operation in the list.", markup=False)
        elif found[1]:
            # As an editor's search does: say so, so the user knows the list went round.
            where = "bottom" if backward else "top"
            self.notify(f"Wrapped to the {where} of the list.", markup=False)
        self.render_views()

    def action_next_failed(self) -> None:
        self._jump_to_failed(backward=False)

    def action_previous_failed(self) -> None:
        self._jump_to_failed(backward=True)

    def action_copy_menu(self) -> None:
        if not isinstance(self.screen, (MainScreen, DetailScreen)):
            return  # not over a dialog (or over itself)
        record = self.selected_record
        if record is None:
            self.notify("No operation selected.", severity="warning", markup=False)
            return

        def copy(choice: CopyChoice | None) -> None:
            if choice is None or choice.text is None:
                return
            self.copy_to_clipboard(choice.text)
            self._notify_copied(choice.label, choice.summary)

        self.push_screen(CopyScreen(copy_choices(record, self.glyphs.ellipsis)), callback=copy)

    def _notify_copied(self, label: str, summary: str) -> None:
        room = toast_room(self.size.width)
        # "operation ID", "record as JSON": only the first letter is made small.
        what = label[:1].lower() + label[1:]
        title = fitting_title(f"Copied the {what}", "Copied", summary, room)
        # IDs tell each other apart by their ends, as the list shows them.
        self.notify(summary, title=title, markup=False, cut=Cut.MIDDLE)

    def action_export_record(self) -> None:
        record = self.selected_record
        if record is None or self.selected_key is None:
            self.notify("No operation selected.", severity="warning", markup=False)
            return
        try:
            path = export_record(record, self.selected_key, self.options.export_dir)
        except OSError as error:
            self.notify(safe_text(f"Export failed: {error}"), severity="error", markup=False)
            return
        self.notify(safe_text(str(path)), title="Exported", markup=False, cut=Cut.PATH)

    def action_dismiss_notifications(self) -> None:
        self._toast_priority.forget_held()
        self.clear_notifications()

    def action_show_events(self) -> None:
        if not isinstance(self.screen, EventsScreen):
            screen = EventsScreen(self.events.newest_first(), self.glyphs, utc=self.utc)
            self.push_screen(screen, callback=self._go_to_operation)

    def _go_to_operation(self, key: str | None) -> None:
        """The events log chose ``key``: put the list's cursor on it."""
        if key is None:
            return
        while isinstance(self.screen, DetailScreen):
            self.pop_screen()
        table = self.main_screen.table
        why = self.state.why_not_shown(key)
        if why is not None:
            self.notify(f"Not in the list: {why}.", severity="warning", markup=False)
            return
        try:
            row = table.row_keys().index(key)
        except ValueError:
            return  # shown by the state, not yet by the list: nothing to move to
        table.move_cursor(row)
        table.focus()

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        return ascii_key_display(binding.key, display) if self.options.ascii else display

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, with its Screenshot replaced by ours: Textual's writes to
        the Downloads folder (which may not exist over SSH) and says nothing."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        yield SystemCommand(
            "Screenshot",
            "Save the screen as SVG where `e` exports (the toast says where)",
            self.action_save_screenshot,
        )

    def action_save_screenshot(self) -> None:
        # After the palette has gone from the screen: the picture is of the dashboard.
        self.call_after_refresh(self._save_screenshot)

    def _save_screenshot(self) -> None:
        at = ns_to_datetime(self.now()).strftime("%Y-%m-%dT%H-%M-%SZ")
        try:
            path = save_screenshot(self.export_screenshot(), self.options.export_dir, at)
        except OSError as error:
            self.notify(safe_text(f"Screenshot failed: {error}"), severity="error", markup=False)
            return
        self.notify(safe_text(str(path)), title="Screenshot saved", markup=False, cut=Cut.PATH)

    def action_show_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.options.keymap, self.glyphs))

    def action_quit_dashboard(self) -> None:
        self.exit(0)

    async def action_open_detail(self) -> None:
        if isinstance(self.screen, MainScreen):
            self._follow_cursor()  # the record under the list's cursor, moved a moment ago
        if self.selected_record is None or isinstance(self.screen, DetailScreen):
            return
        screen = DetailScreen()
        mounted = self.push_screen(screen, callback=lambda _: self.render_views(everything=True))
        self.call_after_refresh(self.render_views, everything=True)
        # Keys typed in the same burst as `enter` come back to the app after it, and find
        # their binding from the widget focused then: the detail must be mounted and focused
        # before the app reads them, or they move the list behind it.
        await mounted
        screen.set_focus(screen.detail)

    def action_close_detail(self) -> None:
        if isinstance(self.screen, DetailScreen):
            self.pop_screen()

    def action_next_record(self) -> None:
        self._step_selection(1)

    def action_previous_record(self) -> None:
        self._step_selection(-1)

    def _step_selection(self, rows: int) -> None:
        """The full-screen detail shows the record ``rows`` away in the list as it is shown
        (sorted, filtered); the list's cursor moves with it, so ``esc`` returns there."""
        with contextlib.suppress(LookupError, NoMatches):
            table = self.main_screen.table
            table.move_cursor(table.cursor_row + rows)
            self.state.select(table.selected_key)
            self.render_views()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is checked before any widget sees it (a priority key): in a text field it is
        # a character to type, so the binding stands aside and the field gets it.
        return not (action == "start_search" and isinstance(self.focused, Input))

    def action_start_search(self) -> None:
        bar = self.main_screen.search_bar
        bar.display = True
        # Focus now, not after a refresh: keys typed right after `/` go into the bar.
        self.main_screen.set_focus(bar)

    def action_clear_search(self) -> None:
        main = self.main_screen
        main.search_bar.value = ""
        main.search_bar.display = False
        self.set_search("")
        self.show_source(None)
        main.table.focus()

    def action_server_filters(self) -> None:
        def apply(filters: RecordFilters | None) -> None:
            if filters is not None and self.state.set_server_filters(filters):
                self.request_refresh()
            self.render_views()

        self.push_screen(FilterScreen(self.server_filters), callback=apply)

    def action_cycle_sort(self) -> None:
        self._follow_cursor()
        self.state.cycle_sort(self.now())
        self.render_views()

    def action_reverse_sort(self) -> None:
        self._follow_cursor()
        self.state.reverse_sort(self.now())
        self.render_views()


def run_dashboard(source: RecordSource | Sequence[NamedSource], options: DashboardOptions) -> int:
    """Run the dashboard until the user quits; the exit code for the command line."""
    app = DashboardApp(source, options, close_source=True)
    result = app.run()
    if app.return_code == TERMINAL_GONE_EXIT:
        # Nothing written now can reach anyone, and a failed flush at exit would end the
        # process with another code.
        silence_lost_terminal()
    if isinstance(result, int):
        return result
    return app.return_code or 0


def _drop_outcome(task: asyncio.Task[RecordList]) -> None:
    if not task.cancelled():
        task.exception()
