"""The simulator's own check of the list query's filters, written from the API reference.

Not shared with the client's validation (``api/filters.py``): a value the client wrongly lets
through must reach this check and get the service's 400.
"""

from collections.abc import Mapping

from bcs_tui.base.status import API_STATUSES
from bcs_tui.sim.catalog import (
    BLOCKCHAIN_CHAINS,
    BLOCKCHAIN_RESOURCE_TYPES,
    PLUGIN_RESOURCE_TYPES,
)

_ENUMERATED: Mapping[str, tuple[str, ...]] = {
    "operation_status": tuple(status.value for status in API_STATUSES),
    "resource_type": BLOCKCHAIN_RESOURCE_TYPES + PLUGIN_RESOURCE_TYPES,
    "operation_type": tuple(BLOCKCHAIN_CHAINS),
}
"""Every documented value; blockchains offer every operation type the API documents."""

_MAX_ID_LENGTH = 256


def filter_error(name: str, value: str) -> str | None:
    """The 400 message for a filter value the service refuses, or ``None`` when accepted.
    ``name`` is one of ``engine.FILTER_FIELDS``; those not enumerated are IDs."""
    allowed = _ENUMERATED.get(name)
    if allowed is not None:
        if value in allowed:
            return None
        return f"{name} must be one of {', '.join(allowed)}; got {value!r}"
    if not value.strip() or len(value) > _MAX_ID_LENGTH:
        return f"{name} must be a non-empty ID of at most {_MAX_ID_LENGTH} characters"
    return None
