"""The blockchain view (``b``): one chain's state and each resource it depends on, with
the provider's detail text; refreshed at the dashboard's interval while open. The chain is
the one of the record selected when it opened; ``esc`` / ``q`` go back."""

from textual.app import ComposeResult
from textual.screen import Screen

from bcs_tui.core.chain_health_cache import HealthKey
from bcs_tui.core.detail_view import DetailLine
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.detail_pane import DetailPane
from bcs_tui.ui.widgets.key_footer import KeyFooter
from bcs_tui.ui.widgets.status_header import ErrorLine, StatusHeader


class BlockchainScreen(Screen[None]):
    BINDINGS = bindings("blockchain")

    def __init__(self, key: HealthKey, record_key: str, name: str | None) -> None:
        super().__init__()
        self.key = key
        self.record_key = record_key
        """The record it was opened from: the app finds the chain's source by it."""
        self.chain_name = name
        """The chain's name as the record gave it (the title before the first answer)."""

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        yield ErrorLine("", id="error-line")
        yield DetailPane(id="chain-view", opened_by_key=True)
        yield KeyFooter()

    @property
    def view(self) -> DetailPane:
        return self.query_one("#chain-view", DetailPane)

    def on_mount(self) -> None:
        self.view.focus()

    def show(self, lines: list[DetailLine]) -> None:
        self.view.show(lines, subject="\0".join(self.key))

    def action_close(self) -> None:
        self.dismiss()
