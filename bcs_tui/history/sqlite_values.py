"""Server values as SQLite can bind them: its integers are 64 bits and its text UTF-8, while
a record the model accepts may hold a larger integer or a lone surrogate (a JSON escape of
half a pair). Binding either raises, and would lose the whole poll's transaction."""

INT64 = range(-(2**63), 2**63)


def fits_int64(value: int) -> bool:
    return value in INT64


def int64_or_none(value: int | None) -> int | None:
    """A column copied from a record: ``NULL`` when SQLite cannot hold it (the record's
    JSON beside it keeps the exact value)."""
    return value if value is None or value in INT64 else None


def is_storable(text: str) -> bool:
    """True when ``text`` encodes to UTF-8 (nearly always: ASCII answers at once)."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def storable_text(text: str) -> str:
    """``text``, or with each lone surrogate written as its ``\\udXXX`` escape: a key or a
    filter column stays distinct and readable, the record's own JSON stays exact."""
    return text if is_storable(text) else text.encode("utf-8", "backslashreplace").decode()


def storable_or_none(text: str | None) -> str | None:
    return None if text is None else storable_text(text)
