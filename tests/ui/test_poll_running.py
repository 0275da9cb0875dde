"""While operations run, the dashboard polls each of them alone (``operation_id``) at the
short interval, and the whole list only at the configured one: against the real simulator
and the real client."""

import asyncio
from pathlib import Path

from bcs_tui.api.client import BcsClient
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.support import NEVER_S, fetched, make_app

POLL_S = 0.05  # the short interval; the whole list is due only after NEVER_S


async def test_running_operations_are_polled_alone_and_their_ending_shows_at_once(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path, interval_s=NEVER_S, active_interval_s=POLL_S)
    async with app.run_test(size=(140, 40)):  # room for the list's age by the interval
        await fetched(app, 1)
        running = {key for key, r in app.records if r.operation_status.is_running}
        assert running
        await asyncio.wait_for(app.wait_for_polls(1), 10)
        clock.advance(120 * NS_PER_S)  # long enough for the running operations to end

        def still_running() -> bool:
            records = [app.record_for(key) for key in running]
            return any(r is not None and r.operation_status.is_running for r in records)

        async def until_all_ended() -> None:
            while still_running():
                await app.wait_for_polls(app.poll_count + 1)

        await asyncio.wait_for(until_all_ended(), 10)
        assert app.fetch_count == 1  # no whole list since the first
        queries = [entry.query for entry in sim.request_log if "/operation/record" in entry.path]
        assert "operation_id" not in queries[0]
        assert len(queries) > 1
        assert all(query.get("operation_id") in running for query in queries[1:])

        # Announced and shown, without waiting for the whole list.
        # (An ID too long for its toast is cut in its middle: its end tells it apart.)
        messages = " ".join(n.message for n in notifications(app))
        assert all(f"{key[-8:]})" in messages for key in running) or "more changes" in messages
        table = app.main_screen.table
        for key in running:
            word = table.get_cell(key, "status").plain
            assert not any(live in word for live in ("processing", "waiting")), word
        header = str(app.main_screen.query_one("#header").render())
        assert "updated just now" in header and "list 2m ago" in header

        # Nothing runs any more: the polls stop; the whole list is fetched as before.
        assert not app.policy.active
        app.action_refresh_now()
        await fetched(app, 2)
        assert "operation_id" not in sim.request_log[-1].query
        assert "list " not in str(app.main_screen.query_one("#header").render())


async def test_a_poll_round_that_changed_nothing_paints_no_frame_of_its_own(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    # The simulator's clock stands still: the running operations answer the same each
    # round, so only "updated" may move, and the clock's next tick paints that.
    app = make_app(client, clock, tmp_path, interval_s=NEVER_S, active_interval_s=POLL_S)
    async with app.run_test(size=(120, 40)):
        await fetched(app, 1)
        await asyncio.wait_for(app.wait_for_polls(1), 10)
        renders: list[int] = []
        render_views = app.render_views

        def counted(*, everything: bool = False) -> None:
            renders.append(app.tick_count)
            render_views(everything=everything)

        app.render_views = counted  # type: ignore[method-assign]
        ticks, polls = app.tick_count, app.poll_count
        await asyncio.wait_for(app.wait_for_polls(polls + 10), 10)
        assert len(renders) == app.tick_count - ticks  # the ticks' renders alone
        assert app.fetch_count == 1
        await asyncio.wait_for(app.wait_for_tick(), 5)
        assert "updated just now" in str(app.main_screen.query_one("#header").render())
