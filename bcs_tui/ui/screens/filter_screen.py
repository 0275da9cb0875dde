"""``f``: server-side filters (status, resource type, operation type, blockchain ID,
operation ID); the result becomes the query parameters of the next fetch."""

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from bcs_tui.api.errors import InvalidFilterError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OPERATION_TYPE_NAMES, RESOURCE_TYPE_NAMES
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import API_STATUSES


def _choice(value: object) -> str | None:
    return value if isinstance(value, str) else None


class FilterScreen(ModalScreen[RecordFilters | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filters.cancel")
    ]

    def __init__(self, current: RecordFilters) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        current = self._current
        with VerticalScroll(id="filter-box") as box:
            box.border_title = "Server-side filters"
            # Each label beside its field: the five fields and the buttons fit at 80x24.
            with Horizontal(classes="filter-row"):
                yield Label("Status")
                yield Select(
                    [(status.word, status.value) for status in API_STATUSES],
                    value=current.operation_status or Select.NULL,
                    prompt="any status",
                    id="filter-status",
                )
            with Horizontal(classes="filter-row"):
                yield Label("Resource type")
                yield Select(
                    [(f"{code} {name}", code) for code, name in RESOURCE_TYPE_NAMES.items()],
                    value=current.resource_type or Select.NULL,
                    prompt="any resource type",
                    id="filter-resource",
                )
            with Horizontal(classes="filter-row"):
                yield Label("Operation type")
                yield Select(
                    [(f"{code} {name}", code) for code, name in OPERATION_TYPE_NAMES.items()],
                    value=current.operation_type or Select.NULL,
                    prompt="any operation type",
                    id="filter-operation",
                )
            with Horizontal(classes="filter-row"):
                yield Label("Blockchain ID")
                yield Input(current.blockchain_id or "", placeholder="any", id="filter-blockchain")
            with Horizontal(classes="filter-row"):
                yield Label("Operation ID")
                yield Input(current.operation_id or "", placeholder="any", id="filter-operation-id")
            yield Label("", id="filter-error")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Clear", id="filter-clear")
                yield Button("Cancel", id="filter-cancel")

    def on_mount(self) -> None:
        self.query_one("#filter-status", Select).focus()

    def chosen_filters(self) -> RecordFilters:
        """Raises ``InvalidFilterError`` for a value the API would refuse."""
        blockchain = self.query_one("#filter-blockchain", Input).value.strip()
        operation = self.query_one("#filter-operation-id", Input).value.strip()
        return RecordFilters(
            operation_status=_choice(self.query_one("#filter-status", Select).value),
            resource_type=_choice(self.query_one("#filter-resource", Select).value),
            operation_type=_choice(self.query_one("#filter-operation", Select).value),
            blockchain_id=blockchain or None,
            operation_id=operation or None,
        )

    def _apply(self) -> None:
        try:
            filters = self.chosen_filters()
        except InvalidFilterError as error:
            self.query_one("#filter-error", Label).update(Text(safe_text(str(error))))
            return
        self.dismiss(filters)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "filter-apply":
            self._apply()
        elif event.button.id == "filter-clear":
            self.dismiss(RecordFilters())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
