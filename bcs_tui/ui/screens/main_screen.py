"""The dashboard: header, record list, detail pane (stacked below the list, or beside it
on very wide terminals), footer."""

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input

from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.record_table import RecordTable
from bcs_tui.ui.widgets.search_bar import SearchBar
from bcs_tui.ui.widgets.status_header import ErrorLine, StatusHeader

if TYPE_CHECKING:
    from bcs_tui.ui.app import DashboardApp


class MainScreen(Screen[None]):
    BINDINGS = bindings("list")
    # Side by side only when both the table and the timeline fit in full.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (180, "-wide")]  # noqa: RUF012 (Textual's type)

    @property
    def dashboard(self) -> "DashboardApp":
        return cast("DashboardApp", self.app)

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        yield ErrorLine("", id="error-line")
        yield SearchBar(id="search")
        with Container(id="panes"):
            yield RecordTable(id="records")
            yield DetailPane(id="detail")
        yield Footer()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        self.table.focus()
        self.dashboard.render_views()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.dashboard.select_record(self.table.selected_key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dashboard.select_record(self.table.selected_key)
        self.dashboard.action_open_detail()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.search_bar:
            self.dashboard.set_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.search_bar:
            if not event.value.strip():
                self.search_bar.display = False
            self.table.focus()
