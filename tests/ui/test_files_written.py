"""Files the dashboard writes (``e`` and the palette's Screenshot) never replace an
earlier one, and the toast says where each went."""

import json
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from bcs_tui.api.client import BcsClient
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.settle import until
from tests.ui.support import fetched, make_app

SIZE = (100, 30)


def _toasts(app: DashboardApp) -> list[str]:
    return [notification.message for notification in notifications(app)]


async def test_exporting_twice_keeps_both_files(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.press("e")
        first = sorted(tmp_path.glob("bcs-operation-*.json"))
        assert len(first) == 1
        written = first[0].read_text()
        await pilot.press("e")
        both = sorted(tmp_path.glob("bcs-operation-*.json"))
    assert len(both) == 2
    second = next(path for path in both if path != first[0])
    assert second.name == first[0].name.replace(".json", "-2.json")
    assert first[0].read_text() == written  # the first export is untouched
    assert json.loads(second.read_text()) == json.loads(written)
    # A path longer than the toast keeps its file's name (cut in its middle if need be).
    said = [t for t in _toasts(app) if t.startswith("Exported: ")]
    assert len(said) == 2
    for toast, path in zip(said, (first[0], second), strict=True):
        assert toast.endswith(path.name[-8:])


async def _run_from_palette(pilot: Pilot[int], title: str) -> None:
    await pilot.press("ctrl+p", *title)
    assert isinstance(pilot.app.screen, CommandPalette)
    hits = pilot.app.screen.query_one(CommandList)
    await until(pilot, lambda: hits.option_count > 0, "the palette's answer")
    await pilot.press("enter")


async def test_the_palettes_screenshot_writes_an_svg_of_the_dashboard_and_says_where(
    client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        await _run_from_palette(pilot, "Screenshot")
        await until(pilot, lambda: len(list(tmp_path.glob("*.svg"))) == 1, "a screenshot")
        app.action_save_screenshot()  # what the palette's command runs, once more
        await until(pilot, lambda: len(list(tmp_path.glob("*.svg"))) == 2, "another one")
    shots = sorted(tmp_path.glob("bcs-tui-screenshot-*.svg"), key=lambda p: len(p.name))
    assert [shot.name for shot in shots] == [
        "bcs-tui-screenshot-2026-01-01T00-00-00Z.svg",
        "bcs-tui-screenshot-2026-01-01T00-00-00Z-2.svg",
    ]
    svg = shots[0].read_text()
    assert svg.startswith("<svg") and "records" in svg
    assert "Search&#160;for&#160;commands" not in svg  # the dashboard, not the palette
    said = [t for t in _toasts(app) if t.startswith("Screenshot saved: ")]
    assert len(said) == 2
    for toast, shot in zip(said, shots, strict=True):
        assert toast.endswith(shot.name[-8:])  # a name too long is cut in its middle
