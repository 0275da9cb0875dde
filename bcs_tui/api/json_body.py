"""Decoding a response body into JSON values every later step can handle.

``json.loads`` lets through four things that break later steps, each found by the reliability
suite:

- ``NaN`` / ``Infinity``: not JSON (RFC 8259), and ``json.dumps`` writes them back out, so an
  exported record would not be JSON either. They are kept as the strings ``"NaN"`` ... so the
  field fails validation (the record is shown invalid) and the raw record stays exportable.
- an integer of more than 4,300 digits: Python refuses to convert it and the whole body would
  be rejected; it is kept as its digit string instead, so only its record is invalid.
- a lone surrogate escape (``"\\ud800"``): a ``str`` that cannot be encoded, so printing or
  exporting it raises. It becomes U+FFFD.
- bytes that are not UTF-8: one bad byte in one record would reject every record. The body
  is decoded with U+FFFD for what is not UTF-8 instead.

The fast path is plain ``json.loads``; the repairs cost nothing when no body needs them.
"""

import json
import re
import sys
from typing import Any

SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""The escape of a UTF-16 surrogate: the only way a lone surrogate gets into decoded text."""


def has_surrogate_escape(body: bytes) -> bool:
    """Whether ``body`` holds a ``SURROGATE_ESCAPE``. Most bodies hold no backslash at all,
    which one byte search tells (memchr: ~1 ms for 20 MB, where the pattern takes ~20)."""
    return b"\\" in body and SURROGATE_ESCAPE.search(body) is not None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_INT_DIGITS = 4300


def _digits_limit() -> int:
    limit: int = getattr(sys, "get_int_max_str_digits", lambda: _MAX_INT_DIGITS)()
    return limit or sys.maxsize  # 0 means "no limit"


def _keep_long_integers(text: str) -> int | str:
    if len(text.lstrip("-")) > _digits_limit():
        return text
    return int(text)


def constant_as_text(name: str) -> str:
    """``parse_constant`` that keeps ``NaN`` / ``Infinity`` as text (see above)."""
    return name


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _without_lone_surrogates(key): _without_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


def _loads(data: bytes | str) -> Any:
    try:
        return json.loads(data, parse_constant=constant_as_text)
    except ValueError as error:
        if "Exceeds the limit" not in str(error):
            raise
        return json.loads(data, parse_constant=constant_as_text, parse_int=_keep_long_integers)


def load_json_body(body: bytes) -> Any:
    """The decoded body; ``ValueError`` (or ``RecursionError``) when it is not JSON."""
    try:
        payload = _loads(body)
    except UnicodeDecodeError:
        payload = _loads(body.decode("utf-8", errors="replace"))
    # A surrogate can only come from a "\\udXXX" escape: a quick scan decides whether the
    # slow walk is needed.
    if has_surrogate_escape(body):
        payload = _without_lone_surrogates(payload)
    return payload
