"""Polling several sources at once: a loop per source, each at its own policy's pace
(interval, back-off), at most ``MAX_SOURCES_AT_ONCE`` sources asking at once. As with one
source, while a source's operations run only they are polled (each alone, at most
``MAX_PARALLEL_POLLS`` at once, at the short interval), and its whole list comes at the
configured interval. A round of polls holds one place of the shared limit, as a whole list
does: a slow source with many running operations holds one place, never all of them.

One slow or failing source never delays the others: each loop waits for its own answer
alone, and each answer goes into the state (and onto the screen) as soon as it arrives."""

import asyncio
import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.models import RecordList
from bcs_tui.base.start_up import start_up_done
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.each_source import MAX_SOURCES_AT_ONCE
from bcs_tui.core.poll_budget import PollBudget
from bcs_tui.core.polling import MAX_PARALLEL_POLLS, MAX_POLLED_OPERATIONS
from bcs_tui.core.source_state import Fleet, SourceState

if TYPE_CHECKING:
    from bcs_tui.ui.app import DashboardApp


class SourcePolling:
    def __init__(
        self, app: "DashboardApp", fleet: Fleet, *, at_once: int = MAX_SOURCES_AT_ONCE
    ) -> None:
        self._app = app
        self._fleet = fleet
        self._gate = asyncio.Semaphore(at_once)
        names = [state.name for state in fleet.states]
        self._wakes = {name: asyncio.Event() for name in names}
        self._requested = set(names)
        """Sources to fetch at once (all of them first)."""
        self._retries: set[str] = set()
        """Sources whose next fetch is a retry the user asked for (``r`` in a back-off)."""
        self._due: dict[str, float] = {}
        self._budget = PollBudget()
        """Each source's next fetch, on the event loop's clock."""

    async def run(self) -> None:
        async with asyncio.TaskGroup() as group:
            for state in self._fleet.states:
                group.create_task(self._loop(state), name=f"poll {state.name}")

    def request_all(self, *, retry_failing: bool = False) -> None:
        """Fetch every source now (``retry_failing``: a failing one's failure then leaves
        its back-off as it was)."""
        for state in self._fleet.states:
            self._requested.add(state.name)
            if retry_failing and state.last_error is not None:
                self._retries.add(state.name)
        self.wake_all()

    def wake_all(self) -> None:
        """Every loop plans again (paused, resumed, another interval)."""
        for wake in self._wakes.values():
            wake.set()
        self._plan()

    async def _loop(self, state: SourceState) -> None:
        loop = asyncio.get_running_loop()
        name, wake = state.name, self._wakes[state.name]
        listed = polled = loop.time()
        while True:
            paused, now = self._app.paused, loop.time()
            if name in self._requested or (
                not paused and now >= listed + state.policy.list_delay_s()
            ):
                self._requested.discard(name)
                retry = name in self._retries
                self._retries.discard(name)
                wake.clear()
                # No longer due while it is asked: a hanging answer must not keep the
                # header's countdown at "now".
                self._due.pop(name, None)
                await self._fetch(state, keep_backoff=retry)
                listed = polled = loop.time()
            elif not paused and now >= polled + state.policy.next_delay_s():
                self._due.pop(name, None)
                whole = await self._poll_running(state)
                polled = loop.time()
                if whole:
                    listed = polled
            timeout = None
            if not self._app.paused:
                policy = state.policy
                due = min(listed + policy.list_delay_s(), polled + policy.next_delay_s())
                self._due[name] = due
                timeout = max(0.0, due - loop.time())
            else:
                self._due.pop(name, None)
            self._plan()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=timeout)
            wake.clear()

    async def _fetch(self, state: SourceState, *, keep_backoff: bool) -> None:
        app = self._app
        async with self._gate:
            # Read once it may ask: the filters may have changed while it waited its turn.
            filters = app.server_filters
            self._fleet.begin_fetch(state.name)
            try:
                result = await state.source.client.list_records(filters)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # that source's failure, never the others'
                app.state.fail_source(state.name, error, app.now(), keep_backoff=keep_backoff)
                result = None
        shown = True
        if result is not None:
            app.follow_cursor()
            now = app.now()
            with collector_paused():
                shown = app.state.accept_source(state.name, result, filters, now)
            app.history_feed.submit(state.name, state.source.project_id, result.records, now)
        if shown:
            with collector_paused():
                app.render_views()
        # Else the same answer again: the clock's next tick paints "updated" (twenty
        # sources would paint twenty frames every interval for it: RESULTS.md, row 14).
        start_up_done()
        if result is not None:
            app.records_rendered()
        await app.fetch_finished()

    async def _poll_running(self, state: SourceState) -> bool:
        """Poll each running operation of ``state``'s source alone; with too many running,
        fetch its whole list instead (then say so: True)."""
        app = self._app
        running = self._fleet.running_operations(state.name, MAX_POLLED_OPERATIONS)
        if running is None:
            self._budget.forget(state.name)
            await self._fetch(state, keep_backoff=False)
            return True
        # Over the whole fleet, a few single polls per round: with many running, each
        # one's turn comes less often (its source's whole list may bring it first).
        now_s = asyncio.get_running_loop().time()
        running = self._budget.take(state.name, running, now_s, state.policy.active_interval_s)
        if running:
            each = asyncio.Semaphore(MAX_PARALLEL_POLLS)
            async with self._gate:
                filters = app.server_filters

                async def poll(operation_id: str) -> RecordList:
                    async with each:
                        one = replace(filters, operation_id=operation_id)
                        return await state.source.client.list_records(one)

                answers = await asyncio.gather(
                    *(poll(operation_id) for _, operation_id in running),
                    return_exceptions=True,
                )
            good = [
                (key, operation_id, answer)
                for (key, operation_id), answer in zip(running, answers, strict=True)
                if isinstance(answer, RecordList)
            ]
            failures = [answer for answer in answers if isinstance(answer, BaseException)]
            app.follow_cursor()
            # A round that failed throughout is no success: the source's last success
            # (and the moment it became stale) stays where it was.
            now = app.now()
            news = bool(good) and app.state.accept_source_polled(state.name, good, now)
            if good:
                polled = [record for _, _, answer in good for record in answer.records]
                app.history_feed.submit(state.name, state.source.project_id, polled, now)
            if failures:
                # One failed round is one failure for the back-off; the data shown stays.
                app.state.fail_source(state.name, failures[0], now)
            if news or failures:
                app.render_views()
        await app.poll_finished()
        return False

    def _plan(self) -> None:
        """Tell the state when the next fetch of any source is due: the header's countdown."""
        app = self._app
        if app.paused or not self._due:
            app.state.plan_next(None)
            return
        left_s = max(0.0, min(self._due.values()) - asyncio.get_running_loop().time())
        app.state.plan_next(app.now() + round(left_s * NS_PER_S))
