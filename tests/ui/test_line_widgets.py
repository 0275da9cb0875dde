"""The header and the detail pane on Textual's line API: a clock tick draws only the lines
whose text changed, and text can still be selected with the mouse (as in a ``Static``)."""

import asyncio
from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.selection import Selection

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.detail_view import Piece
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.status_header import StatusHeader
from tests.clock import ManualClock
from tests.ui.support import fetched, make_app, running_sim, sim_client


def _changed_lines(before: str, after: str) -> int:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return sum(1 for a, b in zip(old, new, strict=True) if a != b)


async def _tick(app: DashboardApp, clock: ManualClock, seconds: int) -> None:
    clock.advance(seconds * NS_PER_S)
    await asyncio.wait_for(app.wait_for_tick(), 5)


async def test_a_tick_draws_only_the_lines_whose_text_changed(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=(160, 48)) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                record = app.selected_record
                assert record is not None and record.operation_status.is_running
                header = app.main_screen.query_one(StatusHeader)
                pane = app.main_screen.detail
                header_text, detail_text = str(header.render()), pane.shown_text
                header_drawn, detail_drawn = header.lines_drawn, pane.lines_drawn

                await _tick(app, clock, 30)

                changed = _changed_lines(detail_text, pane.shown_text)
                # A running record's ages, durations and bars move; its names do not.
                assert 0 < changed < len(detail_text.splitlines()) // 2
                assert pane.lines_drawn - detail_drawn == changed
                assert _changed_lines(header_text, str(header.render())) == 1
                assert header.lines_drawn - header_drawn == 1


async def test_text_in_the_detail_pane_and_header_can_be_selected(
    clock: ManualClock, tmp_path: Path
) -> None:
    with running_sim(clock) as sim:
        async with sim_client(sim, clock) as client:
            app = make_app(client, clock, tmp_path)
            async with app.run_test(size=(160, 48)) as pilot:
                await fetched(app, 1)
                await pilot.pause()
                pane = app.main_screen.detail
                header = app.main_screen.query_one(StatusHeader)
                operation = pane.shown_text.splitlines()[0]
                # Where a mouse selection reads its position: each drawn cell says.
                first = pane.render_line(0)
                assert first.text.rstrip() == operation
                offsets = [segment.style.meta["offset"] for segment in first if segment.style]
                assert offsets[0] == (0, 0) and {y for _, y in offsets} == {0}
                app.screen.selections = {
                    pane: Selection(Offset(0, 0), Offset(len(operation), 0)),
                    header: Selection(Offset(0, 1), None),
                }
                await pilot.pause()
                selected = app.screen.get_selected_text()
                assert selected is not None
                assert operation in selected
                assert str(header.render()).splitlines()[1] in selected


class _PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail")


async def test_a_wrapped_line_keeps_to_its_value_column() -> None:
    label = Piece(f"{'Now at':<12}", "label")
    words = " ".join(f"word{index}" for index in range(30))
    message = Piece(" " * 12 + "because " + words, "message")
    app = _PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show([(label, Piece(words, "value")), (message,)], subject="k")
        await pilot.pause()
        lines = [pane.render_line(y).text.rstrip() for y in range(pane.size.height)]
        assert lines[0].startswith("Now at      word0 ")
        continued = [line for line in lines[1:] if line.strip() and "because" not in line]
        assert len(continued) >= 3
        assert all(line.startswith(" " * 12) and line[12] != " " for line in continued)
        assert any(line.startswith(" " * 12 + "because ") for line in lines)
