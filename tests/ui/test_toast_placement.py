"""Toasts keep out of the work: never over a dialog (back when it closes), ``ctrl+l`` works
over one too, in the right half of the screen, two at most below 30 lines; their text is cut
to the toast keeping what matters (a written file's name, a copied ID's end, why an
operation failed); what the user asked for is not pushed out by operation news."""

import copy
from pathlib import Path

from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.main_screen import MainScreen
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.screen_cells import screen_text
from tests.ui.support import (
    ScriptedSource,
    fetched,
    make_app,
    record_payload,
    refresh_now,
    toast_widgets,
    wait_until,
)

LONG_ID = "PLUGIN03-99-1767225597123556123"


def _running(*keys: str) -> ScriptedSource:
    source = ScriptedSource()
    source.set_records(*(record_payload(key, status="processing") for key in keys))
    return source


def _failed(key: str, why: str = "") -> dict[str, object]:
    raw = copy.deepcopy(record_payload(key, status="failed", blockchain_name="alpha"))
    if why:
        step = raw["operation_process"]["Create Other Dependent Resource"]
        step["sub_steps"]["Create network storage"].update(status="failed", message=[why])
    return raw


def _screen(app: DashboardApp) -> str:
    """What the terminal shows, as text."""
    return "\n".join(screen_text(app.export_screenshot()))


def _toast_rows(app: DashboardApp) -> list[str]:
    """The toasts as the terminal shows them (cut as drawn), top first."""
    lines = screen_text(app.export_screenshot())
    found = sorted(toast_widgets(app), key=lambda toast: toast.region.y)
    return [lines[t.region.y][t.content_region.x : t.region.right].strip() for t in found]


async def test_toasts_are_hidden_under_every_dialog_and_come_back_and_ctrl_l_works_there(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running("A")
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await fetched(app, 1)
        source.set_records(_failed("A"))
        await refresh_now(app, pilot)
        await wait_until(pilot, lambda: "Operation failed" in _screen(app))
        for key in ("question_mark", "f", "L", "Y"):  # help, filters, events log, copy menu
            await pilot.press(key)
            await wait_until(pilot, lambda: not isinstance(app.screen, MainScreen))
            await pilot.pause()
            assert "Operation failed" not in _screen(app), key
            await pilot.press("escape")
            await wait_until(pilot, lambda: "Operation failed" in _screen(app))
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("ctrl+l")  # over a dialog, as everywhere
        await wait_until(pilot, lambda: not list(notifications(app)))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and "Operation failed" not in _screen(app)


async def test_at_80x24_two_toasts_at_most_in_the_right_half(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running("A", "B", "C")
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await fetched(app, 1)
        source.set_records(_failed("A"), _failed("B"), record_payload("C"))
        await refresh_now(app, pilot)
        await wait_until(pilot, lambda: len(toast_widgets(app)) == 2)
        await pilot.pause(0.2)
        assert len(toast_widgets(app)) == 2
        rows = _toast_rows(app)
        assert rows[0].startswith("Operation failed: create on alpha")
        assert rows[1] == "and 2 more changes (L: events log)"
        for toast in toast_widgets(app):
            assert toast.region.x >= 40 and toast.region.right == 80


async def test_at_80_columns_a_second_export_and_a_copied_id_show_their_ends(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload(LONG_ID))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await fetched(app, 1)
        await pilot.press("e", "e")
        await wait_until(pilot, lambda: len(toast_widgets(app)) == 2)
        await pilot.pause()
        first, second = _toast_rows(app)
        assert first.startswith("Exported: bcs-oper") and first.endswith("123.json")
        assert second.startswith("Exported: bcs-oper") and second.endswith("-2.json")
        await pilot.press("y")
        await wait_until(pilot, lambda: any("Copied" in row for row in _toast_rows(app)))
        copied = _toast_rows(app)[-1]
        assert copied.startswith("Copied: PLUGIN03-") and copied.endswith("3556123")


async def test_what_the_user_asked_for_is_not_pushed_out_by_operation_news(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running("A", "B")
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await fetched(app, 1)
        await pilot.press("e")
        await wait_until(pilot, lambda: len(toast_widgets(app)) == 1)
        source.set_records(
            _failed("A"), record_payload("B"), *(record_payload(f"N{i}") for i in range(5))
        )
        await refresh_now(app, pilot)
        await wait_until(pilot, lambda: any("more changes" in row for row in _toast_rows(app)))
        await pilot.pause(0.2)
        rows = _toast_rows(app)
        assert len(rows) == 3
        assert rows[0].startswith("Exported: ")
        assert rows[1].startswith("Operation failed: ")
        assert rows[2].startswith("and 5 more changes")


async def test_a_failure_that_finds_no_room_is_shown_when_there_is(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = _running("A")
    app = make_app(source, clock, tmp_path, toast_timeout_s=0.5)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await fetched(app, 1)
        await pilot.press("y", "y", "y")  # three answers fill the screen
        await wait_until(pilot, lambda: len(toast_widgets(app)) == 3)
        source.set_records(_failed("A"))
        await refresh_now(app, pilot)
        assert not any("failed" in n.message for n in notifications(app))
        await wait_until(pilot, lambda: any("failed" in row for row in _toast_rows(app)))


async def test_a_failure_toast_says_why_when_it_fits(clock: ManualClock, tmp_path: Path) -> None:
    source = _running("A")
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await fetched(app, 1)
        source.set_records(_failed("A", why="ImagePullBackOff: image bcs-peer:2.3 not found"))
        await refresh_now(app, pilot)
        await wait_until(pilot, lambda: len(toast_widgets(app)) == 1)
        await pilot.pause()
        (row,) = _toast_rows(app)
        assert row.startswith("Operation failed: create on alpha (A): ImagePullBackOff")
