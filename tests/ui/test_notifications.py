"""Notifications stay out of the way (one line each, at most three on screen, above the
footer), a failure's stays until dismissed, ``--no-toasts`` turns the transitions' off, and
the events log (``L``) keeps every transition, newest first, with enter going to one."""

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from bcs_tui.base.text_width import cell_width
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.events_screen import EventsScreen
from bcs_tui.ui.screens.main_screen import MainScreen
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.support import (
    ScriptedSource,
    fetched,
    make_app,
    record_payload,
    refresh_now,
    toast_widgets,
    wait_until,
)

SIZE = (100, 30)


def _running_pair() -> ScriptedSource:
    source = ScriptedSource()
    source.set_records(
        record_payload("A", status="processing", blockchain_name="alpha"),
        record_payload("B", status="processing", blockchain_name="bravo"),
    )
    return source


def _a_failed_b_finished_and_new(source: ScriptedSource, new: int = 0) -> None:
    source.set_records(
        record_payload("A", status="failed", blockchain_name="alpha"),
        record_payload("B", status="finished", blockchain_name="bravo"),
        *(record_payload(f"N{index}", blockchain_name="new") for index in range(new)),
    )


def _on_screen(app: DashboardApp) -> list[str]:
    """The toasts' texts as drawn, oldest first."""
    return [str(toast.render()) for toast in sorted(toast_widgets(app), key=lambda t: t.region.y)]


async def test_toasts_are_one_line_at_most_three_and_above_the_footer(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running_pair()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await fetched(app, 1)
        _a_failed_b_finished_and_new(source, new=5)
        await refresh_now(app, pilot)
        await pilot.press("y")  # one more: the oldest that is not a failure makes room
        await wait_until(
            pilot, lambda: any("Copied the operation ID: A" in text for text in _on_screen(app))
        )
        shown = _on_screen(app)
        assert len(shown) == 3
        assert shown[0] == "Operation failed: create on alpha (A)"
        assert shown[1].startswith("and 5 more changes")
        assert not any("finished" in text for text in shown)
        footer_y = app.screen.query_one("KeyFooter").region.y
        for toast in toast_widgets(app):
            assert toast.region.height == 1 and toast.region.bottom <= footer_y
            assert toast.region.right == SIZE[0]  # bottom right


async def test_a_failure_stays_until_dismissed_when_others_time_out(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running_pair()
    app = make_app(source, clock, tmp_path, toast_timeout_s=0.3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await fetched(app, 1)
        _a_failed_b_finished_and_new(source)
        await refresh_now(app, pilot)
        assert len(_on_screen(app)) == 2
        await wait_until(pilot, lambda: len(_on_screen(app)) == 1)  # the finished one timed out
        await pilot.pause(0.5)  # well past its timeout too
        assert _on_screen(app) == ["Operation failed: create on alpha (A)"]
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: not _on_screen(app))
        assert not list(notifications(app))


async def test_no_toasts_leaves_transitions_to_the_events_log(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running_pair()
    app = make_app(source, clock, tmp_path, toasts=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await fetched(app, 1)
        _a_failed_b_finished_and_new(source)
        await refresh_now(app, pilot)
        assert not list(notifications(app))
        assert {event.key for event in app.events.newest_first()} == {"A", "B"}
        await pilot.press("y")  # what a key does is still said
        await wait_until(pilot, lambda: bool(list(notifications(app))))


async def test_the_events_log_lists_transitions_newest_first_and_enter_goes_to_one(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running_pair()
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await fetched(app, 1)
        source.set_records(
            record_payload("A", status="processing", blockchain_name="alpha"),
            record_payload("B", status="finished", blockchain_name="bravo"),
        )
        await refresh_now(app, pilot)
        source.set_records(
            record_payload("A", status="failed", blockchain_name="alpha"),
            record_payload("B", status="finished", blockchain_name="bravo"),
            record_payload("C", status="waiting", blockchain_name="charlie"),
        )
        await refresh_now(app, pilot)
        source.set_records(
            record_payload("A", status="failed", blockchain_name="alpha"),
            record_payload("B", status="finished", blockchain_name="bravo"),
            record_payload("C", status="processing", blockchain_name="charlie"),
        )
        await refresh_now(app, pilot)
        assert [n.message for n in notifications(app) if "charlie" in n.message] == [
            "New operation: create on charlie (C)"
        ]  # its start is logged, not announced
        assert app.selected_key == "A"
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(lines) == 4
        assert lines[0].startswith("00:00:00  create on charlie (C)  waiting → processing")
        assert lines[1].startswith("00:00:00  create on alpha (A)  processing → failed")
        assert lines[2].startswith("00:00:00  create on charlie (C)  new → waiting")
        assert lines[3].startswith("00:00:00  create on bravo (B)  processing → finished")
        await pilot.press("end", "enter")  # the oldest: B
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.selected_key == "B" and app.main_screen.table.selected_key == "B"


async def test_the_events_log_is_empty_at_first_and_says_so(
    clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(_running_pair(), clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.press("L")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert "Nothing yet" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def _many_failed_with_long_messages(count: int) -> list[dict[str, Any]]:
    records = []
    for index in range(count):
        record = record_payload(f"F{index}", status="failed", blockchain_name="long")
        # Markup-like server text: shown as it is, never read as markup.
        record["message"] = [f"[bold]quota[/bold] exceeded {index}: " + "x" * 150 + " END"]
        records.append(record)
    return records


@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
async def test_each_event_is_one_line_cut_with_an_ellipsis(
    ascii_only: bool, clock: ManualClock, tmp_path: Path
) -> None:
    source = _running_pair()
    app = make_app(source, clock, tmp_path, toasts=False, ascii=ascii_only)
    async with app.run_test(size=(80, 24)) as pilot:
        await fetched(app, 1)
        source.set_records(*_many_failed_with_long_messages(30))
        await refresh_now(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count >= 30 and options.max_scroll_y > 0  # a scroll bar too
        width = options.scrollable_content_region.width
        ellipsis = "..." if ascii_only else "…"
        long_ones = 0
        for index in range(options.option_count):
            text = str(options.get_option_at_index(index).prompt)
            assert cell_width(text) <= width
            if "quota" in text:
                long_ones += 1
                assert text.endswith(ellipsis) and "[bold]quota[/bold]" in text
        assert long_ones == 30
        # One screen line per event: as many lines as events.
        assert options.virtual_size.height == options.option_count
        rows = [options.render_line(y).text for y in range(options.size.height)]
        assert all("END" not in row for row in rows)
        assert any(row.rstrip().endswith(ellipsis) for row in rows)
