"""Stored record JSON back into records (the store's reads and the schema's migrations)."""

import json
from collections.abc import Sequence

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.models import OperationRecord, parse_record, parse_records_json


def parse_stored(texts: Sequence[str]) -> list[OperationRecord]:
    """One decoding and validation call for them all, each record alone only when one of
    them does not fit (an invalid record is stored as received). The collector is paused:
    parsing makes millions of objects and no cycle."""
    with collector_paused():
        try:
            return parse_records_json("[" + ",".join(texts) + "]")
        except ValueError:
            return [parse_record(json.loads(text)) for text in texts]
