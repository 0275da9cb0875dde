"""The five query filters of "list operation records", validated before anything is sent."""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from bcs_tui.api.errors import InvalidFilterError
from bcs_tui.api.models import OPERATION_TYPE_NAMES, RESOURCE_TYPE_NAMES
from bcs_tui.base.status import API_STATUSES

ALLOWED_VALUES: Mapping[str, tuple[str, ...]] = {
    "operation_status": tuple(status.value for status in API_STATUSES),
    "resource_type": tuple(RESOURCE_TYPE_NAMES),
    "operation_type": tuple(OPERATION_TYPE_NAMES),
}


def invalid_filter_reason(name: str, value: str) -> str | None:
    """Why ``value`` is not accepted for the filter ``name``, or ``None`` when it is."""
    allowed = ALLOWED_VALUES.get(name)
    if allowed is not None and value not in allowed:
        return f"{name} must be one of {', '.join(allowed)}; got {value!r}"
    if name not in ALLOWED_VALUES and (not value.strip() or len(value) > 256):
        return f"{name} must be a non-empty ID of at most 256 characters"
    return None


@dataclass(frozen=True)
class RecordFilters:
    """Server-side filters; ``None`` means "not filtered on this field"."""

    blockchain_id: str | None = None
    operation_id: str | None = None
    operation_status: str | None = None
    resource_type: str | None = None
    operation_type: str | None = None

    def __post_init__(self) -> None:
        for name, value in self.items():
            reason = invalid_filter_reason(name, value)
            if reason is not None:
                raise InvalidFilterError(reason)

    def items(self) -> list[tuple[str, str]]:
        """The set filters as (query name, value) pairs, in a stable order."""
        pairs = [(field.name, getattr(self, field.name)) for field in fields(self)]
        return [(name, value) for name, value in pairs if value is not None]

    def to_query(self) -> dict[str, str]:
        return dict(self.items())
