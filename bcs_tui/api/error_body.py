"""Reading an error response: every body shape the platform is known to send.

The text is the server's, hence untrusted: it is made inert and capped in length before it
goes into an exception message.
"""

import json
from typing import Any

from bcs_tui.api.errors import ApiError, AuthError
from bcs_tui.api.models import json_kind
from bcs_tui.base.safe_text import safe_text

MAX_ERROR_TEXT = 300
MAX_REQUEST_ID = 128
AUTH_STATUSES = frozenset({401, 403})

# (code key, message key) pairs, most specific first.
_FIELD_PAIRS = (
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
    ("error_code", "error_message"),
    ("code", "msg"),
)


def capped(value: object, limit: int = MAX_ERROR_TEXT) -> str | None:
    """Inert, single-line, at most ``limit`` characters; ``None`` for missing or blank."""
    if value is None:
        return None
    text = safe_text(value).strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _fields_of(obj: dict[str, Any]) -> tuple[str | None, str | None] | None:
    for code_key, msg_key in _FIELD_PAIRS:
        if code_key in obj or msg_key in obj:
            return capped(obj.get(code_key)), capped(obj.get(msg_key))
    return None


def _media_type(content_type: str | None) -> str:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return capped(media, 60) or "no content type"


def error_fields(body: bytes, content_type: str | None) -> tuple[str | None, str | None]:
    """(error_code, error_msg) from an error body; never raises, never echoes HTML."""
    if not body.strip():
        return None, "empty response body"
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None, f"non-JSON response ({_media_type(content_type)})"
    if isinstance(payload, dict):
        found = _fields_of(payload)
        if found is not None:
            return found
        nested = payload.get("error")
        if isinstance(nested, dict):
            found = _fields_of(nested)
            if found is not None:
                return found
        elif isinstance(nested, str):
            return None, capped(nested)
        return None, "error body without a code or message"
    return None, f"unexpected error body ({json_kind(payload)})"


def api_error(
    status: int, body: bytes, content_type: str | None, request_id: str | None
) -> ApiError:
    """The typed error for a non-success answer: ``AuthError`` for 401/403."""
    code, message = error_fields(body, content_type)
    if code == str(status):
        code = None  # IAM puts the status itself in "code"; saying it twice helps nobody
    error_type = AuthError if status in AUTH_STATUSES else ApiError
    return error_type(status, code, message, capped(request_id, MAX_REQUEST_ID))
