"""The dashboard: header, record list, detail pane (stacked below the list, or beside it
on very wide terminals), footer."""

from textual.app import ComposeResult
from textual.containers import Container
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from bcs_tui.core.status_view import UNICODE_GLYPHS, GlyphSet
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.key_footer import KeyFooter
from bcs_tui.ui.widgets.record_list import RecordList
from bcs_tui.ui.widgets.search_bar import SearchBar
from bcs_tui.ui.widgets.status_header import ErrorLine, StatusHeader


class MainScreen(Screen[None]):
    """Posts what the user did as messages; the app, which owns the state, handles them."""

    BINDINGS = bindings("list")
    # Side by side only when both the table and the timeline fit in full, each in half the
    # window (a timeline line is up to about 120 cells): below that the detail pane is
    # stacked under the list and has the whole width, rather than 80 columns that wrap.
    SIDE_BY_SIDE_WIDTH = 240
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SIDE_BY_SIDE_WIDTH, "-wide")]  # noqa: RUF012

    class Ready(Message):
        """The screen is composed: the app can render into it."""

    class SearchChanged(Message):
        """The text of the ``/`` search bar changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, glyphs: GlyphSet = UNICODE_GLYPHS) -> None:
        super().__init__()
        # The breakpoint class for the terminal's width from the start: Textual sets it at
        # the first resize, and a class that changes then styles the whole screen again.
        width = self.app.size.width
        self.set_class(width < self.SIDE_BY_SIDE_WIDTH, "-narrow", update=False)
        self.set_class(width >= self.SIDE_BY_SIDE_WIDTH, "-wide", update=False)
        # Kept, not queried: the app draws into them every second.
        self._table = RecordList(id="records", glyphs=glyphs)
        self._detail = DetailPane(id="detail")

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        yield ErrorLine("", id="error-line")
        yield SearchBar(id="search")
        with Container(id="panes"):
            yield self._table
            yield self._detail
        yield KeyFooter()

    @property
    def table(self) -> RecordList:
        if not self._table.is_mounted:
            raise NoMatches("the record list is not mounted yet")
        return self._table

    @property
    def detail(self) -> DetailPane:
        if not self._detail.is_mounted:
            raise NoMatches("the detail pane is not mounted yet")
        return self._detail

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def on_mount(self) -> None:
        self.table.focus()
        self.post_message(self.Ready())

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.search_bar:
            self.post_message(self.SearchChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.search_bar:
            if not event.value.strip():
                self.search_bar.display = False
            self.table.focus()
