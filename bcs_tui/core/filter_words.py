"""The server filters in words, as the header names them (``status: failed``, ``type:
create``, ``blockchain: chain-a``), not as the API's query parameter names."""

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import operation_type_name, resource_type_name
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.status import Status

_FILTER_NAMES = {
    "operation_status": "status",
    "resource_type": "resource",
    "operation_type": "type",
    "blockchain_id": "blockchain",
    "operation_id": "operation",
}


def _value_words(name: str, value: str) -> str:
    if name == "operation_status":
        return Status(value).word
    if name == "operation_type":
        return operation_type_name(value)
    if name == "resource_type":
        return resource_type_name(value)
    return value


def filter_words(filters: RecordFilters) -> str:
    """``status: failed, type: create``; empty when nothing is filtered. Status first,
    IDs last: the short words stay visible when the header clips a long line."""
    order = list(_FILTER_NAMES)
    pairs = sorted(filters.items(), key=lambda pair: order.index(pair[0]))
    return ", ".join(
        f"{_FILTER_NAMES[name]}: {safe_text(_value_words(name, value))}" for name, value in pairs
    )


def nothing_listed_text(filters: RecordFilters) -> str:
    """What the list says when the server listed no operation for ``filters``: with
    filters, that they match nothing and how to change them (``f``), not "no record
    selected"."""
    words = filter_words(filters)
    if not words:
        return "No operation records in this project."
    return f"No operation matches the server filters ({words}); f changes them."
