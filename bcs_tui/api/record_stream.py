"""The body's records one at a time, each with the exact text it was sent as.

``json.loads`` of a 10,000-record body builds every record's dicts before any is read,
so the whole decoded tree and the models built from it are alive at once (the peak of
benchmarks/RESULTS.md, row 8). Walking the top-level object here and decoding one record
at a time with the C decoder keeps one record's dicts alive at a time, and gives each
record's text, so a record sent exactly as last time can be recognised without validating
it again (row 5).

Only plain bodies take this path. Anything unusual (not UTF-8, a BOM, escapes of lone
surrogates, integers too long for ``int``, a shape that is not ``{..., "operation_records":
[...]}``, invalid JSON) returns ``None`` and the caller parses the body the ordinary way,
which knows how to repair or reject it (``json_body.load_json_body``).
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bcs_tui.api.json_body import constant_as_text, has_surrogate_escape

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# As json_body does: NaN / Infinity stay text, so only their record is invalid.
_DECODER = json.JSONDecoder(parse_constant=constant_as_text)
# The decoder's C scanner (``raw_decode`` only wraps it), set by ``JSONDecoder.__init__``.
_SCAN: Callable[[str, int], tuple[Any, int]] = vars(_DECODER)["scan_once"]
_SPACES = " \t\n\r"


Fingerprint = tuple[int, int]
"""(hash, length) of a record's text: equal texts, equal records."""

T = TypeVar("T")


@dataclass(frozen=True)
class StreamedBody(Generic[T]):
    count: Any
    """The ``count`` member as sent (``None`` when absent)."""
    records: list[T]


class _NotPlain(Exception):
    """The body needs the ordinary path."""


def stream_body(
    body: bytes,
    on_record: Callable[[Fingerprint, Any], T],
    known: Callable[[Fingerprint], T | None] | None = None,
) -> StreamedBody[T] | None:
    """``on_record(fingerprint, decoded record)`` for each record of a plain body, in order,
    as each is decoded (its dicts can go as soon as ``on_record`` returns); ``None`` when
    the body must be parsed the ordinary way (see the module docstring). With ``known``,
    a record whose fingerprint it knows (it returns what to list for it) is not decoded
    at all (``_split_records``)."""
    text = plain_text(body)
    return None if text is None else stream_text(text, on_record, known)


def plain_text(body: bytes) -> str | None:
    """The body as text, or ``None`` when it needs the ordinary way before any walking:
    not UTF-8, or escapes of surrogates (which ``json_body`` repairs). A caller that owns
    the body can let it go once it has the text (``stream_text``), so the two are not
    held at once for long."""
    if has_surrogate_escape(body):
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def stream_text(
    text: str,
    on_record: Callable[[Fingerprint, Any], T],
    known: Callable[[Fingerprint], T | None] | None = None,
) -> StreamedBody[T] | None:
    """``stream_body`` of a body's ``plain_text``."""
    try:
        count, records = _walk(text, on_record, known)
    except (_NotPlain, ValueError, IndexError, RecursionError):
        return None
    return StreamedBody(count, records)


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


def _expect(text: str, pos: int, char: str) -> int:
    if text[pos] != char:
        raise _NotPlain(char)
    return _skip(text, pos + 1)


def _walk(
    text: str,
    on_record: Callable[[Fingerprint, Any], T],
    known: Callable[[Fingerprint], T | None] | None,
) -> tuple[Any, list[T]]:
    pos = _expect(text, _skip(text, 0), "{")
    count: Any = None
    records: list[T] | None = None
    while text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        if not isinstance(key, str):
            raise _NotPlain("key")
        pos = _expect(text, _skip(text, pos), ":")
        if key == "operation_records":
            if text[pos] != "[":
                raise _NotPlain("operation_records is not an array")
            records = []
            pos = _skip(text, pos + 1)
            end = None if known is None else _split_records(text, pos, records, on_record, known)
            if end is None:
                records.clear()
                end = _records(text, pos, records, on_record)
            pos = end
        else:
            value, pos = _DECODER.raw_decode(text, pos)
            if key == "count":
                count = value
        pos = _skip(text, pos)
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
            if text[pos] != '"':
                raise _NotPlain("a comma not followed by a key")
        elif text[pos] != "}":
            raise _NotPlain(",")
    if _skip(text, pos + 1) != len(text):
        raise _NotPlain("trailing data")
    if records is None:
        raise _NotPlain("no operation_records")
    return count, records


# A record's first key, when it is a plain name (the usual case: "operation_id").
_FIRST_KEY = re.compile(r'\{[ \t\n\r]*"[A-Za-z0-9_]+"[ \t\n\r]*:')


def _split_records(
    text: str,
    pos: int,
    out: list[T],
    on_record: Callable[[Fingerprint, Any], T],
    known: Callable[[Fingerprint], T | None],
) -> int | None:
    """``_records`` without decoding the records ``known`` knows. The text between the
    first two records, from the first one's ``}`` to the second one's first key and its
    colon (say ``},{"operation_id":``), is taken as the cut between any two; each piece
    between cuts is fingerprinted and only unknown pieces are decoded. Returns the
    position after ``]``, or ``None`` when the cuts cannot be trusted (then ``out`` holds
    junk: the caller clears it and walks the array the ordinary way).

    Why a cut can be trusted: in valid JSON an unescaped ``{"`` can only open an object
    (inside a string a quote is escaped, or it closes the string, which a name and ``":``
    cannot follow). A cut inside a record (a nested object led by the same key) leaves the
    piece that starts at that record's ``{`` unclosed: it is neither a known text (each
    was a whole record) nor decodable as a whole, so the walk is refused. Two records
    joined otherwise (other spacing), or anything after the array or not an object in it,
    make a piece more than one value, which is refused too: a decoded value must end
    where its piece does."""
    _, first_end = _DECODER.raw_decode(text, pos)
    if text[first_end - 1] != "}":
        return None
    second = _skip(text, first_end)
    if text[second] != ",":
        return None
    second = _skip(text, second + 1)
    key = _FIRST_KEY.match(text, second)
    if key is None:
        return None
    cut = text[first_end - 1 : key.end()]
    next_start = second - (first_end - 1)  # from a cut's start to the next record's
    start = pos
    found = text.find(cut, start)
    while found >= 0:
        end = found + 1
        piece = text[start:end]
        fingerprint = (hash(piece), len(piece))
        item = known(fingerprint)
        if item is None:
            value, stop = _DECODER.raw_decode(text, start)
            if stop != end:
                return None
            item = on_record(fingerprint, value)
        out.append(item)
        start = found + next_start
        found = text.find(cut, start)
    # The last record: its end is where decoding it stops.
    value, end = _DECODER.raw_decode(text, start)
    piece = text[start:end]
    fingerprint = (hash(piece), len(piece))
    item = known(fingerprint)
    out.append(on_record(fingerprint, value) if item is None else item)
    pos = _skip(text, end)
    return pos + 1 if text[pos] == "]" else None


def _records(text: str, pos: int, out: list[T], on_record: Callable[[Fingerprint, Any], T]) -> int:
    """Decode the array's items into ``out``; returns the position after ``]``. The C
    scanner is called directly (``raw_decode`` is a Python frame around it) and the usual
    ``,`` with no space around is read without a pattern: ~3 us a record of the fresh
    walk's overhead over ``json.loads`` (benchmarks/RESULTS.md, row 2)."""
    if text[pos] == "]":
        return pos + 1
    scan, append, spaces = _SCAN, out.append, _SPACES
    while True:
        try:
            value, end = scan(text, pos)
        except StopIteration:  # no value here (what raw_decode turns into a ValueError)
            raise _NotPlain("not a value") from None
        piece = text[pos:end]
        append(on_record((hash(piece), len(piece)), value))
        char = text[end]
        if char == ",":
            pos = end + 1
            if text[pos] in spaces:
                pos = _skip(text, pos)
        elif char == "]":
            return end + 1
        else:
            pos = _skip(text, end)
            if text[pos] == "]":
                return pos + 1
            pos = _expect(text, pos, ",")
