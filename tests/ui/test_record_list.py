"""The record list on its own, in a running app: it draws only the rows on screen, draws a row
again only when it changed, and moves, pages, scrolls and keeps its place like the table it
replaced."""

from collections.abc import Iterable

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Offset

from bcs_tui.core.record_view import COLUMNS, RowView
from bcs_tui.ui.widgets import record_list as record_list_module
from bcs_tui.ui.widgets.record_list import ROW_LINES_KEPT, RecordList
from tests.ui.settle import until

WIDTH, HEIGHT = 200, 12  # wide enough for every column: no horizontal scroll bar
BODY = HEIGHT - 1  # the header line takes one


def row(key: str, **cells: str) -> RowView:
    texts = {column.key: cells.get(column.key, f"{column.key}-{key}") for column in COLUMNS}
    texts["operation_id"] = key
    return RowView(key=key, style="status-finished", cells=texts)


def rows(count: int) -> list[RowView]:
    return [row(f"OP-{index:05d}") for index in range(count)]


class ListApp(App[None]):
    def __init__(self, initial: Iterable[RowView]) -> None:
        super().__init__()
        self.initial = list(initial)
        self.highlighted: list[str | None] = []
        self.chosen: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield RecordList(id="records")

    def on_mount(self) -> None:
        self.records.sync(self.initial)
        self.records.focus()

    @property
    def records(self) -> RecordList:
        return self.query_one(RecordList)

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        self.highlighted.append(message.key)

    def on_record_list_chosen(self, message: RecordList.Chosen) -> None:
        self.chosen.append(message.key)

    def action_open_detail(self) -> None:
        # Enter is bound to the app's action (keys typed after it go where it leads).
        key = self.query_one(RecordList).selected_key
        if key is not None:  # as the dashboard: nothing to open in an empty list
            self.chosen.append(key)


def shown(records: RecordList) -> list[str]:
    """The lines the list draws now, header first."""
    return [records.render_line(y).text for y in range(records.scrollable_content_region.height)]


async def test_only_the_rows_on_screen_are_drawn_even_at_10000() -> None:
    app = ListApp(rows(10_000))
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        await until(pilot, lambda: records.lines_rendered > 0, "the first rows drawn")
        await pilot.pause()
        assert records.lines_rendered <= BODY
        await pilot.press("G")
        await pilot.pause()
        assert records.selected_key == "OP-09999"
        assert "OP-09999" in shown(records)[-1]
        assert records.lines_rendered <= 2 * BODY
        for _ in range(60):  # far more pages than the cache keeps rows
            await pilot.press("pageup")
        await pilot.pause()
        assert records.lines_rendered <= 62 * BODY
        assert records.cached_lines <= ROW_LINES_KEPT


async def test_a_changed_row_is_drawn_again_alone() -> None:
    listed = rows(5)
    app = ListApp(listed)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        await until(pilot, lambda: records.lines_rendered == 5, "the rows drawn")
        # A new view with the same texts (a tick that changed nothing) draws nothing.
        records.sync([row(view.key) for view in listed])
        await pilot.pause()
        assert records.lines_rendered == 5
        changed = [*listed]
        changed[3] = row("OP-00003", duration="1m02s")
        records.sync(changed)
        await pilot.pause()
        assert records.lines_rendered == 6
        assert "1m02s" in shown(records)[4]


async def test_cursor_keys_paging_and_the_ends() -> None:
    app = ListApp(rows(100))
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        await pilot.pause()
        assert records.cursor_row == 0
        await pilot.press("j", "down", "j")
        assert records.cursor_row == 3
        await pilot.press("k")
        assert records.cursor_row == 2
        await pilot.press("pagedown")
        assert records.cursor_row == 2 + BODY
        await pilot.press("pageup")
        assert records.cursor_row == 2
        await pilot.press("G")
        assert records.cursor_row == 99 and records.scroll_offset.y == 100 - BODY
        await pilot.press("j")
        assert records.cursor_row == 99
        await pilot.press("g")
        assert records.cursor_row == 0 and records.scroll_offset.y == 0
        await pilot.press("end", "up", "home")
        assert records.cursor_row == 0
        await pilot.pause()
        assert app.highlighted[-1] == "OP-00000" and "OP-00099" in app.highlighted
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == ["OP-00000"]


async def test_the_selection_stays_on_its_record_across_a_refresh() -> None:
    listed = rows(6)
    app = ListApp(listed)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        await pilot.pause()
        await pilot.press("j", "j")
        assert records.selected_key == "OP-00002"
        records.sync(list(reversed(listed)))
        assert records.selected_key == "OP-00002" and records.cursor_row == 3
        await pilot.pause()
        assert "OP-00002" in shown(records)[1 + 3]
        # Its record gone: the cursor stays at its position, on the record now there.
        records.sync([view for view in listed if view.key != "OP-00002"])
        assert records.cursor_row == 3 and records.selected_key == "OP-00004"
        # ``keep`` names the record to stay on.
        records.sync(listed, keep="OP-00005")
        assert records.selected_key == "OP-00005"


@pytest.mark.parametrize("count", [0, 1])
async def test_an_empty_list_shows_only_the_titles(count: int) -> None:
    app = ListApp(rows(count))
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        await pilot.pause()
        records.sync([])
        await pilot.pause()
        assert records.row_count == 0 and records.selected_key is None
        lines = shown(records)
        assert "Status" in lines[0]
        assert all(not line.strip() for line in lines[1:])
        await pilot.press("j", "G", "enter")
        assert app.chosen == []


async def test_columns_fit_the_widest_text_and_scroll_sideways_when_they_overflow() -> None:
    app = ListApp([row("A", blockchain="short")])
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        records = app.records
        await pilot.pause()
        assert records.column_widths["blockchain"] == len("Blockchain")
        wide = "a-considerably-longer-chain"
        records.sync([row("A", blockchain=wide)])
        assert records.column_widths["blockchain"] == len(wide)
        records.sync([row("A", blockchain="tiny")])
        assert records.column_widths["blockchain"] == len("Blockchain")
        await pilot.pause()
        assert records.virtual_size.width > records.size.width
        assert shown(records)[0].startswith(" Status ")
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert records.scroll_offset.x == 3
        assert shown(records)[0].startswith("atus ")
        assert shown(records)[1].startswith(records.get_cell("A", "status").plain[2:])


async def test_a_click_selects_and_a_click_on_the_selection_chooses() -> None:
    app = ListApp(rows(5))
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        await pilot.pause()
        await pilot.click(RecordList, offset=Offset(5, 1 + 2))
        assert records.selected_key == "OP-00002" and app.chosen == []
        await pilot.click(RecordList, offset=Offset(5, 1 + 2))
        await pilot.pause()
        assert app.chosen == ["OP-00002"]
        await pilot.click(RecordList, offset=Offset(5, 0))  # the titles
        await pilot.click(RecordList, offset=Offset(5, 1 + 8))  # below the last row
        assert records.selected_key == "OP-00002"


async def test_a_sync_told_the_places_that_changed_looks_at_those_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ListApp(rows(2_000))
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        records = app.records
        before = app.initial  # the very list synced
        await pilot.pause()
        after = list(before)
        after[3] = row("OP-00003", blockchain="renamed")
        after[1_500] = row("OP-01500", blockchain="far below")

        def no_full_pass(*_: object) -> None:
            raise AssertionError("every row was compared")

        monkeypatch.setattr(record_list_module, "_places_in_same_order", no_full_pass)
        records.sync(after, since=(before, (3, 1_500)))
        await pilot.pause()
        told = shown(records)
        assert any("renamed" in line for line in told)
        monkeypatch.undo()
        # The same text as a list synced from scratch with the same rows.
        fresh = ListApp(after)
        async with fresh.run_test(size=(WIDTH, HEIGHT)) as fresh_pilot:
            await fresh_pilot.pause()
            assert shown(fresh.records) == told
        # A hint against another list than the one last synced is not trusted.
        again = list(after)
        again[4] = row("OP-00004", blockchain="changed too")
        records.sync(again, since=(before, (3,)))
        await pilot.pause()
        assert any("changed too" in line for line in shown(records))
