"""The JSON pieces every multi-source command prints the same way: where a source is, and
an error as the API reported it (``records``, ``chains`` and ``sources`` share them)."""

from typing import Any

from bcs_tui.api.errors import ApiError
from bcs_tui.config import SourceSettings


def source_place_json(source: SourceSettings) -> dict[str, Any]:
    """``{"name", "region", "project_id"}``: which source an entry is about."""
    return {"name": source.name, "region": source.region, "project_id": source.project_id}


def error_json(error: Exception) -> dict[str, Any]:
    """An error as the API reported it; without an HTTP answer (network, bad body), only
    the message is known."""
    if isinstance(error, ApiError):
        return {
            "http_status": error.status,
            "error_code": error.error_code,
            "error_msg": error.error_msg,
            "request_id": error.request_id,
        }
    return {"http_status": None, "error_code": None, "error_msg": str(error), "request_id": None}
