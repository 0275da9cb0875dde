"""What a poll costs when little or nothing changed.

The API has no pagination and no ETag, so a dashboard downloads the whole list on every
poll. Most polls return exactly the bytes of the previous one: hashing 21 MB (10,000
records) takes ~15 ms where parsing takes hundreds, and the very same immutable
``RecordList`` comes back, so callers can tell "nothing changed" by identity and skip
their own work too. When the body did change, usually a few records did: each record
sent exactly as last time keeps its (immutable) model, and only the others are validated
(benchmarks/RESULTS.md, rows 4, 5 and 7).
"""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.models import OperationRecord, RecordList, parse_record, record_list
from bcs_tui.api.record_stream import Fingerprint, stream_body


class BodyReuse:
    def __init__(self, parse: Callable[[bytes], RecordList]) -> None:
        self._parse = parse
        self._digest: bytes | None = None
        self._records: RecordList | None = None
        self._by_text: dict[Fingerprint, OperationRecord] = {}

    def records(self, body: bytes) -> RecordList:
        """The body's records: the previous result when ``body`` is byte-for-byte the same;
        else per record the previous model when its text is the same. A body that is not
        plain goes to ``parse`` (which raises for one that cannot be read); a body that
        fails is not remembered."""
        digest = hashlib.sha256(body).digest()  # hardware-accelerated: 2x blake2b here
        if digest == self._digest and self._records is not None:
            return self._records
        previous = self._by_text
        by_text: dict[Fingerprint, OperationRecord] = {}
        # After a whole parse there are no fingerprints yet: an equal record with the same
        # ID stands in, once, so the second poll does not make every row look new.
        equal_to = {} if previous else _by_id(self._records)

        def model_for(fingerprint: Fingerprint, raw: Any) -> OperationRecord:
            model = previous.get(fingerprint)
            if model is None:
                model = parse_record(raw)
                same = equal_to.get(model.operation_id)
                if same is not None and same == model:
                    model = same
            by_text[fingerprint] = model
            return model

        def known(fingerprint: Fingerprint) -> OperationRecord | None:
            model = previous.get(fingerprint)
            if model is not None:
                by_text[fingerprint] = model
            return model

        with collector_paused():
            # The first body is parsed whole: walking one record at a time costs ~20% more
            # than one json.loads at 10,000 records and lowers the peak by only ~10%; it
            # pays once there are records to reuse.
            streamed = stream_body(body, model_for, known) if self._records is not None else None
            if streamed is None:
                by_text = {}
                result = self._parse(body)
            else:
                result = record_list(streamed.count, streamed.records)
        self._digest, self._records, self._by_text = digest, result, by_text
        return result


def _by_id(result: RecordList | None) -> dict[str | None, OperationRecord]:
    if result is None:
        return {}
    return {record.operation_id: record for record in result.records if record.is_valid}


class BodyReuseByQuery:
    """A ``BodyReuse`` per query: the dashboard polls running operations one by one
    (``operation_id``) between whole lists, and those small answers must not make the
    next whole list a full parse. The least recently used queries are forgotten first."""

    def __init__(self, parse: Callable[[bytes], RecordList], *, keep: int = 32) -> None:
        self._parse = parse
        self._keep = keep
        self._by_query: dict[tuple[tuple[str, str], ...], BodyReuse] = {}

    def records(self, query: Mapping[str, str], body: bytes) -> RecordList:
        key = tuple(sorted(query.items()))
        reuse = self._by_query.pop(key, None) or BodyReuse(self._parse)
        self._by_query[key] = reuse  # now the most recently used
        while len(self._by_query) > self._keep:
            del self._by_query[next(iter(self._by_query))]
        return reuse.records(body)
