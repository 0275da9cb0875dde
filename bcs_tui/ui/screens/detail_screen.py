"""The selected record full screen (``enter``); ``esc`` goes back to the list."""

from textual.app import ComposeResult
from textual.screen import Screen

from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.key_footer import KeyFooter
from bcs_tui.ui.widgets.status_header import ErrorLine, StatusHeader


class DetailScreen(Screen[None]):
    BINDINGS = bindings("detail-screen")

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        yield ErrorLine("", id="error-line")
        yield DetailPane(id="full-detail", opened_by_key=True)
        yield KeyFooter()

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#full-detail", DetailPane)

    def on_mount(self) -> None:
        self.detail.focus()
