"""Stored record JSON back into records (the store's reads and the schema's migrations)."""

import json
from collections.abc import Sequence

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.models import OperationRecord, parse_record, parse_records_json

PARSED_AT_ONCE = 200
"""Records decoded and validated in one call: one call holds the interpreter lock
throughout (about 45 us a record), and the dashboard reads its history on a thread beside
the UI's, which must get its turn every few milliseconds."""


def parse_stored(texts: Sequence[str]) -> list[OperationRecord]:
    """One decoding and validation call for each ``PARSED_AT_ONCE`` of them, each record
    alone only when one of them does not fit (an invalid record is stored as received).
    The collector is paused: parsing makes millions of objects and no cycle."""
    records: list[OperationRecord] = []
    with collector_paused():
        for first in range(0, len(texts), PARSED_AT_ONCE):
            chunk = texts[first : first + PARSED_AT_ONCE]
            try:
                records += parse_records_json("[" + ",".join(chunk) + "]")
            except ValueError:
                records += [parse_record(json.loads(text)) for text in chunk]
    return records
