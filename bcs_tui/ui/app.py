"""The dashboard application: owns the record source, the refresh loop and the view state;
widgets get plain view data down and post messages up."""

import asyncio
import contextlib
from typing import Any, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, RecordList
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import Status
from bcs_tui.core.detail_view import TimeContext, detail_lines
from bcs_tui.core.diffing import Transition, TransitionKind, transitions
from bcs_tui.core.header_view import HeaderView, connection_state, describe_error
from bcs_tui.core.listing import (
    KeyedRecord,
    SortColumn,
    filter_records,
    keyed_records,
    next_sort_column,
)
from bcs_tui.core.polling import RefreshPolicy
from bcs_tui.core.record_source import RecordSource
from bcs_tui.core.row_cache import RowViewCache
from bcs_tui.core.sort_cache import SortKeyCache
from bcs_tui.core.status_view import glyph_set
from bcs_tui.ui.commands import DashboardCommands
from bcs_tui.ui.export import export_record
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.options import DashboardOptions
from bcs_tui.ui.removed_widgets import release_removed_widgets
from bcs_tui.ui.screens.detail_screen import DetailScreen
from bcs_tui.ui.screens.filter_screen import FilterScreen
from bcs_tui.ui.screens.help_screen import HelpScreen
from bcs_tui.ui.screens.main_screen import MainScreen
from bcs_tui.ui.styles import stylesheet
from bcs_tui.ui.widgets import record_list
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.status_header import ErrorLine, StatusHeader

MAX_TOASTS_PER_REFRESH = 4
SLOW_FETCH_S = 0.3


class DashboardApp(App[int]):
    CSS_PATH: ClassVar[Any] = [stylesheet("dashboard.tcss")]
    TITLE = "bcs-tui"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")
    COMMANDS = App.COMMANDS | {DashboardCommands}

    def __init__(
        self, source: RecordSource, options: DashboardOptions, *, close_source: bool = False
    ) -> None:
        super().__init__()
        self.source = source
        self.options = options
        self._close_source = close_source
        self.glyphs = glyph_set(options.ascii)
        self._polling = False
        self._row_cache = RowViewCache(self.glyphs)
        self._sort_cache = SortKeyCache()
        self._last_result: RecordList | None = None
        # (records it was made from, search and sort, the visible records in order)
        self._visible: tuple[list[KeyedRecord], tuple[Any, ...], list[KeyedRecord]] | None
        self._visible = None
        self.policy = RefreshPolicy(
            interval_s=options.interval_s,
            active_interval_s=options.active_interval_s,
            max_backoff_s=options.max_backoff_s,
        )
        self.server_filters = options.filters
        self.utc = options.utc
        self.paused = False
        self.fetching = False
        self.last_error: BaseException | None = None
        self.updated_ns: int | None = None
        self.records: list[KeyedRecord] = []
        self._by_key: dict[str, OperationRecord] = {}
        self.selected_key: str | None = None
        self.search = ""
        self.sort_column = SortColumn.DEFAULT
        self.sort_reverse = False
        self.fetch_count = 0
        self._fetched_filters: RecordFilters | None = None
        self._wake = asyncio.Event()
        self._fetch_requested = True
        self._fetch_done = asyncio.Condition()
        self._last_fetch_at = 0.0
        self.tick_count = 0
        self._ticked = asyncio.Condition()

    # ----------------------------------------------------------------- lifecycle

    def on_mount(self) -> None:
        if self.options.keymap:
            self.set_keymap(dict(self.options.keymap))
        if self.options.theme and self.options.theme in self.available_themes:
            self.theme = self.options.theme
        self.theme_changed_signal.subscribe(self, self._restyle)
        self.set_interval(1.0, self._tick, name="clock tick")

    def _restyle(self, _theme: object) -> None:
        """Colours are baked into rendered text: redraw it all in the new theme's colours."""
        for screen in self.screen_stack:
            for table in screen.query(record_list.RecordList):
                table.restyle()
            for pane in screen.query(DetailPane):
                pane.forget()
            for header in screen.query(StatusHeader):
                header.forget()
        self.render_views()

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    async def on_unmount(self) -> None:
        close = getattr(self.source, "aclose", None)
        if self._close_source and close is not None:
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
        resuming wake it early."""
        loop = asyncio.get_running_loop()
        due = self._last_fetch_at = loop.time()
        while True:
            if self._fetch_requested or (not self.paused and loop.time() >= due):
                self._fetch_requested = False
                self._wake.clear()
                await self._fetch_once()
                due = loop.time() + self.policy.next_delay_s()
                self._last_fetch_at = loop.time()
            timeout = None if self.paused else max(0.0, due - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=timeout)
            self._wake.clear()
            if not self.paused:
                # The interval may have changed while waiting: count from the last fetch.
                due = self._last_fetch_at + self.policy.next_delay_s()

    async def _fetch_once(self) -> None:
        self.fetching = True
        # Only a slow fetch says "refreshing": a quick one would repaint the header twice
        # for nothing (benchmarks/RESULTS.md, row 4).
        indicator = self.set_timer(SLOW_FETCH_S, self.render_header, name="slow fetch")
        filters = self.server_filters
        try:
            result = await self.source.list_records(filters)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the dashboard must survive anything a fetch raises
            self.last_error = error
            self.policy = self.policy.after_failure()
        else:
            self._accept(result, filters)
        finally:
            indicator.stop()
            self.fetching = False
            self.fetch_count += 1
            self.render_views()
            async with self._fetch_done:
                self._fetch_done.notify_all()

    def _accept(self, result: RecordList, filters: RecordFilters) -> None:
        if result is self._last_result and filters == self._fetched_filters:
            # The client hands back the same object for a byte-identical body: nothing
            # changed, so there is nothing to diff, announce or rebuild.
            self.updated_ns = self.options.clock()
            self.last_error = None
            self.policy = self.policy.after_success(self.policy.active)
            return
        self._last_result = result
        keyed = keyed_records(result.records)
        if self._fetched_filters == filters:
            self._announce(transitions(self._by_key, dict(keyed)))
        self._fetched_filters = filters
        self.records = keyed
        self._by_key = dict(keyed)
        self.updated_ns = self.options.clock()
        self.last_error = None
        running = any(record.operation_status.is_running for _, record in keyed)
        self.policy = self.policy.after_success(running)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Every toast passes here: what Textual keeps of removed toasts never piles up.
        release_removed_widgets(self.screen_stack)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _announce(self, found: list[Transition]) -> None:
        if not found:
            return
        # Endings matter more than arrivals: they come first when toasts are capped.
        found = sorted(found, key=lambda t: t.kind is not TransitionKind.ENDED)
        for transition in found[:MAX_TOASTS_PER_REFRESH]:
            failed = transition.record.operation_status is Status.FAILED
            severity: SeverityLevel = "error" if failed else "information"
            self.notify(
                transition.text(), title=transition.title(), severity=severity, markup=False
            )
        if len(found) > MAX_TOASTS_PER_REFRESH:
            more = len(found) - MAX_TOASTS_PER_REFRESH
            self.notify(f"and {more} more changes", markup=False)
        if self.options.bell:
            self.bell()

    async def _tick(self) -> None:
        """Once a second: "3s ago" and running durations move on, with no fetch."""
        self.render_views()
        self.tick_count += 1
        async with self._ticked:
            self._ticked.notify_all()

    async def wait_for_tick(self) -> None:
        """Wait for the next once-a-second clock tick."""
        target = self.tick_count + 1
        async with self._ticked:
            await self._ticked.wait_for(lambda: self.tick_count >= target)

    def request_refresh(self) -> None:
        self._fetch_requested = True
        self._wake.set()

    async def wait_for_fetches(self, count: int) -> None:
        """Wait until ``count`` fetches (good or failed) have completed since start."""
        async with self._fetch_done:
            await self._fetch_done.wait_for(lambda: self.fetch_count >= count)

    # ----------------------------------------------------------------- view state

    def now(self) -> int:
        return self.options.clock()

    def record_for(self, key: str | None) -> OperationRecord | None:
        return None if key is None else self._by_key.get(key)

    @property
    def selected_record(self) -> OperationRecord | None:
        return self.record_for(self.selected_key)

    def visible_records(self) -> list[KeyedRecord]:
        # Only the duration order depends on the clock; any other order is kept until the
        # records, the search or the sort change (a clock tick must not re-sort 10,000).
        timed = self.sort_column is SortColumn.DURATION
        memo = (self.search, self.sort_column, self.sort_reverse)
        cached = self._visible
        if not timed and cached is not None and cached[0] is self.records and cached[1] == memo:
            return cached[2]
        shown = filter_records(self.records, self.search)
        ordered = self._sort_cache.sorted(
            shown, self.sort_column, reverse=self.sort_reverse, now=self.now()
        )
        self._visible = (self.records, memo, ordered)
        return ordered

    def header_view(self) -> HeaderView:
        state = connection_state(
            paused=self.paused,
            fetching=self.fetching,
            failing=self.last_error is not None,
            has_data=self.updated_ns is not None,
        )
        filters = ", ".join(
            f"{name}={safe_text(value)}" for name, value in self.server_filters.items()
        )
        return HeaderView(
            profile=self.options.profile,
            region=self.options.region,
            project_id=self.options.project_id,
            connection=state,
            updated_ns=self.updated_ns,
            now=self.now(),
            interval_s=self.policy.base_delay_s(),
            next_delay_s=self.policy.next_delay_s(),
            error=None if self.last_error is None else describe_error(self.last_error),
            shown=len(filter_records(self.records, self.search)),
            total=len(self.records),
            sort=self.sort_column.value,
            reverse=self.sort_reverse,
            server_filters=filters,
            search=self.search,
            utc=self.utc,
        )

    def render_header(self) -> None:
        view = self.header_view()
        for screen in self.screen_stack:
            for header in screen.query(StatusHeader):
                header.show(view, self.glyphs)
            for line in screen.query(ErrorLine):
                line.show(view)

    def render_views(self) -> None:
        """Bring every visible widget up to date; only what changed is redrawn."""
        try:
            main = self.main_screen
            table = main.table
        except (LookupError, NoMatches):
            return  # not composed yet; its on_mount renders again
        now = self.now()
        rows = self._row_cache.rows(self.visible_records(), now)
        table.sync(rows)
        self.selected_key = table.selected_key
        self.render_header()
        self.render_detail()

    def render_detail(self) -> None:
        record = self.selected_record
        times = TimeContext(now=self.now(), utc=self.utc)
        for screen in self.screen_stack:
            if isinstance(screen, (MainScreen, DetailScreen)):
                try:
                    pane = screen.detail
                except NoMatches:
                    continue  # a screen still composing; it renders once mounted
                width = pane.text_width
                lines = None if record is None else detail_lines(record, times, self.glyphs, width)
                pane.show(lines)

    def on_detail_pane_width_changed(self, _message: DetailPane.WidthChanged) -> None:
        self.render_detail()

    def on_main_screen_ready(self, _message: MainScreen.Ready) -> None:
        # Polling starts once the list is there to show its result: the first (empty)
        # frame always comes before the first data, whichever is quicker.
        self.render_views()
        if not self._polling:
            self._polling = True
            self.run_worker(self._poll_loop(), exclusive=True, group="poll", name="poll")

    def on_main_screen_record_highlighted(self, message: MainScreen.RecordHighlighted) -> None:
        self.select_record(message.key)

    def on_main_screen_record_chosen(self, message: MainScreen.RecordChosen) -> None:
        self.select_record(message.key)
        self.action_open_detail()

    def on_main_screen_search_changed(self, message: MainScreen.SearchChanged) -> None:
        self.set_search(message.text)

    def select_record(self, key: str | None) -> None:
        if key != self.selected_key:
            self.selected_key = key
            self.render_detail()

    def set_search(self, text: str) -> None:
        self.search = text
        self.render_views()

    # ----------------------------------------------------------------- actions

    def action_refresh_now(self) -> None:
        self.request_refresh()

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self.request_refresh()
        else:
            self._wake.set()
        self.render_header()

    def action_interval_longer(self) -> None:
        self.policy = self.policy.longer()
        self._wake.set()
        self.render_header()

    def action_interval_shorter(self) -> None:
        self.policy = self.policy.shorter()
        self._wake.set()
        self.render_header()

    def action_toggle_utc(self) -> None:
        self.utc = not self.utc
        self.render_views()

    def action_copy_operation_id(self) -> None:
        record = self.selected_record
        if record is None or not record.operation_id:
            self.notify("No operation selected.", severity="warning", markup=False)
            return
        # The safe form: a pasted ID must not carry control characters into a shell.
        text = safe_text(record.operation_id)
        self.copy_to_clipboard(text)
        self.notify(f"Copied {text}", title="Operation ID", markup=False)

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
        self.notify(safe_text(str(path)), title="Exported", markup=False)

    def action_show_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.options.keymap))

    def action_quit_dashboard(self) -> None:
        self.exit(0)

    def action_open_detail(self) -> None:
        if self.selected_record is None or isinstance(self.screen, DetailScreen):
            return
        self.push_screen(DetailScreen(), callback=lambda _: self.render_views())
        self.call_after_refresh(self.render_views)

    def action_close_detail(self) -> None:
        if isinstance(self.screen, DetailScreen):
            self.pop_screen()

    def action_start_search(self) -> None:
        bar = self.main_screen.search_bar
        bar.display = True
        bar.focus()

    def action_clear_search(self) -> None:
        main = self.main_screen
        main.search_bar.value = ""
        main.search_bar.display = False
        self.set_search("")
        main.table.focus()

    def action_server_filters(self) -> None:
        def apply(filters: RecordFilters | None) -> None:
            if filters is not None and filters != self.server_filters:
                self.server_filters = filters
                self.request_refresh()
            self.render_header()

        self.push_screen(FilterScreen(self.server_filters), callback=apply)

    def action_cycle_sort(self) -> None:
        self.sort_column = next_sort_column(self.sort_column)
        self.render_views()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.render_views()


def run_dashboard(source: RecordSource, options: DashboardOptions) -> int:
    """Run the dashboard until the user quits; the exit code for the command line."""
    app = DashboardApp(source, options, close_source=True)
    result = app.run()
    if isinstance(result, int):
        return result
    return app.return_code or 0
