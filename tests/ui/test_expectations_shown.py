"""The real app with expectations set: the detail's ETA and usual durations, the slow mark in
the detail and in the list's "Where" once the clock passes the p90, and a finished
operation compared with the usual; nothing of it before they are set."""

import asyncio
from pathlib import Path

from textual.pilot import Pilot

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.expectations import Expectations
from bcs_tui.core.status_view import UNICODE_GLYPHS
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.textual_compat import notifications
from bcs_tui.ui.widgets.detail_pane import DetailPane
from tests.clock import ManualClock
from tests.core.timed_records import (
    PENDING,
    RUNNING,
    TWO_STEPS,
    scaled,
    stored,
    timed_payload,
    timed_record,
)
from tests.ui.memory_history import MemoryHistory
from tests.ui.support import FROZEN_AT, ScriptedSource, fetched, make_app

S = NS_PER_S
SEP = UNICODE_GLYPHS.step_separator
START = FROZEN_AT - 30 * S  # the running one: Pull image has run 20 s at FROZEN_AT
PULLING = (
    ("Preparation", (("Check quota", 10),)),
    ("Deploy Nodes", (("Pull image", RUNNING), ("Start pods", PENDING))),
)


def expectations() -> Expectations:
    """Medians: 60 s in all, Deploy Nodes 50 s, Pull image 30 s, Start pods 20 s; the p90s
    twice those."""
    return Expectations.build(
        stored(timed_record(f"f{i}", start_ns=FROZEN_AT - 9000 * S, steps=scaled(TWO_STEPS, p)))
        for i, p in enumerate((100, 100, 100, 100, 200))
    )


def pane_text(pane: DetailPane) -> str:
    height = pane.virtual_size.height
    return "\n".join(pane.render_line(y).text for y in range(min(height, 60)))


async def views_settled(app: DashboardApp, pilot: Pilot[int]) -> None:
    await asyncio.wait_for(app.wait_for_views(), 5)
    await pilot.pause()


async def test_eta_slow_and_compared_in_the_real_app(clock: ManualClock, tmp_path: Path) -> None:
    source = ScriptedSource()
    source.set_records(
        timed_payload("op-running", start_ns=START, status="processing", steps=PULLING),
        timed_payload(
            "op-done",
            start_ns=FROZEN_AT - 600 * S,
            steps=scaled(TWO_STEPS, 180),
            record_time=FROZEN_AT - 400 * S,
        ),
    )
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await fetched(app, 1)
        await views_settled(app, pilot)
        table, pane = app.main_screen.table, app.main_screen.detail
        assert (
            table.row_keys()[0].endswith("op-running") and app.selected_key == table.row_keys()[0]
        )
        running = table.row_keys()[0]
        assert "ETA" not in pane_text(pane) and "~" not in pane_text(pane)

        app.state.set_expectations(expectations())
        app.render_views()
        await views_settled(app, pilot)
        text = pane_text(pane)
        assert "ETA         00:00:30Z (in 30.0s)" in text  # Deploy Nodes: from -20 s, 50 s
        assert "~20.0s" in next(line for line in text.splitlines() if "Start pods" in line)
        assert "slow" not in text
        assert table.get_cell(running, "where").plain == f"Deploy Nodes {SEP} Pull image"

        # 50 s on: Pull image has run 70 s, past its p90 (60 s).
        clock.advance(50 * S)
        await asyncio.wait_for(app.wait_for_tick(), 5)
        await views_settled(app, pilot)
        text = pane_text(pane)
        assert "slow: 1m10s, usually 30.0s" in text
        assert "ETA         overdue by 20.0s" in text
        where = table.get_cell(running, "where").plain
        assert where == f"Deploy Nodes {SEP} Pull image  slow: 1m10s, usually 30.0s"

        await pilot.press("j")
        await views_settled(app, pilot)
        assert app.selected_key is not None and app.selected_key.endswith("op-done")
        duration = next(line for line in pane_text(pane).splitlines() if "Duration" in line)
        assert duration.split()[:6] == ["Duration", "1m48s", "1.8x", "the", "usual", "(1m00s)"]


async def test_the_app_reads_the_expectations_from_its_history_and_tells_its_warnings(
    clock: ManualClock, tmp_path: Path
) -> None:
    history = MemoryHistory(
        operations=[
            stored(timed_record(f"f{i}", start_ns=FROZEN_AT - 9000 * S, steps=scaled(TWO_STEPS, p)))
            for i, p in enumerate((100, 100, 100, 100, 200))
        ],
        warnings=["history file h.sqlite3 could not be read: moved aside"],
    )
    source = ScriptedSource()
    source.set_records(
        timed_payload("op-running", start_ns=START, status="processing", steps=PULLING)
    )
    app = make_app(source, clock, tmp_path, history=history)
    async with app.run_test(size=(160, 50)) as pilot:
        await fetched(app, 1)
        await asyncio.wait_for(app.expectations_loaded.wait(), 5)
        await views_settled(app, pilot)
        assert history.expectation_loads == 1
        assert "ETA" in pane_text(app.main_screen.detail)
        # The app's toasts put a title before the text, cut to fit (ui/app.py notify).
        assert [n.message for n in notifications(app)] == [
            "History: history file h.sqlite3 could not be read: moved aside"
        ]
